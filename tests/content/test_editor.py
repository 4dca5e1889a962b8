"""An editor adds a story the way docs/editors.md says: one file in content/
(and no Python, no template), then the translators' commands. Done in a
temporary checkout (harness/checkout.py); the story is a test fixture."""

from __future__ import annotations

import polib

from harness.checkout import make_checkout, run

STORY = """\
---
# A test fixture, not content of the site.
title: Test fixture story
teaser: A fixture teaser.
illustration:
  file: story-comic.svg
  alt: ""
date: 2026-01-01
programs: [syria]
translators:
  title: A note for translators of the fixture.
---

<!-- TRANSLATORS: A note on the first paragraph. -->
A first paragraph, written by International Medical Corps.

- A list item
"""


def test_an_editor_adds_a_story_with_a_file(tmp_path):
    checkout = make_checkout(tmp_path / "site")
    (checkout / "content" / "stories" / "test-fixture.md").write_text(STORY, encoding="utf-8")

    run(checkout, "flask", "translate", "extract")
    pot = {e.msgid: e for e in polib.pofile(str(checkout / "translations" / "messages.pot"))}
    paragraph = pot["A first paragraph, written by %(organisation)s."]
    assert paragraph.occurrences == [("content/stories/test-fixture.md", "15")]
    assert paragraph.comment == "A note on the first paragraph."
    assert pot["Test fixture story"].occurrences == [("content/stories/test-fixture.md", "3")]
    assert pot["Test fixture story"].comment == "A note for translators of the fixture."
    assert pot["A list item"].occurrences == [("content/stories/test-fixture.md", "17")]

    run(checkout, "flask", "translate", "update")
    check = run(checkout, "flask", "translate", "check", check=False)
    assert check.returncode == 0, check.stdout  # untranslated is a warning, not an error
    assert "[untranslated]" in check.stdout
    status = run(checkout, "flask", "translate", "status").stdout
    row = next(line for line in status.splitlines() if line.startswith("story/test-fixture "))
    assert row.split()[1:] == ["0.0%*", "0.0%*"] or row.endswith("*")
    elias = next(line for line in status.splitlines() if line.startswith("story/elias "))
    assert "*" not in elias

    run(checkout, "flask", "translate", "compile")
    out = tmp_path / "frozen"
    run(checkout, "flask", "freeze", "--out", str(out))
    assert (out / "en" / "stories" / "test-fixture" / "index.html").is_file()
    assert not (out / "ar" / "stories" / "test-fixture").exists()
    assert (out / "ar" / "stories" / "elias" / "index.html").is_file()
    sitemap = (out / "sitemap.xml").read_text()
    assert "/en/stories/test-fixture/" in sitemap and "/ar/stories/test-fixture/" not in sitemap
    listing = (out / "en" / "stories" / "index.html").read_text()
    assert "test-fixture" in listing


def test_each_check_sees_every_change_since_the_last(tmp_path):
    """`flask translate check` reuses what an earlier check (and start) found
    for the same bytes: an editor's and a translator's every change between
    two checks must still be reported, and its fix seen, at once."""
    checkout = make_checkout(tmp_path / "site")
    story = checkout / "content" / "stories" / "test-fixture.md"

    def check() -> str:
        done = run(checkout, "flask", "translate", "check", check=False)
        return done.stdout + done.stderr

    assert "0 errors" in check()
    assert "0 errors" in check()  # the same again, from the cache
    assert (checkout / "build" / "catalog-cache.json").is_file()

    # An editor adds a story and forgets to extract: named at its file and line.
    story.write_text(STORY, encoding="utf-8")
    out = check()
    assert "content/stories/test-fixture.md:15: error [freshness]" in out, out
    run(checkout, "flask", "translate", "extract")
    run(checkout, "flask", "translate", "update")
    assert "0 errors" in check()

    # An edit of the story after the app read it at start-up is extracted as saved.
    story.write_text(STORY.replace("A list item", "A changed list item"), encoding="utf-8")
    run(checkout, "flask", "translate", "extract")
    pot = {e.msgid for e in polib.pofile(str(checkout / "translations" / "messages.pot"))}
    assert "A changed list item" in pot and "A list item" not in pot
    run(checkout, "flask", "translate", "update")
    # `extract` told the next check its template is fresh; an edit after it is still caught.
    assert "0 errors" in check()
    story.write_text(STORY.replace("A list item", "An edited list item"), encoding="utf-8")
    assert "content/stories/test-fixture.md" in check() and "error [freshness]" in check()
    story.write_text(STORY.replace("A list item", "A changed list item"), encoding="utf-8")

    # A translator breaks one translation, then mends it.
    po = checkout / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(po), wrapwidth=100)
    catalog.find("Join Our Movement").msgstr = '<a href="https://evil.example/">انضمّ</a>'
    catalog.save()
    assert "ar/LC_MESSAGES/messages.po" in check() and "[html]" in check()
    catalog.find("Join Our Movement").msgstr = "انضمّ إلينا"
    catalog.save()
    out = check()
    assert "[html]" not in out and "0 errors" in out, out
