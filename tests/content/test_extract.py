"""Extraction through babel.cfg, as `flask translate extract` runs it: each
block and translatable field is one message with `#: content/...md:LINE`
and the file's notes as `#.` comments; a broken file stops extraction with
its file and line."""

from __future__ import annotations

import os

import polib
import pytest
from babel.messages.frontend import CommandLineInterface

from .conftest import PROGRAM, STORY

BABEL_CFG = """\
[app.content.extract.extract_content: content/**.md]
[app.content.extract.extract_names: content/names.yml]
"""


def extract(site) -> polib.POFile:
    (site.root / "babel.cfg").write_text(BABEL_CFG)
    cwd = os.getcwd()
    os.chdir(site.root)
    try:
        status = CommandLineInterface().run([
            "pybabel", "-q", "extract", "-F", "babel.cfg", "-o", "messages.pot",
            "--add-comments=TRANSLATORS:", "--sort-by-file", ".",
        ])
    finally:
        os.chdir(cwd)
    assert not status
    return polib.pofile(str(site.root / "messages.pot"))


def test_blocks_and_fields_with_file_line_and_notes(site):
    site.write("stories/fixture.md", STORY)
    site.write("programs/fixture.md", PROGRAM)
    pot = extract(site)
    by_id = {e.msgid: e for e in pot}
    first = by_id["First paragraph, with %(organisation)s and a [link](https://example.org/a%%20b)."]
    assert first.occurrences == [("content/stories/fixture.md", "23")]
    assert first.comment == "Test fixture, not real content.\nA body note."
    assert "python-format" in first.flags
    title = by_id["Fixture story about *care*"]
    assert title.occurrences == [("content/stories/fixture.md", "2")]
    assert title.comment.endswith("A title note.")
    assert by_id["A fixture picture"].occurrences == [("content/stories/fixture.md", "8")]
    assert by_id["A plain description of 100%% fixture text."]
    plural = by_id["%(num)s year of war"]
    assert plural.msgid_plural == "%(num)s years of war"
    assert plural.occurrences == [("content/programs/fixture.md", "13")]
    name = by_id["International Medical Corps"]
    assert name.occurrences == [("content/names.yml", "2")]
    # nothing to translate in a block of names and punctuation; no empty msgid
    assert "" not in by_id or by_id[""].msgstr == "" and len(by_id) > 5


def test_shared_text_is_one_message_with_every_place(site):
    site.write("stories/one.md", STORY)
    site.write("stories/two.md", STORY)
    site.write("programs/fixture.md", PROGRAM)
    pot = extract(site)
    entry = next(e for e in pot if e.msgid == "A heading")
    assert entry.occurrences == [("content/stories/one.md", "27"),
                                 ("content/stories/two.md", "27")]


def test_a_broken_file_stops_extraction_naming_it(site):
    site.write("programs/fixture.md", PROGRAM)
    site.write("stories/fixture.md", STORY.replace("title: Fixture", "titel: Fixture"))
    with pytest.raises(Exception, match=r"content/stories/fixture.md:2: unknown key 'titel'"):
        extract(site)
