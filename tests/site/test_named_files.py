"""A file that other files name never takes them down with it (issue 22,
finding 5): an editor's slip in the program file leaves the program and
every story published, and a story whose program is missing or refused is
published without the link to it, with the reason at the story's line.

Every change here is made to a temporary copy of content/."""

from __future__ import annotations

import logging

from ..support import content_site as site
from ..support import soup

STORY_SLUGS = ("elias", "a-sad-goodbye-to-syria", "home-is-where-one-starts-from",
               "urgent-support-on-leros")
PARAGRAPH = "We began operating in Syria in %(year)s"




def line_where(path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def program_links(client, path: str) -> list[str]:
    """The story's own links to the program (the menu's aside)."""
    links = soup(client.get(path)).find("ul", class_="links")
    return [a["href"] for a in links.find_all("a", href=True) if "/programs/" in a["href"]]


def test_deleting_the_paragraph_under_a_translator_note_takes_nothing_down(
        content, translations, caplog):
    """The probe's slip: the paragraph under a TRANSLATORS comment deleted
    from content/programs/syria.md. The comment is a warning at its line;
    the program page and every story stay published in every language, and
    check and the freeze go on."""
    program = content / "programs" / "syria.md"
    comment = line_where(program, "TRANSLATORS: %(year)s")
    text = program.read_text(encoding="utf-8")
    program.write_text("\n".join(ln for ln in text.splitlines() if PARAGRAPH not in ln) + "\n",
                       encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        app = site(content, translations)
    warned = [r for r in caplog.records if r.levelno == logging.WARNING
              and f"content/programs/syria.md:{comment}: a TRANSLATORS comment with no text "
              "after it" in r.getMessage()]
    assert warned
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    client = app.test_client()
    for lang in ("en", "ar", "tr"):
        assert client.get(f"/{lang}/programs/syria/").status_code == 200, lang
        for slug in STORY_SLUGS:
            assert client.get(f"/{lang}/stories/{slug}/").status_code == 200, (lang, slug)
    assert "/en/programs/syria/" in program_links(client, "/en/stories/elias/")
    runner = app.test_cli_runner()
    check = runner.invoke(args=["translate", "check"])
    assert "error [content]" not in check.output
    # The translator's report shows the slip where the editor will look for it.
    assert (f"content/programs/syria.md:{comment}: warning [content] a TRANSLATORS comment "
            "with no text after it") in check.output, check.output
    out = content.parent / "site"
    freeze = runner.invoke(args=["freeze", "--out", str(out)])
    assert freeze.exit_code == 0, freeze.output
    assert (out / "ar" / "programs" / "syria" / "index.html").is_file()


def test_a_story_whose_program_is_refused_stays_without_the_link(content, translations,
                                                               caplog):
    """A program file refused for its own mistake: its page is a 404, but
    every story that joins it is still served, without the link to it, and
    each says why at its `programs:` line (a warning: the error is the
    program file's, and check fails on that)."""
    program = content / "programs" / "syria.md"
    program.write_text(program.read_text().replace("short_title:", "shortt_title:"))
    with caplog.at_level(logging.WARNING):
        app = site(content, translations)
    messages = [r.getMessage() for r in caplog.records]
    for slug in STORY_SLUGS:
        line = line_where(content / "stories" / f"{slug}.md", "programs:")
        assert any(f"content/stories/{slug}.md:{line}: programs: 'syria' is left out of the "
                   "site" in m for m in messages), slug
    client = app.test_client()
    assert client.get("/en/programs/syria/").status_code == 404
    for slug in STORY_SLUGS:
        assert client.get(f"/ar/stories/{slug}/").status_code == 200, slug
        assert program_links(client, f"/en/stories/{slug}/") == []
    check = app.test_cli_runner().invoke(args=["translate", "check"])
    assert check.exit_code == 1
    assert "content/programs/syria.md:3: error [content] unknown key 'shortt_title'" \
        in check.output


def test_a_story_naming_no_program_is_served_and_the_name_is_an_error(content, translations):
    """A story naming a program that does not exist (a typo) is served
    without the link; `check` names the story's line as an error."""
    story = content / "stories" / "elias.md"
    story.write_text(story.read_text().replace("programs: [syria]", "programs: [siria]"))
    line = line_where(story, "programs:")
    app = site(content, translations)
    client = app.test_client()
    assert client.get("/en/stories/elias/").status_code == 200
    assert program_links(client, "/en/stories/elias/") == []
    check = app.test_cli_runner().invoke(args=["translate", "check"])
    assert check.exit_code == 1
    assert (f"content/stories/elias.md:{line}: error [content] programs: 'siria' is not a "
            "program") in check.output


LINKS = """\
---
# A test fixture, not content of the site.
title: Test fixture story with links
teaser: A fixture teaser.
illustration:
  file: story-comic.svg
  alt: ""
related:
  - text: A fixture link to a page that is not there
    url: /stories/no-such-story/
---

A fixture paragraph that links to [a story](/stories/elias/), [a program](/programs/syria/#areas),
[the join page](/join/?from=fixture) and [the stories](/stories/).

A fixture paragraph that links to [a missing story](/stories/gone/).

A fixture paragraph that links to [a page](/stories/elias) without its slash.
"""


def test_a_link_to_a_page_that_is_not_there_is_a_check_error_at_its_line(content, translations):
    """Issue 22, finding 10: a site path in content that names no page of
    the site is a `check` error at its line (and the freeze refuses); links
    to pages that exist, with a fragment or a query, pass. The story holding
    the broken link is still served."""
    path = content / "stories" / "test-fixture.md"
    path.write_text(LINKS, encoding="utf-8")
    app = site(content, translations)
    assert app.test_client().get("/en/stories/test-fixture/").status_code == 200
    runner = app.test_cli_runner()
    check = runner.invoke(args=["translate", "check"])
    assert check.exit_code == 1
    errors = [line.split(f"{content.parent}/", 1)[-1] for line in check.output.splitlines()
              if "error [content]" in line]
    where = "content/stories/test-fixture.md"
    assert errors == [
        f"{where}:10: error [content] link '/stories/no-such-story/': is no page of this site",
        f"{where}:16: error [content] link '/stories/gone/': is no page of this site",
        f"{where}:18: error [content] link '/stories/elias': is no page of this site; write "
        "/stories/elias/",
    ]
    out = content.parent / "site"
    freeze = runner.invoke(args=["freeze", "--out", str(out)])
    assert freeze.exit_code == 1 and f"{where}:16:" in freeze.output
    assert not out.exists()
