"""Issue 24, the translator view: `?translator=1` on a page of the development
server numbers each string with its state and lists it with its catalog
line; /translate/ lists each language's pages. Read as a translator reads
them (the markers, the list, the summary), on the fixture site or on a
temporary checkout worked through the editor's and translator's commands
(tests/test_lifecycle_flow.py's Checkout). Production and the freeze never
show any of it."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup

from app.a11y.cli import a11y
from app.browser import serve, start_chromium
from app.catalogs.states import Counts, short_of
from app.site.availability import is_published
from app.site.languages import languages
from app.site.pages import all_pages
from app.site.translator import changes

from ..support import (
    compiled_site,
    freeze,
    make_app,
    repository_app,
    shared_app,
    site_settings,
)
from ..test_lifecycle_flow import EPOCH, FIRST, NEW, OLD, SYRIA, Checkout, words

VIEW = "/{}/programs/syria/?translator=1"
HEAD = re.compile(r"^\[(N?\d+) ([a-z ]+)\]$")
HOSTILE = '<img src=x onerror="alert(1)">'
FORGED = "\ue002\ue0000\ue001\ue002"  # private-use characters like the view's sentinels
ALT = "An icon of a first-aid kit"  # a test's own alt text (the fixture's icons have none)


def get(app, path: str) -> BeautifulSoup:
    response = app.test_client().get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def listed(doc: BeautifulSoup) -> dict[str, dict]:
    """The list at the end: number ("17", "N2") -> its state word and each <dt>'s <dd> text."""
    out = {}
    for item in doc.select("#tv-list li.tv-item"):
        number, word = HEAD.match(item.select_one(".tv-item__head strong").get_text()).groups()
        fields = {dt.get_text(" ", strip=True): dt.find_next_sibling("dd")
                  for dt in item.select("dt")}
        out[number] = {"state": word, "id": item["id"], **{
            name: " ".join(dd.get_text().split()) for name, dd in fields.items()}}
    return out


def markers(doc: BeautifulSoup, within: str = "body") -> list[tuple[str, str]]:
    return [tuple(HEAD.match(sup.get_text()).groups()) for sup in doc.select(f"{within} .tv__n")]


def item_for(doc: BeautifulSoup, english: str) -> tuple[str, dict]:
    found = [(n, item) for n, item in listed(doc).items()
             if item.get("English", item.get("English now")) == words(english)]
    assert len(found) == 1, english
    return found[0]


def flagged(item: dict, root: Path) -> tuple[str, int]:
    """An outdated entry's FILE:LINE (its msgstr) and its `#, fuzzy` line, as
    the entry gives both, the flag line checked in the file itself."""
    where, flag = re.fullmatch(r"(\S+:\d+) \(its #, fuzzy line: (\d+)\)", item["Catalog"]).groups()
    lines = (root / where.rsplit(":", 1)[0]).read_text(encoding="utf-8").split("\n")
    assert lines[int(flag) - 1] == "#, fuzzy" and int(flag) < int(where.rsplit(":", 1)[1])
    return where, int(flag)


def pid_of(row) -> str:
    """/translate/'s page id, in small type after the page's title: "(program/syria)"."""
    return row.a.select_one("small").get_text().strip("()")


def check_lines(output: str, check: str) -> dict[str, list[str]]:
    """FILE:LINE -> the messages of `flask translate check`'s lines of that [check]."""
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        where, _, rest = line.partition(": ")
        if f"[{check}] " in rest:
            found.setdefault(where, []).append(rest.split(f"[{check}] ", 1)[1])
    return found


def check_position(output: str, check: str) -> str:
    """FILE:LINE of the one message `check` reports with that [check]."""
    found = check_lines(output, check)
    assert len(found) == 1, output
    return next(iter(found))


def assert_position(where: str, english: str, root: Path | None = None) -> None:
    """FILE:LINE names the msgstr line of the entry whose msgid is `english`."""
    path, line = where.rsplit(":", 1)
    root = root or Path.cwd()
    lines = (root / path).read_text(encoding="utf-8").split("\n")
    assert lines[int(line) - 1].startswith("msgstr"), where
    entry = [e for e in polib.pofile(str(root / path)) if e.msgid == english]
    assert len(entry) == 1 and entry[0].linenum <= int(line), where
    between = lines[entry[0].linenum - 1:int(line) - 1]
    assert all(text.strip() for text in between), where  # the same entry: no blank line


