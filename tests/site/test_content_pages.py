"""Stories and programs as content files, as the site serves them: a story
added as a file only, publishing decided page by page, bounded and
paginated lists, broken files and refused translations costing only
themselves.

Every story written here is a test fixture in a temporary copy of content/,
never a story of the site."""

from __future__ import annotations

import logging
import math

from ..support import content_site as site
from ..support import page_paths, set_translation, soup, touch_later

FIXTURE = """\
---
# A test fixture, not content of the site.
title: Test fixture story
teaser: A fixture teaser naming International Medical Corps.
illustration:
  file: story-comic.svg
  alt: ""
date: 2026-01-01
featured: true
programs: [syria]
---

A fixture paragraph that links to [another story](/stories/elias/).

## A fixture heading
"""

LEROS_HEADING = "In the news"




def links(doc) -> set[str]:
    return {a["href"] for a in doc.find_all("a", href=True)}


def test_a_story_added_as_a_file_is_served_listed_and_mapped(content, translations):
    (content / "stories" / "test-fixture.md").write_text(FIXTURE, encoding="utf-8")
    client = site(content, translations).test_client()
    doc = soup(client.get("/en/stories/test-fixture/"))
    assert doc.h1.get_text() == "Test fixture story"
    assert "International Medical Corps" in doc.find("p", class_="lead").get_text()
    assert doc.find("a", string="another story")["href"] == "/en/stories/elias/"
    assert doc.find("div", class_="prose").h2.get_text() == "A fixture heading"
    for path in ("/en/", "/en/stories/", "/en/programs/syria/"):
        assert "/en/stories/test-fixture/" in links(soup(client.get(path))), path
    assert "/en/stories/test-fixture/" in client.get("/sitemap.xml").get_data(as_text=True)


def test_an_untranslated_story_takes_nothing_else_from_arabic_readers(content, translations):
    (content / "stories" / "test-fixture.md").write_text(FIXTURE, encoding="utf-8")
    client = site(content, translations).test_client()
    doc = soup(client.get("/ar/stories/test-fixture/"))
    assert doc.html["lang"] == "en"
    assert doc.find("p", class_="publish-notice")["lang"] == "ar"
    for path in ("/ar/", "/ar/stories/", "/ar/join/", "/ar/programs/syria/",
                 "/ar/stories/elias/", "/tr/", "/tr/stories/urgent-support-on-leros/"):
        doc = soup(client.get(path))
        assert doc.html["lang"] in ("ar", "tr"), path
        assert doc.find("p", class_="publish-notice") is None, path
        # Not offered where it cannot be read yet.
        assert not any("test-fixture" in href for href in links(doc)), path
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/en/stories/test-fixture/" in sitemap
    assert "/ar/stories/test-fixture/" not in sitemap


def test_a_refused_translation_costs_its_own_pages_only_and_is_logged_at_load(
    content, translations, caplog
):
    path = set_translation(translations, "ar", LEROS_HEADING,
                           "[في الأخبار](https://evil.example/)")
    with caplog.at_level(logging.ERROR):
        app = site(content, translations)
    logged = [r.getMessage() for r in caplog.records if "In the news" in r.getMessage()]
    assert len(logged) == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if text == f'msgid "{LEROS_HEADING}"') + 1
    assert logged[0].startswith(f"{path}:{line}: "), (logged, line)  # at the msgstr
    assert "evil.example" in logged[0]
    client = app.test_client()
    doc = soup(client.get("/ar/stories/urgent-support-on-leros/"))
    assert doc.html["lang"] == "en"  # below the threshold: English, with the notice
    for other in ("/ar/", "/ar/stories/", "/ar/stories/elias/", "/ar/programs/syria/"):
        assert soup(client.get(other)).html["lang"] == "ar", other
    # Under a lower threshold the page is published, and that one heading is
    # English, marked, with no link at all.
    client = site(content, translations, PUBLISH_THRESHOLD=0.5).test_client()
    doc = soup(client.get("/ar/stories/urgent-support-on-leros/"))
    assert doc.html["lang"] == "ar"
    heading = doc.find("div", class_="prose").h2
    assert heading.span["lang"] == "en" and heading.span["dir"] == "ltr"
    assert heading.get_text() == LEROS_HEADING
    assert "evil.example" not in client.get("/ar/stories/urgent-support-on-leros/").get_data(
        as_text=True)


def story_pages(app, lang: str) -> int:
    """How many stories are published in `lang` (as the app judges it)."""
    return sum(p.startswith(f"/{lang}/stories/") and p.count("/") == 4
               for p in page_paths(app, lang, published_only=True))


