"""A content page's text in one language: translations that pass the rules
are rendered as Markdown; anything refused shows the English for that one
message, marked lang="en" dir="ltr", while the rest stays translated."""

from __future__ import annotations

from babel import Locale
from bs4 import BeautifulSoup

from app.content import load
from app.content.markdown import FormatError, render_inline, to_msgid
from app.content.render import Reading, Renderer

from .conftest import PROGRAM, STORY, Catalog

ENGLISH = Reading(Locale.parse("en"), True, lambda message, n: None)


def loaded(site):
    site.write("stories/fixture.md", STORY)
    site.write("programs/fixture.md", PROGRAM)
    content = load(site.content, static_img=site.static_img, repo=site.root)
    assert not content.problems, content.problems
    return content, content.stories["fixture"], content.programs["fixture"]


FIRST = "First paragraph, with %(organisation)s and a [link](https://example.org/a%%20b)."
SECOND = "Second paragraph: over %(fled)s people since %(start)s, about 50%% of them."


def test_english_page_is_the_markdown_rendered(site):
    content, story, _ = loaded(site)
    html = Renderer(story, content.names, ENGLISH).body(story.body)
    page = BeautifulSoup(html, "html.parser")
    first = page.find("p")
    assert first.a["href"] == "https://example.org/a%20b"
    assert "International Medical Corps" in first.get_text()
    second = page.find_all("p")[1]
    assert second.strong.bdi.get_text() == "4 million"
    assert "since 2007, about 50% of them" in second.get_text()
    assert page.h2.get_text() == "A heading"
    assert [li.get_text() for li in page.find_all("li")] == ["First item", "Second item"]
    assert page.find("li").find_next("li").em.get_text() == "item"
    assert page.blockquote.p.get_text() == "A quoted paragraph."
    assert not page.find(attrs={"lang": "en"})


def test_translated_page_and_one_refused_translation(site):
    content, story, _ = loaded(site)
    catalog = Catalog({
        FIRST: "الفقرة الأولى مع %(organisation)s و[رابط](https://evil.example/).",  # refused
        SECOND: "الفقرة الثانية: أكثر من %(fled)s شخص منذ %(start)s، نحو %%50 منهم.",
        "A heading": "عنوان",
        "International Medical Corps": "الهيئة الطبية الدولية",
    })
    html = Renderer(story, content.names, catalog.reading()).body(story.body)
    page = BeautifulSoup(html, "html.parser")
    first, second = page.find_all("p")[:2]
    # the refused one: English, marked, its link the English one
    assert first.span["lang"] == "en" and first.span["dir"] == "ltr"
    assert first.a["href"] == "https://example.org/a%20b"
    assert "evil" not in html
    assert catalog.refused and catalog.refused[0][0] == FIRST
    # the others: translated, numbers written by Babel for ar, unmarked
    assert second.get_text().startswith("الفقرة الثانية")
    assert second.bdi.get_text() == "4 ملايين"
    assert "2007" in second.get_text() and "%50" in second.get_text()
    assert not second.find(attrs={"lang": "en"})
    assert page.h2.get_text() == "عنوان"
    # untranslated items are English, marked
    assert all(li.span["lang"] == "en" for li in page.find_all("li"))


def test_names_are_isolated_or_translated(site):
    content, story, _ = loaded(site)
    catalog = Catalog({"International Medical Corps": "الهيئة الطبية الدولية"})
    renderer = Renderer(story, content.names, catalog.reading())
    teaser = BeautifulSoup(renderer.html(story.teaser), "html.parser")
    bdi = teaser.find("bdi")
    assert bdi["lang"] == "en" and bdi["translate"] == "no" and bdi.get_text() == "Praxis"
    first = BeautifulSoup(renderer.html(story.body.blocks[0]), "html.parser")
    assert "الهيئة الطبية الدولية" in first.get_text()


def test_plain_text_for_title_and_attributes(site):
    content, story, _ = loaded(site)
    renderer = Renderer(story, content.names, ENGLISH)
    assert renderer.text(story.title) == "Fixture story about care"
    assert renderer.text(story.teaser) == "A teaser naming Praxis, a partner"
    assert renderer.text(story.description) == "A plain description of 100% fixture text."
    catalog = Catalog({"Fixture story about *care*": "قصة عن <b>الرعاية</b>"})  # refused
    assert Renderer(story, content.names, catalog.reading()).text(story.title) == \
        "Fixture story about care"


def test_key_figures_with_plural_forms(site):
    content, _, program = loaded(site)
    catalog = Catalog({"%(num)s year of war": ["سنة واحدة من الحرب", "%(num)s سنوات من الحرب"]})
    renderer = Renderer(program, content.names, catalog.reading())
    years = BeautifulSoup(renderer.key_figure(program.key_figures[1]), "html.parser")
    assert years.get_text() == "4 سنوات من الحرب"
    english = Renderer(program, content.names, ENGLISH)
    assert BeautifulSoup(english.key_figure(program.key_figures[0]), "html.parser").get_text() \
        == "More than 4 million refugees"


def test_turkish_numbers(site):
    content, story, _ = loaded(site)
    reading = Reading(Locale.parse("tr"), False, lambda m, n: None)
    html = Renderer(story, content.names, reading).html(story.body.blocks[1])
    assert "4 milyon" in BeautifulSoup(html, "html.parser").get_text()


def test_site_links_get_the_page_language(site):
    text = STORY.replace("a [link](https://example.org/a%20b)", "a [link](/stories/other/)")
    site.write("stories/fixture.md", text)
    content = load(site.content, static_img=site.static_img)
    story = content.stories["fixture"]
    catalog = Catalog({})
    html = Renderer(story, content.names,
                    catalog.reading(resolve=lambda url: "/ar" + url)).html(story.body.blocks[0])
    assert 'href="/ar/stories/other/"' in html


def test_values_are_escaped_and_placeholders_cannot_hide_in_links():
    assert str(render_inline("a %(x)s b", {"x": "<script>"})) == "a &lt;script&gt; b"
    try:
        render_inline("[a](https://x.example/%(x)s)", {"x": "y"})
    except FormatError:
        pass
    else:
        raise AssertionError("a placeholder in a link address must not render")


def test_names_are_not_replaced_in_link_addresses_or_code():
    names = {"partner": "Praxis"}
    converted = to_msgid("Praxis, [Praxis](https://example.org/Praxis) `Praxis` Praxisville",
                         {"partner"}, names)
    assert converted.msgid == (
        "%(partner)s, [%(partner)s](https://example.org/Praxis) `Praxis` Praxisville")
