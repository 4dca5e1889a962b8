"""An editor adds a story the way the README says: one file in content/
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