@pytest.fixture
def site(tmp_path, monkeypatch) -> Checkout:
    """A checkout of the fixture site after extract, update and compile."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    made = Checkout(tmp_path / "site")
    monkeypatch.chdir(made.root)
    made.publish_edits()
    return made


@pytest.mark.parametrize("app", [shared_app, repository_app], ids=["fixture", "repository"])
def test_every_string_is_numbered_with_its_catalog_line(app):
    """The fixture site, and the repository's own (the issue's Done-when page)."""
    repository, app = app is repository_app, app()
    for code in ("ar", "tr"):
        doc, plain = get(app, VIEW.format(code)), get(app, VIEW.format(code).split("?")[0])
        items = listed(doc)
        own = [n for n in items if not n.startswith("N")]
        assert own == [str(n) for n in range(1, len(own) + 1)] and len(own) > 30
        # Those not on the page now come last, and the summary says how many.
        absent = [n for n in own if items[n].get("Where", "").startswith("not on this page now")]
        assert absent == own[len(own) - len(absent):] and (absent or not repository)
        summary = words(doc.select_one(".tv-summary").get_text())
        said = (f"{len(own) - len(absent)} on the page now, {len(absent)} shown only in some "
                "cases: listed at the end")
        assert (said in summary) == bool(absent) and ("some cases" in summary) == bool(absent)
        # Each marker on the page says its list entry's number and state.
        for number, word in markers(doc):
            assert items[number]["state"] == word
        # Every text the page shows is inside a numbered string, but the
        # language names of the switcher and the page's own address.
        loose = [text.strip() for text in doc.body.find_all(string=True) if text.strip()
                 and not text.find_parent(class_=["tv", "tv-summary", "tv-list", "languages"])]
        assert loose == [f"http://localhost/{code}/programs/syria/"]
        for item in items.values():
            assert re.fullmatch(rf"\S*translations/{code}/LC_MESSAGES/(messages|hikaya)\.po:\d+",
                                item["Catalog"]), item
        title = [item for item in items.values() if "page title" in item.get("Where", "")]
        assert {item["English"] for item in title} == {
            "The world's largest humanitarian crisis", "International Medical Corps in Syria"}
        assert any("screen readers (aria-label of <nav>)" in item.get("Where", "")
                   for item in items.values())
        # No attribute and no <title> changed: strings there are listed only.
        assert doc.title.get_text() == plain.title.get_text()
        for tag in plain.find_all(True):
            for name in ("alt", "aria-label", "content", "title"):
                if tag.has_attr(name):
                    assert doc.find(attrs={name: tag[name]}) is not None, (tag.name, name)
        assert "\ue000" not in str(doc) and "\ue002" not in str(doc)
        # The page's title and the first heading are one message: one number.
        heading = HEAD.match(doc.select_one("h1 .tv__n").get_text())
        assert heading.group(1) == "1" and items["1"]["Where"].startswith("the page title")


def test_catalog_lines_are_the_msgstr_lines_of_their_messages():
    doc = get(shared_app(), VIEW.format("ar"))
    items = listed(doc)
    for item in items.values():
        english = item["English"]
        path, _ = item["Catalog"].rsplit(":", 1)
        entries = [e for e in polib.pofile(path) if words(e.msgid) == english]
        if entries:  # plural messages list both forms; checked by their first line
            assert_position(item["Catalog"], entries[0].msgid)


def test_a_rewritten_paragraph_is_outdated_with_its_old_and_new_english(site):
    kept = {code: site.entry(code, OLD).msgstr for code in ("ar", "tr")}
    site.edit(SYRIA, OLD, NEW)
    site.publish_edits()
    app = make_app(**site_settings(site.root))
    for code in ("ar", "tr"):
        doc = get(app, VIEW.format(code))
        number, item = item_for(doc, NEW)
        assert item["state"] == "outdated"
        assert item["English before the change (what the translation says)"] == words(OLD)
        assert item["What changed in the English"] == "“Children” became “Many children”"
        assert item["Translation"] == words(kept[code])
        # The same FILE:LINE as check's warning about it, and the line to
        # change to confirm it, which "What to do" names.
        where, flag = flagged(item, site.root)
        assert where == check_position(site.translate("check", code), "outdated")
        assert_position(where, NEW, site.root)
        line = where.rsplit(":", 1)[1]
        assert f"delete the word fuzzy from line {flag}, #, fuzzy (the whole line" in item[
            "What to do"]
        assert f"Otherwise change the msgstr (line {line}) too." in item["What to do"]
        assert ("The lines # English changed on … and #| … above it can stay as they are: the "
                "next flask translate update removes them.") in item["What to do"]
        # On the page: the paragraph carries the marker, before its text.
        mark = doc.select_one(f"#tv-at-{number}")
        assert mark.select_one(".tv__n").get_text() == f"[{number} outdated]"
        assert words(kept[code]) in words(mark.get_text())
        assert [word for _, word in markers(doc, "main")].count("outdated") == 1
        summary = words(doc.select_one(".tv-summary").get_text())
        assert "outdated 1 untranslated 0 refused 0" in summary


def test_a_plain_fuzzy_entry_gives_its_flag_line_too(site):
    """A fuzzy entry that is not outdated (a guess, shown to nobody): readers
    see the English; the entry names both lines, as for an outdated one."""
    po = polib.pofile(str(site.po("tr")))
    po.find(OLD).flags.append("fuzzy")
    po.save()
    doc = get(make_app(**site_settings(site.root)), VIEW.format("tr"))
    _, item = item_for(doc, OLD)
    assert item["state"] == "untranslated"
    where, flag = flagged(item, site.root)
    assert item["What to do"] == (
        f"Write the translation in the msgstr at line {where.rsplit(':', 1)[1]}, then delete the "
        f"word fuzzy from line {flag}, #, fuzzy (a guess to check: readers see the English "
        "until it is gone).")


EXTRACTED, OWN = "Note for translators ( #. lines)", "Translators' note ( # lines)"


def test_an_entry_shows_the_catalogs_notes_as_text_without_the_mark(site):
    """The trial: a 4-line translators' note only the .po showed. Each entry
    gives its message's #. notes (the site's) and # notes (the translators'),
    as the .po has them, but update's `English changed on` mark."""
    site.edit(SYRIA, OLD, NEW)
    site.publish_edits()
    po = polib.pofile(str(site.po("ar")))
    rewritten = po.find(NEW)
    assert rewritten.tcomment.startswith("English changed on")
    rewritten.tcomment += f"\nKeep «الحرب» here: {HOSTILE}\nas the heading says."
    po.save()
    doc = get(make_app(**site_settings(site.root)), VIEW.format("ar"))
    _, item = item_for(doc, NEW)
    assert item[OWN] == f"Keep «الحرب» here: {HOSTILE} as the heading says."
    # Its Arabic words marked as Arabic (flask a11y: language of parts), the rest English.
    assert [span.get_text() for span in doc.select(f"#{item['id']} dd span[lang=ar][dir=rtl]")
            if span.find_parent("dd").find_previous_sibling("dt").get_text(" ", strip=True)
            == OWN] == ["الحرب"]
    assert doc.find(attrs={"onerror": True}) is None
    entries = {words(entry.msgid): entry for entry in polib.pofile(str(site.po("ar")))}
    shown = {kind: 0 for kind in (EXTRACTED, OWN)}
    for item in listed(doc).values():
        entry = entries.get(item["English"] if "English" in item else item["English now"])
        if entry is None or "hikaya.po" in item["Catalog"]:
            continue
        assert item.get(EXTRACTED) == (words(entry.comment) or None), item
        own = [line for line in entry.tcomment.split("\n") if "English changed" not in line]
        assert item.get(OWN) == (words(" ".join(own)) or None), item
        shown = {kind: shown[kind] + (kind in item) for kind in shown}
    assert shown[EXTRACTED] > 3 and shown[OWN] >= 2, shown


