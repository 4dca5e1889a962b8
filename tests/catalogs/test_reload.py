"""Development: a saved .po shows on the next page load once it has been
still for a moment; a .po broken or half saved keeps the last good catalog."""

from __future__ import annotations

import logging
import time

from ..support import build, po_path, set_translation, soup, touch_later

START = "Read more about our work"


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


def half_saved(path) -> str:
    """The file as an editor has written it so far: cut at the entry
    boundary before START, so it still parses -- a smaller, valid catalog."""
    text = path.read_text(encoding="utf-8")
    cut = text.index(f'msgid "{START}"')
    return text[: text.rindex("\n\n", 0, cut)] + "\n"


def test_a_half_saved_po_is_not_adopted(translations):
    """A save in progress looks like a valid catalog missing its last
    entries; readers keep the last complete one until the file is still."""
    client = build(translations, CATALOG_SETTLE_SECONDS=0.5).test_client()
    path = po_path(translations, "tr")
    complete = path.read_text(encoding="utf-8")
    translated = heading(client)
    assert translated != START

    path.write_text(half_saved(path), encoding="utf-8")  # modified just now
    seen = {heading(client) for _ in range(20)}
    assert seen == {translated}, "a reader got the half-saved catalog"

    path.write_text(complete.replace(translated, "Yeni: hikâyeyle başlayın"), encoding="utf-8")
    time.sleep(0.6)
    assert heading(client) == "Yeni: hikâyeyle başlayın"


def test_a_file_that_keeps_changing_is_not_adopted(translations):
    client = build(translations, CATALOG_SETTLE_SECONDS=0.4).test_client()
    path = po_path(translations, "tr")
    translated = heading(client)
    half = half_saved(path)
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:  # an editor writing every 0.1 s
        path.write_text(half + f"\n# still writing {time.monotonic()}\n", encoding="utf-8")
        assert heading(client) == translated
        time.sleep(0.1)
    time.sleep(0.5)
    assert heading(client) == START  # the cut file, once still
