"""Figures and plurals are written each language's way, by Babel."""

from __future__ import annotations

import pytest

from ..support import LOCALES, make_app, soup


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
    """Without a setting, each locale writes numbers in CLDR's default
    numbering system for it: ar_SY's (arab) gives Arabic-Indic digits and
    the Arabic decimal separator, plain ar's (latn) Western digits and the
    full stop. Babel switches only the symbols ("7٫6"); app/numbers.py
    writes the digits too."""
    from babel import Locale

    from app.content.model import Figure
    from app.content.render import figure_text

    figure = Figure("displaced", 7_600_000, "compact", 1)
    assert figure_text(figure, Locale.parse("ar_SY")) == "٧٫٦ مليون"
    assert figure_text(figure, Locale.parse("ar")) == "7.6 مليون"


def test_a_numbering_system_setting_gives_arabic_indic_digits_on_every_number():
    """NUMBERING_SYSTEMS flips Arabic to Arabic-Indic digits: the figures,
    the year in the text, the story count, "Page 2 of 4" and a file size.
    Other languages keep theirs."""
    from flask import g, render_template_string

    from app.site import languages

    app = make_app(NUMBERING_SYSTEMS={"ar": "arab"}, STORIES_PER_PAGE=1)
    client = app.test_client()
    assert figures(client, "ar") == ["أكثر من ٤ ملايين لاجئ", "٧٫٦ مليون نازح", "٤ سنوات من الحرب"]
    syria = soup(client.get("/ar/programs/syria/")).main.get_text()
    assert "٢٠٠٧" in syria and "2007" not in syria
    page_two = soup(client.get("/ar/stories/page/2/"))
    assert page_two.select_one(".pagination span").get_text() == "الصفحة ٢ من ٤"
    assert "٤ قصص" in page_two.find("p", class_="lead").get_text()
    with app.test_request_context():
        g.language = languages.language_for_prefix("ar")
        assert render_template_string("{{ format_size(60_000) }}") == "٦٠\u00a0كيلوبايت"
    assert "7,6 milyon" in " ".join(figures(client, "tr"))
    assert "7.6 million" in " ".join(figures(client, "en"))


def test_the_numbering_system_setting_reads_the_environment_and_refuses_unknowns(monkeypatch):
    from app.config import defaults

    monkeypatch.setenv("HIKAYA_NUMBERING_SYSTEMS", "ar=arab")
    assert defaults()["NUMBERING_SYSTEMS"] == {"ar": "arab"}
    with pytest.raises(RuntimeError, match="'roman' is not one of"):
        make_app(NUMBERING_SYSTEMS={"ar": "roman"})
    with pytest.raises(RuntimeError, match="names fa, which LOCALES does not list"):
        make_app(NUMBERING_SYSTEMS={"fa": "arabext"})


def test_each_known_numbering_system_is_ten_decimal_digits():
    import unicodedata

    from app.numbers import ZEROS

    for system, zero in ZEROS.items():
        run = [chr(ord(zero) + n) for n in range(10)]
        assert [unicodedata.decimal(c, None) for c in run] == list(range(10)), system


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