def test_untranslated_refused_and_alt_strings_are_marked_with_the_rule(site):
    icon = "icon: {file: program-health.svg, alt: \"\"}"
    site.edit(SYRIA, icon, icon.replace('alt: ""', f'alt: "{ALT}"'))
    site.publish_edits()
    po = polib.pofile(str(site.po("ar")))
    first = next(entry for entry in po if entry.msgid.startswith(FIRST))
    first.msgstr = HOSTILE + first.msgstr  # the html rule refuses it
    forged = po.find(OLD)  # a translation that fakes the view's own sentinels
    forged.msgstr += FORGED
    po.save()
    checked = site.translate("check", "ar", code=1)
    app = make_app(**site_settings(site.root))
    doc = get(app, VIEW.format("ar"))
    _, refused = item_for(doc, first.msgid)
    assert refused["state"] == "refused"
    assert refused["Catalog"] == check_position(checked, "html")
    said = "; ".join(check_lines(checked, "html")[refused["Catalog"]])
    assert refused["Refused by the rules (readers see the English)"] == words(said)
    # The hostile translation is text in the list, never an element.
    assert HOSTILE in refused["Translation"]
    assert doc.find(attrs={"onerror": True}) is None and doc.select("#tv-list img") == []
    # The reader sees the English of it, marked as English, and the marker says why.
    number = refused["id"].removeprefix("tv-")
    assert doc.select_one(f"#tv-at-{number} .tv__n").get_text() == f"[{number} refused]"
    assert FIRST in doc.select_one(f"#tv-at-{number}").get_text()
    # Characters like the view's own sentinels: refused by the rules, and the
    # view's markers still one per string, each closed where its string ends.
    number, item = item_for(doc, OLD)
    assert item["state"] == "refused" and "private-use" in item[
        "Refused by the rules (readers see the English)"]
    assert FORGED in item["Translation"] and OLD in doc.select_one(f"#tv-at-{number}").get_text()
    assert len(doc.select(".tv")) == len(doc.select(".tv__n")) == len(markers(doc))
    # The new alt text: untranslated, in the image's attribute, listed only.
    number, alt = item_for(doc, ALT)
    assert alt["state"] == "untranslated" and alt["Where"] == "image text (alt of <img>)"
    assert alt["Translation"] == "(none: readers see the English)"
    assert alt["Catalog"] in check_lines(checked, "untranslated")
    assert_position(alt["Catalog"], ALT, site.root)
    assert doc.find("img", alt=ALT) is not None and doc.select_one(f"#tv-at-{number}") is None