def test_the_stories_index_is_paginated_per_language(content, translations):
    (content / "stories" / "test-fixture.md").write_text(FIXTURE, encoding="utf-8")
    app = site(content, translations, STORIES_PER_PAGE=2)
    client = app.test_client()
    english = len(list((content / "stories").glob("*.md")))
    pages = math.ceil(english / 2)
    assert pages >= 3, "the fixture site has enough stories for a middle page"
    first = soup(client.get("/en/stories/"))
    assert first.find("link", rel="next")["href"] == "/en/stories/page/2/"
    assert first.find("link", rel="prev") is None
    last = soup(client.get(f"/en/stories/page/{pages}/"))
    assert last.find("link", rel="prev")["href"] == f"/en/stories/page/{pages - 1}/"
    assert last.find("link", rel="next") is None
    assert len(last.find_all("article", class_="card")) == english - 2 * (pages - 1)
    assert client.get(f"/en/stories/page/{pages + 1}/").status_code == 404
    assert client.get("/en/stories/page/1/").status_code == 404  # page 1 is /stories/
    # Arabic has fewer stories published (the new one and the fixture's
    # English-only one are not): fewer pages, the next one is not offered.
    arabic_pages = math.ceil(story_pages(app, "ar") / 2)
    assert 2 <= arabic_pages < pages
    arabic = soup(client.get(f"/ar/stories/page/{arabic_pages}/"))
    assert arabic.html["lang"] == "ar" and arabic.find("link", rel="next") is None
    assert soup(client.get(f"/ar/stories/page/{arabic_pages + 1}/")).html["lang"] == "en"
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/en/stories/page/{pages}/" in sitemap
    assert f"/ar/stories/page/{arabic_pages}/" in sitemap
    assert f"/ar/stories/page/{arabic_pages + 1}/" not in sitemap


def test_home_and_program_lists_are_bounded(content, translations):
    for number in range(6):
        text = FIXTURE.replace("featured: true\n", "")
        text = text.replace("2026-01-01", f"2026-01-0{number + 1}")
        (content / "stories" / f"fixture-{number}.md").write_text(text, encoding="utf-8")
    client = site(content, translations, HOME_STORIES=3).test_client()
    for path in ("/en/", "/en/programs/syria/"):
        assert len(soup(client.get(path)).find_all("article", class_="card")) == 3, path
    count = len(list((content / "stories").glob("*.md")))
    lead = soup(client.get("/en/stories/")).find("p", class_="lead").get_text()
    assert f"{count} stories" in lead


def test_a_broken_file_costs_only_itself(content, translations, caplog):
    (content / "stories" / "broken.md").write_text(
        FIXTURE.replace("title:", "titel:"), encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        app = site(content, translations)
    assert any("stories/broken.md:3: unknown key 'titel'" in r.getMessage()
               for r in caplog.records)
    client = app.test_client()
    assert client.get("/en/stories/broken/").status_code == 404
    assert client.get("/ar/stories/elias/").status_code == 200
    runner = app.test_cli_runner()
    check = runner.invoke(args=["translate", "check"])
    assert check.exit_code == 1
    assert "stories/broken.md:3: error [content] unknown key 'titel'" in check.output
    extract = runner.invoke(args=["translate", "extract"])
    assert extract.exit_code != 0 and "broken.md:3" in extract.output
    freeze = runner.invoke(args=["freeze", "--out", str(content.parent / "site")])
    assert freeze.exit_code != 0 and "broken.md:3" in freeze.output
    assert not (content.parent / "site").exists()


def test_a_saved_content_file_shows_on_the_next_request(content, translations):
    client = site(content, translations).test_client()
    assert client.get("/en/stories/test-fixture/").status_code == 404
    before = client.get("/en/stories/").get_data(as_text=True)
    path = content / "stories" / "test-fixture.md"
    path.write_text(FIXTURE, encoding="utf-8")
    touch_later(path)
    assert client.get("/en/stories/test-fixture/").status_code == 200
    after = client.get("/en/stories/").get_data(as_text=True)
    assert "test-fixture" in after and "test-fixture" not in before
    path.write_text(FIXTURE.replace("Test fixture story", "Renamed fixture"), encoding="utf-8")
    touch_later(path)
    assert "Renamed fixture" in client.get("/en/stories/test-fixture/").get_data(as_text=True)


def test_frame_strings_count_on_every_page(content, translations):
    """The menu names the programs: an untranslated program name takes every
    page of the language below the threshold, as any menu string would."""
    set_translation(translations, "tr", "Syria", "")
    client = site(content, translations).test_client()
    for path in ("/tr/", "/tr/join/", "/tr/stories/elias/"):
        assert soup(client.get(path)).html["lang"] == "en", path
