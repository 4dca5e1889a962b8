"""PUBLISH_THRESHOLD: a page is offered in a language only once enough of
its strings are translated there; until then the reader gets the English
page with a notice in their language."""

from __future__ import annotations

from ..support import build, set_translation, soup

START = "Read more about our work"  # on the join page only


def hreflangs(doc):
    return {link["hreflang"] for link in doc.find_all("link", rel="alternate")}


def switcher(doc):
    return [a["hreflang"] for a in doc.select("nav.languages a")]


def test_page_below_threshold_is_english_with_a_notice(translations):
    set_translation(translations, "ar", START, "")
    client = build(translations).test_client()  # default threshold: 100%
    response = client.get("/ar/join/")
    assert response.status_code == 200
    doc = soup(response)
    assert doc.html["lang"] == "en" and doc.html["dir"] == "ltr"
    assert doc.h1.get_text() == "Join Our Movement"
    notice = doc.find("p", class_="publish-notice")
    assert notice["lang"] == "ar" and notice["dir"] == "rtl"
    links = {a["hreflang"]: a["href"] for a in notice.find_all("a")}
    assert links == {"en": "/en/join/", "tr": "/tr/join/"}
    assert hreflangs(doc) == {"en", "tr", "x-default"}
    assert switcher(doc) == ["en", "tr"]
    assert doc.find("link", rel="canonical")["href"].endswith("/en/join/")

    # Other pages do not show START, so they stay published in Arabic.
    home = soup(client.get("/ar/"))
    assert home.html["lang"] == "ar"
    assert home.find("p", class_="publish-notice") is None
    assert "ar" in hreflangs(home) and "ar" in switcher(home)

    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/ar/join/" not in sitemap and "/ar/" in sitemap and "/tr/join/" in sitemap


def test_notice_is_in_the_readers_language(translations):
    """The notice is the engine's message: its Turkish comes from the engine's
    own catalog (app/translations), with no translation in the site's."""
    set_translation(translations, "tr", START, "")
    doc = soup(build(translations).test_client().get("/tr/join/"))
    notice = doc.find("p", class_="publish-notice")
    assert notice["lang"] == "tr"
    # Two languages (English and Arabic) to read it in: the plural form.
    assert notice.get_text(" ", strip=True).startswith(
        "Bu sayfa henüz Türkçe olarak yayımlanmadı. Sayfayı şu dillerden birinde okuyabilirsiniz:"
    )
    assert notice.find("span", lang="en") is None


def test_notice_sentence_agrees_with_the_number_of_languages(translations):
    """One language to read the page in reads differently from several
    ("şu dillerde" with a single language was a translator's complaint)."""
    set_translation(translations, "tr", START, "")
    set_translation(translations, "ar", START, "")
    client = build(translations).test_client()
    only_english = {"en": "/en/join/"}

    tr = soup(client.get("/tr/join/")).find("p", class_="publish-notice")
    assert {a["hreflang"]: a["href"] for a in tr.find_all("a")} == only_english
    assert " ".join(tr.get_text().split()) == (
        "Bu sayfa henüz Türkçe olarak yayımlanmadı. Sayfayı şu dilde okuyabilirsiniz: English."
    )
    ar = soup(client.get("/ar/join/")).find("p", class_="publish-notice")
    assert {a["hreflang"]: a["href"] for a in ar.find_all("a")} == only_english
    assert "بهذه اللغة: English" in ar.get_text(" ", strip=True)
    assert "اللغتين" not in ar.get_text() and "اللغات" not in ar.get_text()

    set_translation(translations, "tr", START, "Daha fazlasını okuyun")
    ar = soup(build(translations).test_client().get("/ar/join/")).find("p", class_="publish-notice")
    assert len(ar.find_all("a")) == 2
    assert "بإحدى هاتين اللغتين:" in ar.get_text()


def test_page_at_or_above_threshold_is_published(translations):
    set_translation(translations, "ar", START, "")
    client = build(translations, PUBLISH_THRESHOLD=0.8).test_client()
    doc = soup(client.get("/ar/join/"))
    assert doc.html["lang"] == "ar"
    assert doc.find("p", class_="publish-notice") is None
    assert "ar" in hreflangs(doc) and "ar" in switcher(doc)
    # The one missing string is English, marked.
    assert doc.find("span", lang="en", string=START) is not None
    assert "/ar/join/" in client.get("/sitemap.xml").get_data(as_text=True)


def test_refused_translation_counts_as_untranslated(translations):
    set_translation(translations, "tr", START, "<script>alert(1)</script>")
    doc = soup(build(translations).test_client().get("/tr/join/"))
    assert doc.html["lang"] == "en"
    assert doc.find("script") is None


def test_english_is_always_published(translations):
    set_translation(translations, "ar", START, "")
    doc = soup(build(translations).test_client().get("/en/join/"))
    assert doc.find("p", class_="publish-notice") is None
    assert "en" in switcher(doc)


def test_a_story_title_counts_only_where_the_story_is_shown(translations):
    """A page's strings are what the page registry says it shows: a story's
    title counts for its own page, not for the join page or another story.
    The list pages stay published and leave the story out of that
    language's list until it is published (its link would lead to an
    English page)."""
    set_translation(translations, "tr", "Elias' Story", "")
    client = build(translations).test_client()
    doc = soup(client.get("/tr/stories/elias/"))
    assert doc.html["lang"] == "en"
    assert doc.find("p", class_="publish-notice")["lang"] == "tr"
    for path in ("/tr/join/", "/tr/stories/a-sad-goodbye-to-syria/", "/tr/stories/", "/tr/",
                 "/tr/programs/syria/"):
        doc = soup(client.get(path))
        assert doc.html["lang"] == "tr", path
        assert doc.find("p", class_="publish-notice") is None, path
        assert doc.find("a", href="/tr/stories/elias/") is None, path
    assert doc.find("a", href="/tr/stories/a-sad-goodbye-to-syria/") is not None
    assert "3 hikâye" in soup(client.get("/tr/stories/")).find("p", class_="lead").get_text()
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/tr/stories/elias/" not in sitemap and "/tr/stories/a-sad-goodbye-to-syria/" in sitemap
