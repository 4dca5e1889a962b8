"""An error page speaks one language, as every page does: the reader's once
its strings are translated there, else English, never a page whose
attributes say Kurdish while its labels are English. Proven on a second
organisation's site made by `hikaya new-site` in English, Arabic (which the
engine has) and Kurdish (which it lacks), with the site's own strings on
every page (the menu's program, the site's title) translated in both."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from app import create_app
from app.config import ENGINE

from .catalogs.test_engine_override import hikaya, new_site
from .support import soup

PROGRAM = {"ar": "برنامج", "ckb": "بەرنامە"}  # the test's own translations
ENGINE_AR = polib.pofile(str(ENGINE / "translations" / "ar" / "LC_MESSAGES" / "hikaya.po"))


def catalog(site: Path, code: str) -> Path:
    return site / "translations" / code / "LC_MESSAGES" / "messages.po"


def translate(site: Path, code: str, pick) -> None:
    """Give every entry of the site's `code` catalog that `pick` chooses a
    translation of the test's own, placeholders and markup kept."""
    po = polib.pofile(str(catalog(site, code)))
    for entry in po:
        if pick(entry):
            text = PROGRAM[code] if entry.msgid == "Program" else f"{code}: {entry.msgid}"
            if entry.msgid_plural:
                entry.msgstr_plural = {n: f"{code}: {entry.msgid_plural}"
                                       for n in entry.msgstr_plural}
            else:
                entry.msgstr = text
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save()
    hikaya(site, "translate", "compile")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    made = new_site(tmp_path_factory.mktemp("errors"), "en,ar,ckb")
    for code in PROGRAM:
        translate(made, code, lambda entry: entry.msgid == "Program" or any(
            path == "site.toml" for path, _ in entry.occurrences))  # and the site's title
    return made


def client_of(site: Path, **config):
    return create_app({"SITE_DIR": str(site), "TESTING": True, "CATALOG_CACHE": None,
                       "CONTENT_CACHE": None, **config}).test_client()


def page_language(response) -> tuple[str, str, list[str]]:
    doc = soup(response)
    labels = [tag["aria-label"] for tag in doc.select("[aria-label]")]
    return doc.html["lang"], doc.html["dir"], labels


@pytest.mark.parametrize("path", ["/ckb/no-such-page/", "/ckb/stories/no-such-story/"])
def test_in_a_language_whose_engine_strings_are_untranslated_the_404_is_english(site, path):
    response = client_of(site).get(path)
    assert response.status_code == 404
    assert page_language(response) == ("en", "ltr", ["Language", "Main"])
    assert soup(response).h1.get_text() == "Page not found"


def test_in_arabic_the_404_has_the_engines_arabic(site):
    response = client_of(site).get("/ar/no-such-page/")
    assert response.status_code == 404
    arabic = [ENGINE_AR.find(text).msgstr for text in ("Language", "Main")]
    assert page_language(response) == ("ar", "rtl", arabic)
    assert soup(response).h1.get_text() == ENGINE_AR.find("Page not found").msgstr


def test_the_500_page_follows_the_same_rule(site, tmp_path):
    """A page that fails: its 500 page is Arabic in Arabic, English in Kurdish."""
    broken = tmp_path / "templates" / "pages"
    broken.mkdir(parents=True)
    (broken / "join.html").write_text(
        '{% extends "layouts/base.html" %}{% block content %}{{ no_such.thing }}{% endblock %}')
    client = client_of(site, TEMPLATES_DIR=str(tmp_path / "templates"), TESTING=False,
                       PROPAGATE_EXCEPTIONS=False, HIKAYA_ENV="development")
    for code, expected in (("ar", ("ar", "rtl")), ("ckb", ("en", "ltr"))):
        response = client.get(f"/{code}/join/")
        assert response.status_code == 500, code
        assert page_language(response)[:2] == expected, code


def test_once_kurdish_has_the_engines_strings_its_404_is_kurdish(site, tmp_path):
    """The rule, not a list: translated, the error page is the reader's."""
    copy = tmp_path / "org"
    shutil.copytree(site, copy)
    translate(copy, "ckb", lambda entry: not entry.translated())
    response = client_of(copy).get("/ckb/no-such-page/")
    assert response.status_code == 404
    assert page_language(response) == ("ckb", "rtl", ["ckb: Language", "ckb: Main"])


def test_the_accessibility_run_checks_the_404_where_it_is_published(site):
    """`hikaya a11y` expects a language's 404 page in that language: it
    checks it in the languages it is published in, as every page."""
    from app.a11y.cli import site_targets

    app = create_app({"SITE_DIR": str(site), "TESTING": True, "CATALOG_CACHE": None,
                      "CONTENT_CACHE": None})
    with app.app_context():
        checked = {t.locale for t in site_targets("http://127.0.0.1:1/") if t.status == 404}
    assert checked == {"en", "ar"}