def test_an_unpublished_page_says_so_and_how_many_strings_it_lacks():
    doc = get(shared_app(), "/tr/stories/written-in-english-only/?translator=1")
    assert doc.html["lang"] == "en"  # what a reader gets: the English page
    summary = " ".join(doc.select_one(".tv-summary").get_text().split())
    assert "Not published in Türkçe" in summary
    assert "3 more of its 23 strings must be translated" in summary
    assert doc.select_one(".publish-notice, [role=note]") is not None
    states = [word for _, word in markers(doc, "main")]
    assert states.count("untranslated") == 3
    # Its strings are listed with their Turkish state and catalog line.
    assert all(re.match(r"(tests/fixture_site|app)/translations/tr/LC_MESSAGES/", item["Catalog"])
               for item in listed(doc).values())


def test_strings_short_of_publication_follow_the_publish_rule():
    # 32 of 40 is 80 % exactly (0.8 * 40 is 32.000000000000004 in floating point).
    assert short_of(Counts(current=31, untranslated=9), False, 0.8, 0.8) == 1
    assert short_of(Counts(current=32, untranslated=8), False, 0.8, 0.8) == 0
    # Once published (listed), outdated strings count towards keeping it.
    assert short_of(Counts(current=20, outdated=10, untranslated=10), True, 1.0, 0.8) == 2
    assert short_of(Counts(current=20, outdated=10, untranslated=10), False, 1.0, 0.8) == 20


