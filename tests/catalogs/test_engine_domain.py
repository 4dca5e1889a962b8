"""The engine's own messages (every message of a file inside the package) are
in their own gettext domain, `hikaya`, shipped in app/translations: a page
looks a message up in the site's catalog, then the engine's, then shows the
English. Each test points the app at a copy of the engine's catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from app.catalogs import files

from ..support import build, po_path, set_translation, soup, touch_later

ROOT = Path(__file__).resolve().parents[2]
START = "Read more about our work"  # the join page's h2: emptied, so the join page is not published
NOTICE = "This page is not available in %(language)s yet. You can read it in %(languages)s."
NOTICE_PLURAL = ("This page is not available in %(language)s yet. You can read it in these "
                 "languages: %(languages)s.")


@pytest.fixture
def engine(tmp_path) -> Path:
    target = tmp_path / "engine"
    shutil.copytree(files.ENGINE_TRANSLATIONS, target)
    return target


def engine_forms(engine: Path, code: str) -> dict[int, str]:
    entry = polib.pofile(str(files.po_path(engine, code, files.ENGINE_DOMAIN))).find(NOTICE)
    return dict(entry.msgstr_plural)


def untranslate_everything(translations: Path, code: str) -> None:
    """The site's catalog of `code` as a new site has it: every message, none translated."""
    path = po_path(translations, code)
    po = polib.pofile(str(path), wrapwidth=100)
    for entry in po:
        entry.msgstr = ""
        entry.msgstr_plural = {i: "" for i in entry.msgstr_plural}
    po.save(str(path))


def notice(app, code: str):
    return soup(app.test_client().get(f"/{code}/join/")).find("p", class_="publish-notice")


def test_a_site_that_translated_nothing_has_the_engines_arabic(translations, engine):
    untranslate_everything(translations, "ar")
    shown = notice(build(translations, ENGINE_TRANSLATIONS_DIR=str(engine)), "ar")
    assert shown["lang"] == "ar"
    assert shown.find("span", lang="en") is None
    assert shown.get_text(" ", strip=True).startswith("لم تُترجَم هذه الصفحة إلى العربية بعد")


def test_without_the_engines_catalog_the_notice_is_marked_english(translations, tmp_path):
    untranslate_everything(translations, "ar")
    shown = notice(build(translations, ENGINE_TRANSLATIONS_DIR=str(tmp_path / "none")), "ar")
    english = shown.find("span", lang="en")
    assert english is not None and english.get_text().startswith("This page is not available")


def test_a_site_translation_overrides_the_engines(translations, engine):
    set_translation(translations, "tr", START, "")
    path = po_path(translations, "tr")
    po = polib.pofile(str(path), wrapwidth=100)
    po.append(polib.POEntry(msgid=NOTICE, msgid_plural=NOTICE_PLURAL, msgstr_plural={
        0: "Sitenin sözü: %(language)s yok, %(languages)s var.",
        1: "Sitenin sözü: %(language)s yok; %(languages)s var."}))
    po.save(str(path))
    app = build(translations, ENGINE_TRANSLATIONS_DIR=str(engine))
    assert notice(app, "tr").get_text(" ", strip=True).startswith("Sitenin sözü: Türkçe yok;")
    assert engine_forms(engine, "tr")[1] not in str(notice(app, "tr"))


def test_development_rereads_the_engines_catalog(translations, engine):
    set_translation(translations, "tr", START, "")
    app = build(translations, ENGINE_TRANSLATIONS_DIR=str(engine))
    assert "Motorun yeni sözü" not in str(notice(app, "tr"))
    path = files.po_path(engine, "tr", files.ENGINE_DOMAIN)
    po = polib.pofile(str(path), wrapwidth=100)
    po.find(NOTICE).msgstr_plural[1] = "Motorun yeni sözü: %(language)s, %(languages)s."
    po.save(str(path))
    touch_later(path)
    assert notice(app, "tr").get_text(" ", strip=True).startswith("Motorun yeni sözü: Türkçe,")


def test_extraction_puts_each_message_in_its_domain(translations, engine):
    runner = build(translations, ENGINE_TRANSLATIONS_DIR=str(engine)).test_cli_runner()
    assert runner.invoke(args=["translate", "extract"]).exit_code == 0
    assert runner.invoke(args=["translate", "extract", "--engine"]).exit_code == 0
    site = polib.pofile(str(files.pot_path(translations)))
    own = polib.pofile(str(files.pot_path(engine, files.ENGINE_DOMAIN)))
    assert site.find(NOTICE) is None and site.find(START) is not None
    assert own.find(NOTICE) is not None and own.find(START) is None
    assert all(path.startswith("app/") for e in own for path, _ in e.occurrences)
    assert not any(path.startswith("app/") for e in site for path, _ in e.occurrences
                   if all(p.startswith("app/") for p, _ in e.occurrences))
