"""Pseudo-locales show hard-coded strings and layout that breaks with longer
or right-to-left text, in development and tests only."""

from __future__ import annotations

import re

import polib

from app.catalogs.files import ENGINE_TRANSLATIONS

from ..support import FIXTURE_SITE, LOCALES, build, po_path, soup


def pseudo_client(translations, **config):
    return build(translations, PSEUDO_LOCALES=True, **config).test_client()


def test_accented_pseudo_locale(translations):
    response = pseudo_client(translations).get("/en-XA/programs/syria/")
    assert response.status_code == 200
    doc = soup(response)
    assert doc.html["lang"] == "en-XA" and doc.html["dir"] == "ltr"
    h1 = doc.h1.get_text()
    assert h1.startswith("[") and h1.endswith("]") and "···" in h1
    assert "Ŵôŕļđ" in h1 or "ŵôŕļđ" in h1
    # Placeholders were kept: figures are still isolated numbers.
    assert len(doc.select(".figures .figure__number bdi")) == 3
    assert "4 million" in doc.find("ul", class_="figures").get_text(" ")


def test_mirrored_pseudo_locale_is_right_to_left(translations):
    doc = soup(pseudo_client(translations).get("/ar-XB/stories/"))
    assert doc.html["lang"] == "ar-XB" and doc.html["dir"] == "rtl"
    assert "\u202e" in doc.h1.get_text()
    # The count of stories is a placeholder: kept, as a number of its own.
    count = len(list((FIXTURE_SITE / "content" / "stories").glob("*.md")))
    assert re.search(rf"\b{count}\b", doc.find("p", class_="lead").get_text())


def test_pseudo_locales_pass_the_page_rules(translations):
    """They keep placeholders and markup: no string falls back to English."""
    doc = soup(pseudo_client(translations).get("/en-XA/"))
    assert not doc.find("main").find_all("span", lang="en")


def test_pseudo_locales_are_never_offered(translations):
    client = pseudo_client(translations)
    doc = soup(client.get("/en/"))
    offered = {a["hreflang"] for a in doc.select("nav.languages a")}
    assert offered == set(LOCALES)
    assert "XA" not in client.get("/sitemap.xml").get_data(as_text=True)
    assert client.get("/", headers={"Accept-Language": "en-XA"}).headers["Location"] == "/en/"


def test_off_by_default_and_never_in_production(translations):
    assert build(translations).test_client().get("/en-XA/").status_code == 404
    runner = build(translations).test_cli_runner()
    assert runner.invoke(args=["translate", "compile"]).exit_code == 0
    production = build(translations, TESTING=False, HIKAYA_ENV="production", PSEUDO_LOCALES=True)
    assert production.test_client().get("/en-XA/").status_code == 404


def test_pseudo_command_writes_catalogs(translations, tmp_path):
    out = tmp_path / "pseudo-out"
    runner = build(translations, PSEUDO_DIR=str(out)).test_cli_runner()
    result = runner.invoke(args=["translate", "pseudo"])
    assert result.exit_code == 0, result.output
    # The site's messages and the engine's (app/translations/hikaya.pot).
    keys = {(e.msgctxt, e.msgid) for pot in (translations / "messages.pot",
                                             ENGINE_TRANSLATIONS / "hikaya.pot")
            for e in polib.pofile(str(pot)) if e.msgid}
    for code, nplurals in (("en_XA", 2), ("ar_XB", 6)):
        po = polib.pofile(str(po_path(out, code)))
        assert {(e.msgctxt, e.msgid) for e in po} == keys
        assert po.percent_translated() == 100
        plurals = [e for e in po if e.msgid_plural]
        assert plurals
        for plural in plurals:
            assert len(plural.msgstr_plural) == nplurals
            placeholders = set(re.findall(r"%\(\w+\)s", plural.msgid_plural))
            for form in plural.msgstr_plural.values():
                assert placeholders <= set(re.findall(r"%\(\w+\)s", form)), (plural.msgid, form)
        assert po_path(out, code).with_suffix(".mo").is_file()
    accented = polib.pofile(str(po_path(out, "en_XA")))
    def text(s):
        return re.sub(r"%\(\w+\)s", "", s)

    for entry in accented:
        if entry.msgid and not entry.msgid_plural:
            assert len(text(entry.msgstr)) >= 1.3 * len(text(entry.msgid)), entry.msgid


def test_markdown_link_addresses_are_kept():
    """Content files' messages are Markdown: a link's address must reach the
    page unchanged, or the pseudo text would break the content rules."""
    from app.catalogs.pseudo import pseudo_text
    from app.content.rules import errors

    source = "See [the report](https://example.org/a%%20b) by %(organisation)s."
    for code in ("en_XA", "ar_XB"):
        text = pseudo_text(code, source)
        assert "](https://example.org/a%%20b)" in text
        assert errors("markdown", source, text) == ()