def test_translate_lists_pages_nearest_to_fully_translated_first():
    """Counted as the publish rule counts (the site's and the engine's strings)."""
    app = shared_app()
    doc = get(app, "/translate/")
    for code in ("ar", "tr"):
        rows = doc.select(f"section[aria-labelledby=tv-lang-{code}] li")
        with app.test_request_context():
            language = languages()[code]
            pages = {page.id: page for page in all_pages()}  # every page a reader can open
            published = {pid: is_published(page, language) for pid, page in pages.items()}
        assert sorted(pid_of(row) for row in rows) == sorted(pages)
        left = []
        for row in rows:
            pid, text = pid_of(row), " ".join(row.get_text().split())
            # Each page by its title as its reader gets it (the page's <title>
            # but the site's name), in the language of the page they get.
            plain = get(app, row.a["href"].removesuffix("?translator=1"))
            named = row.a.select_one("span[lang]")
            assert named.get_text() == plain.title.get_text().rsplit(" · ", 1)[0]
            assert (named["lang"], named["dir"]) == (plain.html["lang"], plain.html["dir"])
            assert named["lang"] == (code if published[pid] else "en")
            current, total = map(int, re.search(r"(\d+) of (\d+) strings current", text).groups())
            assert row.a["href"].endswith("/?translator=1")
            assert get(app, row.a["href"]).select_one(".tv-summary") is not None
            assert ("Not published yet" in text) == (not published[pid])
            left.append(total - current)
        unfinished = [n for n in left if n]
        assert left == unfinished + [0] * (len(left) - len(unfinished))
        assert unfinished == sorted(unfinished)
    tr = doc.select_one("section[aria-labelledby=tv-lang-tr] li")
    text = " ".join(tr.get_text().split())
    assert pid_of(tr) == "story/written-in-english-only" and "20 of 23 strings current" in text
    assert tr.a.select_one("span[lang=en]").get_text() == "A fixture story written in English only"
    assert "3 more strings to translate before readers see it" in text


def test_production_and_the_freeze_show_nothing_of_it(tmp_path):
    site = compiled_site(tmp_path / "site")
    production = make_app(**site_settings(site), TESTING=False, HIKAYA_ENV="production")
    client = production.test_client()
    for path in ("/ar/programs/syria/", "/tr/stories/written-in-english-only/", "/en/"):
        plain = client.get(path)
        asked = client.get(path + "?translator=1")
        assert asked.status_code == plain.status_code == 200
        assert asked.get_data() == plain.get_data() and b"tv-list" not in asked.get_data()
    for path in ("/translate/", "/translate/translator.css"):
        assert client.get(path).status_code == 404
    refused = production.test_cli_runner().invoke(
        args=["translate", "shots", "--lang", "ar", "--out", str(tmp_path / "shots")])
    assert refused.exit_code != 0 and "HIKAYA_ENV=development" in refused.output
    assert not (tmp_path / "shots").exists()
    # A development app's freeze: no translator page, no marker, no link to one.
    frozen = freeze(make_app(**site_settings(site)), tmp_path / "out")
    assert not (frozen.site / "translate").exists()
    for path in frozen.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".css"):
            text = path.read_text(encoding="utf-8")
            assert "translator" not in text and "tv-list" not in text, path


def test_the_page_cache_never_keeps_or_serves_a_translator_view():
    app = make_app(PAGE_CACHE=True)
    client, cache = app.test_client(), app.extensions["hikaya_page_cache"]
    plain = client.get("/ar/").get_data()
    for _ in range(2):
        hits = cache.hits
        viewed = client.get("/ar/?translator=1")
        assert b'id="tv-list"' in viewed.get_data() and cache.hits == hits
        assert "no-store" in viewed.headers["Cache-Control"]
    hits = cache.hits
    assert client.get("/ar/").get_data() == plain and cache.hits == hits + 1
    assert b"tv-list" not in plain


def test_remembered_strings_neither_hide_from_a_view_nor_leak_its_marks():
    """Development with catalogs that are not reloaded remembers rendered strings:
    a view must still see every string, and readers never get its marks."""
    app = make_app(CATALOG_RELOAD=False)
    client = app.test_client()
    first = markers(get(app, "/ar/join/?translator=1"))
    reader = client.get("/ar/join/").get_data(as_text=True)
    assert not re.search("[\ue000-\ue002]", reader) and "tv-" not in reader
    assert markers(get(app, "/ar/join/?translator=1")) == first and len(first) > 10


