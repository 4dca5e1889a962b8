"""Catalog faults at start-up: production refuses to start and names the
file; development shows English for that language and logs why."""

from __future__ import annotations

import logging

import pytest

from ..support import build, po_path, soup

PRODUCTION = {"TESTING": False, "HIKAYA_ENV": "production"}


def compiled(translations):
    result = build(translations).test_cli_runner().invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
    return translations


def test_production_serves_compiled_catalogs(translations):
    client = build(compiled(translations), **PRODUCTION).test_client()
    doc = soup(client.get("/ar/join/"))
    assert doc.html["lang"] == "ar" and doc.html["dir"] == "rtl"


@pytest.mark.parametrize(
    ("damage", "file", "reason"),
    [
        (lambda p: p.with_suffix(".mo").unlink(), "messages.mo", "does not exist"),
        (lambda p: p.with_suffix(".mo").write_bytes(b""), "messages.mo", "is empty"),
        (lambda p: p.with_suffix(".mo").write_bytes(b"\x00garbage" * 10), "messages.mo",
         "not a compiled catalog"),
        (lambda p: p.unlink(), "messages.po", "does not exist"),
        (lambda p: p.write_text(""), "messages.po", "is empty"),
        (lambda p: p.write_text('msgid "x\nmsgstr "y"\n'), "messages.po", "syntax error"),
    ],
)
def test_production_refuses_a_bad_catalog(translations, damage, file, reason):
    damage(po_path(compiled(translations), "ar"))
    with pytest.raises(RuntimeError) as caught:
        build(translations, **PRODUCTION)
    message = str(caught.value)
    assert f"ar/LC_MESSAGES/{file}" in message and reason in message


def test_development_shows_english_for_a_broken_catalog(translations, caplog):
    po_path(translations, "ar").write_text('msgid "x\n', encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        client = build(translations, PUBLISH_THRESHOLD=0).test_client()
    assert any("ar/LC_MESSAGES/messages.po" in r.getMessage() for r in caplog.records)
    response = client.get("/ar/join/")
    assert response.status_code == 200
    doc = soup(response)
    assert doc.find("h1").find("span", lang="en").get_text() == "Join Our Movement"
    # Turkish is unaffected.
    assert soup(client.get("/tr/join/")).html["lang"] == "tr"


def test_development_missing_catalog_is_english(translations, caplog):
    po_path(translations, "tr").unlink()
    with caplog.at_level(logging.ERROR):
        client = build(translations).test_client()
    assert any("tr/LC_MESSAGES/messages.po" in r.getMessage() for r in caplog.records)
    assert client.get("/tr/").status_code == 200
