"""Development: a saved .po shows on the next page load; a .po broken
mid-edit keeps the last good catalog."""

from __future__ import annotations

import logging

from ..support import build, po_path, set_translation, soup, touch_later

START = "Read more"


def heading(client):
    return soup(client.get("/tr/join/")).find("h2").get_text()


def test_saved_po_shows_on_next_load(translations):
    client = build(translations).test_client()
    before = heading(client)
    set_translation(translations, "tr", START, "Yeni: hikâyeyle başlayın")
    assert heading(client) == "Yeni: hikâyeyle başlayın" != before


def test_broken_po_keeps_last_good_catalog(translations, caplog):
    client = build(translations).test_client()
    set_translation(translations, "tr", START, "Önce hikâyeyi öğrenin")
    assert heading(client) == "Önce hikâyeyi öğrenin"

    path = po_path(translations, "tr")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "half typed\n', encoding="utf-8")
    touch_later(path)
    with caplog.at_level(logging.ERROR):
        assert heading(client) == "Önce hikâyeyi öğrenin"
    assert any("tr/LC_MESSAGES/messages.po" in r.getMessage() and "last good" in r.getMessage()
               for r in caplog.records)

    set_translation_after_fix = path.read_text(encoding="utf-8").rsplit('\nmsgid "half typed', 1)[0]
    path.write_text(set_translation_after_fix + "\n", encoding="utf-8")
    set_translation(translations, "tr", START, "Hikâyeyle başlayın")
    assert heading(client) == "Hikâyeyle başlayın"


def test_reload_updates_publishing(translations):
    client = build(translations).test_client()
    assert soup(client.get("/tr/join/")).html["lang"] == "tr"
    set_translation(translations, "tr", START, "")
    assert soup(client.get("/tr/join/")).html["lang"] == "en"


def test_production_does_not_reread(translations):
    runner = build(translations).test_cli_runner()
    assert runner.invoke(args=["translate", "compile"]).exit_code == 0
    client = build(translations, TESTING=False, HIKAYA_ENV="production").test_client()
    before = heading(client)
    set_translation(translations, "tr", START, "Önce hikâyeyi öğrenin")
    assert heading(client) == before
