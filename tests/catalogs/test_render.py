"""Readers never pay for a translation: a broken or hostile one leaves the
page at 200 with that one string in English, marked for screen readers."""

from __future__ import annotations

import logging

import pytest

from ..support import build, set_translation, soup

REFUGEES = "More than %(number)s refugees"
YEARS = "%(num)s year of war"
START = "Read more about our work"


def render(translations, path):
    # Threshold 0: the page stays in its language, so the one refused string
    # is the only English on it.
    client = build(translations, PUBLISH_THRESHOLD=0).test_client()
    return client.get(path)


def english_spans(doc):
    return [s for s in doc.find_all("span", lang="en") if s.get("dir") == "ltr"]


def assert_no_injection(doc):
    assert doc.find("script") is None
    assert not doc.find_all(lambda tag: any(a.startswith("on") for a in tag.attrs))
    assert not doc.find_all(href=lambda h: h and h.strip().lower().startswith("javascript"))
    assert not doc.find_all(style=True)


@pytest.mark.parametrize(
    ("msgid", "path", "bad", "english"),
    [
        (REFUGEES, "/tr/", "%(nombre)s mülteciden fazla", "More than"),
        (REFUGEES, "/tr/", "%(number)d mülteciden fazla", "More than"),
        (START, "/tr/join/", "%50 <script>alert(1)</script> hikâye", START),
        (START, "/tr/join/", '<b onclick="steal()">Hikâyeyi</b> bilerek başlayın', START),
        (START, "/tr/join/", '<a href="javascript:alert(1)">Hikâyeyi</a> bilerek başlayın', START),
        (START, "/tr/join/", '<span style="position:fixed">Hikâye</span>', START),
        (START, "/tr/join/", "<strong>Hikâyeyi bilerek başlayın", START),
        (START, "/tr/join/", "Hikâyeyi bilerek başlayın <!--", START),
    ],
)
def test_refused_translation_shows_marked_english(translations, caplog, msgid, path, bad, english):
    set_translation(translations, "tr", msgid, bad)
    with caplog.at_level(logging.ERROR):
        response = render(translations, path)
    assert response.status_code == 200
    doc = soup(response)
    assert doc.html["lang"] == "tr"
    assert any(english in span.get_text() for span in english_spans(doc))
    assert_no_injection(doc)
    assert "Hikâyeyi" not in doc.get_text() and "mülteciden" not in doc.get_text()
    logged = [r for r in caplog.records if msgid in r.getMessage()]
    assert len(logged) == 1 and "tr/LC_MESSAGES/messages" in logged[0].getMessage()


def test_problem_is_logged_once_per_message(translations, caplog):
    set_translation(translations, "tr", START, "<script>x</script>")
    client = build(translations, PUBLISH_THRESHOLD=0).test_client()
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            assert client.get("/tr/join/").status_code == 200
    assert len([r for r in caplog.records if START in r.getMessage()]) == 1


def test_missing_plural_form_shows_marked_english(translations):
    # Arabic form 3 covers 3..10: "4 years of war" on the home page.
    forms = {0: "لا حرب", 1: "سنة حرب", 2: "سنتا حرب", 3: "", 4: "%(num)s سنة حرب",
             5: "%(num)s سنة حرب"}
    set_translation(translations, "ar", YEARS, forms)
    response = render(translations, "/ar/")
    assert response.status_code == 200
    doc = soup(response)
    figures = doc.find("ul", class_="figures")
    spans = english_spans(figures)
    assert len(spans) == 1 and spans[0].get_text(" ", strip=True) == "4 years of war"


def test_a_plural_with_too_few_forms_is_english_only_where_missing(translations):
    set_translation(translations, "ar", YEARS, {0: "لا حرب", 1: "سنة حرب"})
    doc = soup(render(translations, "/ar/"))
    assert "4 years of war" in doc.find("ul", class_="figures").get_text(" ", strip=True)


def test_fuzzy_and_untranslated_strings_are_marked_english(translations):
    set_translation(translations, "tr", START, "Hikâyeyi bilerek başlayın", fuzzy=True)
    set_translation(translations, "tr", "Join Our Movement", "")
    doc = soup(render(translations, "/tr/join/"))
    texts = [span.get_text() for span in english_spans(doc)]
    assert START in texts and "Join Our Movement" in texts
    assert "Hikâyeyi" not in doc.get_text()


def test_good_translation_with_allowed_markup_is_used(translations):
    """The rules refuse only what the source lacks: a plain good translation
    is shown, in the page's language, unmarked."""
    set_translation(translations, "tr", START, "Önce hikâyeyi öğrenin")
    doc = soup(render(translations, "/tr/join/"))
    assert doc.find("h2").get_text() == "Önce hikâyeyi öğrenin"
    assert not english_spans(doc.find("h2"))


def test_english_pages_are_not_marked(translations):
    doc = soup(render(translations, "/en/join/"))
    assert not english_spans(doc.find("main"))


def test_attribute_text_falls_back_to_english(translations):
    """_text() output sits in attributes and <title>: it cannot be marked,
    but a broken translation still gives way to English."""
    set_translation(translations, "tr", "Main", "%(ana)s menü")
    doc = soup(render(translations, "/tr/join/"))
    assert doc.find("nav", class_="site-nav")["aria-label"] == "Main"