def test_ar_and_tr_views_pass_flask_a11y_and_shots_match_the_list(tmp_path):
    """axe and the project's own checks (flask a11y, unchanged) on the views."""
    app = make_app()
    with serve(app) as base:
        result = app.test_cli_runner().invoke(a11y, args=[
            f"{base}{VIEW.format('ar')}", f"{base}{VIEW.format('tr')}", f"{base}/translate/",
            "--jobs", "1",
            "--out", str(tmp_path / "a11y")])
    run = json.loads((tmp_path / "a11y" / "run.json").read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "a11y" / "results.json").read_text(encoding="utf-8")) == []
    assert "6 page views, 0 new" in result.output, run
    shots = app.test_cli_runner().invoke(args=[
        "translate", "shots", "--lang", "ar", "--out", str(tmp_path / "shots"),
        "/programs/syria/"])
    assert shots.exit_code == 0, shots.output
    pictures = sorted((tmp_path / "shots" / "ar").glob("programs_syria@390-*.png"))
    assert len(pictures) >= 3 and len(pictures) == shots.output.count("wrote ")
    for picture in pictures:
        data = picture.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert width == 390 and 0 < height <= 1600
    missing = app.test_cli_runner().invoke(args=[
        "translate", "shots", "--lang", "tr", "--out", str(tmp_path / "shots"), "no/such/page"])
    assert missing.exit_code == 1
    assert "/tr/no/such/page/?translator=1: no such page" in missing.output


def assert_one_marker_each_and_notices_apart(doc: BeautifulSoup, number: str) -> None:
    """The outdated paragraph says one state: the "Older translation" label
    inside it has no marker, and is listed, as the notice's strings are, in
    the N series, not counted for publication."""
    paragraph = doc.select_one(f"#tv-at-{number}")
    assert [sup.get_text() for sup in paragraph.select(".tv__n")] == [f"[{number} outdated]"]
    found, label = item_for(doc, "Older translation")
    assert found.startswith("N")
    assert f"inside string {number}, with no marker of its own" in label["Where"]
    notice = doc.select_one(".outdated-notice")
    assert notice.select(".tv__n") and all(
        HEAD.match(sup.get_text()).group(1).startswith("N") for sup in notice.select(".tv__n"))


def test_the_view_counts_as_translate_counts_with_an_outdated_string(site):
    """The summary's numbers are /translate/'s for the page (the publish rule's
    strings), and the list's numbered entries are those strings, by state."""
    site.edit(SYRIA, OLD, NEW)
    site.publish_edits()
    app = make_app(**site_settings(site.root))
    start = get(app, "/translate/")
    for code in ("ar", "tr"):
        row = next(li for li in start.select(f"section[aria-labelledby=tv-lang-{code}] li")
                   if li.a["href"] == VIEW.format(code))
        current, total = re.search(r"(\d+) of (\d+) strings current", row.get_text()).groups()
        assert "strings current. Published. Needs work: 1 outdated." in " ".join(
            row.get_text().split())
        doc = get(app, VIEW.format(code))
        summary = words(doc.select_one(".tv-summary").get_text())
        assert f"{total} strings count for publishing this page (1 to {total})" in summary
        assert f"current {current}" in summary
        assert "outdated 1 untranslated 0 refused 0" in summary
        own = [item for number, item in listed(doc).items() if not number.startswith("N")]
        assert len(own) == int(total)
        assert sum(item["state"] in ("current", "same in every language") for item in own) == int(
            current)
        others = [number for number in listed(doc) if number.startswith("N")]
        assert f"N1 to N{len(others)}: {len(others)} other strings, not counted." in summary
        assert "N1, N2... are also on this page, not counted for publishing it" in summary
        # The rule in plain words, with the settings' numbers, not their names.
        name = {"ar": "العربية", "tr": "Türkçe"}[code]
        assert f"Published in {name}." in summary
        # Kept with an outdated string (below the share to publish it): why, in plain words.
        assert ("Published: it was published before, so it stays while at least 80% "
                "of its strings are current or outdated." in summary)
        for text in (summary, words(doc.select_one("#tv-list").get_text()),
                     words(start.select_one("main").get_text())):
            assert not re.search(r"(?<!/)\b[A-Z]+_[A-Z_]+\b(?!/)", text), text  # not LC_MESSAGES/
    assert "once all of its strings are current" in words(start.select_one("main").get_text())


