"""Wording that readers meet in every language, checked on rendered pages:
a key figure's box always shows its number, whatever plural form the count
takes, and "Page 2 of 4" never says "of" with a slash (screen readers read
"2 / 4" as "two divided by four"). Each check is proven on a catalog with
the defect."""

from __future__ import annotations

import pytest

from ..support import LOCALES, build, set_translation, soup

WAR_YEARS = "%(num)s year of war"
PAGE_OF = "Page %(number)s of %(count)s"
# One count for each of Arabic's six plural forms (zero, one, two, 3-10,
# 11-99, 100 and up), so each language's every form is on a page once.
COUNTS = [0, 1, 2, 3, 11, 100]


def with_war_years(content, years: int):
    """The Syria program with its "years of war" figure set to `years`."""
    program = content / "programs" / "syria.md"
    text = program.read_text(encoding="utf-8")
    assert "war_years: {value: 4," in text
    program.write_text(text.replace("war_years: {value: 4,", f"war_years: {{value: {years},"),
                       encoding="utf-8")
    return content


def boxes_without_a_number(client, lang: str) -> list[str]:
    doc = soup(client.get(f"/{lang}/programs/syria/"))
    boxes = doc.select(".figures li")
    assert len(boxes) == 3
    return [box.get_text(" ", strip=True) for box in boxes
            if not (box.select_one(".figure__number") and
                    box.select_one(".figure__number").get_text(strip=True))]


@pytest.mark.parametrize("years", COUNTS)
def test_every_figure_box_shows_its_number(content, translations, years):
    client = build(translations, CONTENT_DIR=str(with_war_years(content, years)),
                   CONTENT_CACHE=None).test_client()
    for lang in LOCALES:
        assert boxes_without_a_number(client, lang) == [], lang


def test_a_one_form_that_says_the_number_in_words_leaves_the_box_empty(content, translations):
    # Correct Arabic in prose, the defect in a figure box.
    set_translation(translations, "ar", WAR_YEARS, {
        0: "%(num)s سنة من الحرب", 1: "سنة واحدة من الحرب", 2: "سنتان من الحرب",
        3: "%(num)s سنوات من الحرب", 4: "%(num)s سنة من الحرب", 5: "%(num)s سنة من الحرب",
    })
    client = build(translations, CONTENT_DIR=str(with_war_years(content, 1)),
                   CONTENT_CACHE=None).test_client()
    assert boxes_without_a_number(client, "ar") == ["سنة واحدة من الحرب"]


def where_in_the_list(client, lang: str) -> tuple[str, str]:
    """The stories index's page 2: the "Page 2 of N" line and the tab title."""
    doc = soup(client.get(f"/{lang}/stories/page/2/"))
    assert doc.html["lang"] == lang
    return doc.select_one(".pagination span").get_text(" ", strip=True), doc.title.get_text()


@pytest.mark.parametrize("lang", LOCALES)
def test_page_of_count_says_of_in_words(translations, lang):
    client = build(translations, STORIES_PER_PAGE=1).test_client()
    here, title = where_in_the_list(client, lang)
    assert "2" in here
    assert "/" not in here and "/" not in title, (here, title)


def test_a_slash_for_of_is_caught(translations):
    set_translation(translations, "tr", PAGE_OF, "Sayfa %(number)s / %(count)s")
    client = build(translations, STORIES_PER_PAGE=1).test_client()
    here, title = where_in_the_list(client, "tr")
    assert here == "Sayfa 2 / 4" and "Sayfa 2 / 4" in title
