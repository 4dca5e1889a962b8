"""Figures and plurals are written each language's way, by Babel."""

from __future__ import annotations

import pytest

from ..support import LOCALES, soup


def figures(client, lang):
    doc = soup(client.get(f"/{lang}/programs/syria/"))
    return [li.get_text(" ", strip=True) for li in doc.find("ul", class_="figures").find_all("li")]


def test_english_figures(client):
    assert figures(client, "en") == [
        "More than 4 million refugees",
        "7.6 million homeless",
        "4 years of war",
    ]


def test_turkish_figures_use_turkish_decimal_comma(client):
    text = " ".join(figures(client, "tr"))
    assert "7,6 milyon" in text
    assert "4 milyon" in text
    assert "7.6" not in text


def test_arabic_figures_use_arabic_number_words(client):
    text = " ".join(figures(client, "ar"))
    assert "4 ملايين" in text
    assert "7.6 مليون" in text
    assert "million" not in text


@pytest.mark.parametrize("lang", LOCALES)
def test_figures_are_isolated_from_surrounding_direction(client, lang):
    doc = soup(client.get(f"/{lang}/programs/syria/"))
    numbers = doc.select(".figures .figure__number")
    assert len(numbers) == 3
    assert all(n.find("bdi") for n in numbers)


def test_default_numbering_system_comes_from_cldr():
    """The site asks Babel for each locale's CLDR default numbering system
    rather than hard-coding symbols: ar_SY's default (arab) gives the Arabic
    decimal separator, plain ar's (latn) the full stop. Babel switches the
    symbols, not the digits themselves."""
    from babel import Locale

    from app.content.model import Figure
    from app.content.render import figure_text

    figure = Figure("displaced", 7_600_000, "compact", 1)
    assert figure_text(figure, Locale.parse("ar_SY")) == "7٫6 مليون"
    assert figure_text(figure, Locale.parse("ar")) == "7.6 مليون"


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("en", 1, "1 story from"),
        ("en", 4, "4 stories from"),
        ("tr", 4, "Suriye sayfasından 4 hikâye."),
    ],
)
def test_story_count_uses_plural_rules(app, lang, count, expected):
    from flask import g, render_template_string

    from app.site import languages

    with app.test_request_context():
        g.language = languages.language_for_prefix(lang)
        text = render_template_string(
            "{{ ngettext('%(num)s story from the Syria page of %(organisation)s.',"
            " '%(num)s stories from the Syria page of %(organisation)s.', n,"
            " organisation='International Medical Corps') }}",
            n=count,
        )
    assert expected in text
    assert 'lang="en"' not in text, "translated, not shown in English"


def test_arabic_plural_forms_differ_by_count(app):
    from flask import g, render_template_string

    from app.site import languages

    template = "{{ ngettext('%(num)s year of war', '%(num)s years of war', n) }}"
    with app.test_request_context():
        g.language = languages.language_for_prefix("ar")
        forms = {n: str(render_template_string(template, n=n)) for n in (0, 1, 2, 3, 11, 100)}
    assert len(set(forms.values())) == 6, forms