def test_a_translator_fixes_an_outdated_string_with_the_view_and_a_text_editor(site):
    """docs/translators.md's steps, on one running development server: read the
    marker, go to the list entry, edit the .po at its line as text, reload."""
    site.edit(SYRIA, OLD, NEW)
    site.publish_edits()
    app = make_app(**site_settings(site.root), CATALOG_SETTLE_SECONDS=0)
    doc = get(app, VIEW.format("tr"))
    number = next(n for n, word in markers(doc, "main") if word == "outdated")
    item = listed(doc)[number]
    assert_one_marker_each_and_notices_apart(doc, number)
    # The marker links to its entry, the entry back to it; current ones stay text.
    assert doc.select_one(f"#tv-at-{number} .tv__n a")["href"] == f"#tv-{number}"
    assert doc.select_one(f"#tv-{number} .tv-item__head a")["href"] == f"#tv-at-{number}"
    assert {word for word, link in ((sup.get_text().split()[-1], sup.a) for sup in
                                    doc.select("main .tv__n")) if link} == {"outdated]"}
    # What to do, in a text editor's words: the lines it names.
    where, flag = flagged(item, site.root)
    path, line = where.rsplit(":", 1)
    assert f"delete the word fuzzy from line {flag}, #, fuzzy" in item["What to do"]
    lines = (site.root / path).read_text(encoding="utf-8").split("\n")
    at = int(line) - 1
    start = max(i for i in range(at) if not lines[i].strip()) + 1  # the entry's first line
    assert lines[at].startswith("msgstr") and start <= flag - 1 < at
    fixed = "Birçok çocukta savaşa bağlı travma sonrası stres belirtileri görülüyor."
    lines[at:at + 1] = [f'msgstr "{fixed}"']
    while lines[at + 1].startswith('"'):  # the rest of the old msgstr
        del lines[at + 1]
    del lines[flag - 1]  # the line the entry names, above the msgstr edited
    assert any(text.startswith("#| ") for text in lines[start:at])  # left, as it says
    (site.root / path).write_text("\n".join(lines), encoding="utf-8")
    again = get(app, VIEW.format("tr"))
    confirmed, item = item_for(again, NEW)
    assert item["state"] == "current" and item["Translation"] == fixed
    # The notice went, and the paragraph kept its number: the one noted still finds it.
    assert confirmed == number and again.select_one(".outdated-notice") is None
    # As the view says: every number 1, 2... the same, the N numbers changed.
    before, after = ({n: i.get("English", i.get("English now")) for n, i in listed(d).items()}
                     for d in (doc, again))
    own = [n for n in before if not n.startswith("N")]
    assert {n: before[n] for n in own} == {n: after[n] for n in own}
    assert {n: e for n, e in before.items() if n.startswith("N")} != {
        n: e for n, e in after.items() if n.startswith("N")}
    said = (f"Numbers 1 to {len(own)} stay the same when a notice comes or goes; these numbers, "
            "N1, N2..., can change then.")
    assert said in words(doc.select_one("#tv-others").find_next_sibling("p").get_text())
    assert f"Numbers 1 to {len(own)} stay the same when a notice comes or goes; N1, N2... can " \
        "change then." in words(doc.select_one(".tv-summary").get_text())
    assert "Older translation" not in [item["English"] for item in listed(again).values()]
    assert "outdated" not in [word for _, word in markers(again, "main")]
    assert fixed in get(app, "/tr/programs/syria/").get_text()
    # The leftovers it let stay: gone after the next update, the entry current.
    site.translate("update")
    entry = site.entry("tr", NEW)
    assert entry.msgstr == fixed and not entry.fuzzy and entry.previous_msgid is None
    assert "English changed on" not in entry.tcomment


def test_changes_a_word_or_two_apart_read_as_one():
    """The trial's sentence: two halves ("War II." became "War.", "the Second"
    added) confused both volunteers; one change reads as the editor wrote it."""
    before = ("The conflict in Syria has created the biggest humanitarian crisis since "
              "World War II. Syrians have become the largest refugee population in the world.")
    now = ("The conflict in Syria has caused the biggest humanitarian crisis since "
           "the Second World War. Syrians have become the largest refugee population in the world.")
    assert changes(before, now) == [
        "“created” became “caused”", "“World War II” became “the Second World War”"]
    # Two unchanged words apart: one change; three apart: two.
    assert changes("one a b three", "1 a b 3") == ["“one a b three” became “1 a b 3”"]
    assert changes("one a b c three", "1 a b c 3") == ["“one” became “1”", "“three” became “3”"]
    assert changes("Stay safe.", "Stay safe, please.") == ["“safe” became “safe, please”"]
    assert changes("(a) b c", "(a) c") == ["“b” removed"]


# Each marker's boxes, and the text it overlaps: any text of the page outside
# the view's own parts whose letters (the middle half of its line box: a big
# heading's box reaches well above its letters) cross a marker's box.
LAYOUT = """const out = {wrapped: [], overlaps: []};
const texts = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (!node.data.trim() || node.parentElement.closest(".tv__n, .tv-summary, .tv-list")) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  for (const box of range.getClientRects()) texts.push([node.data.trim(), {
    left: box.left, right: box.right, top: box.top + box.height / 4,
    bottom: box.bottom - box.height / 4}]);
}
const cross = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
  && a.top < b.bottom && b.top < a.bottom;
for (const marker of document.querySelectorAll(".tv__n")) {
  const boxes = [...marker.getClientRects()];
  if (boxes.length > 1) out.wrapped.push(marker.textContent);
  for (const [text, box] of texts)
    if (boxes.some(mine => cross(mine, box))) out.overlaps.push([marker.textContent, text]);
}
// A placeholder, or a line of the .po named in "What to do" ("#, fuzzy").
for (const code of document.querySelectorAll(".tv-list code.tv-keep"))
  if (code.getClientRects().length > 1) out.wrapped.push(code.textContent);
return out;"""


def test_markers_never_wrap_or_overlap_text_and_the_summary_is_short_at_390_px(site):
    """The trial: "[12 current]" over «أنت هنا:» at 390 px, "[15" / "current]"
    on two lines, and a summary box that filled the first screen. In
    Chromium, in both languages, with an outdated string.
    The view before this change failed it: nested markers ("[15 current]" of
    the label, "[5 same in every language]" of a name inside a sentence) broke
    over two lines; no overlap was measured then or now. Nor does a placeholder
    in the list break ("%" / "(organisation)s" in an Arabic translation), nor
    a .po line "What to do" names ("#," / "fuzzy", seen at 390 px)."""
    site.edit(SYRIA, OLD, NEW)
    site.publish_edits()
    app = make_app(**site_settings(site.root))
    driver = start_chromium(390, 844)
    try:
        with serve(app) as base:
            for code in ("ar", "tr"):
                driver.get(base + VIEW.format(code))
                found = driver.execute_script(LAYOUT)
                assert found == {"wrapped": [], "overlaps": []}, code
                assert driver.execute_script(
                    "return [...document.querySelectorAll('.tv-list code.tv-keep')]"
                    ".map(code => code.textContent)").count("#, fuzzy") >= 2
                assert len(driver.find_elements("css selector", ".tv__n")) > 30
                # The summary: its counts in under half the first screen, what
                # they mean one click away (a <details>, no script).
                summary = driver.find_element("css selector", ".tv-summary")
                explained = summary.find_element("css selector", "details p")
                assert summary.size["height"] <= 844 / 2 and not explained.is_displayed(), code
                assert "outdated 1" in words(summary.text)
                summary.find_element("css selector", "summary").click()
                assert explained.is_displayed() and "N1, N2..." in summary.find_element(
                    "css selector", "details").text
    finally:
        driver.quit()
