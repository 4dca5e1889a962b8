"""3.1.2 as judged from text and lang: the cases translators actually produce."""

from __future__ import annotations

import pytest

from app.a11y import language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("This sentence was never translated.", "ar"),
        ("تقدم ISO خدمات", "ar"),  # one stray Latin word is still unmarked English
        ("مرحبا بكم", "en"),
        ("This sentence was not translated and is still in English for the readers.", "tr"),
        ("The conflict in Syria has created the biggest humanitarian crisis", "tr"),
        ("Language", "ckb"),  # an untranslated label on a Kurdish (Arabic-script) page
        ("ትግርኛ Main", "ti"),  # any script CLDR names, not a list
    ],
)
def test_unmarked_foreign_text_is_reported(text, lang):
    assert language.judge(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("تقدم الهيئة الطبية الدولية الرعاية الصحية", "ar"),
        ("فرقنا الطبية مع شركائنا في منظمة Praxis تقدم المساعدة", "ar"),  # a name
        ("International Medical Corps, Suriye'de sağlık hizmeti sunuyor.", "tr"),
        ("Bu Türkçe paragraf beyaz üzerinde gri ve okunamayacak kadar soluk.", "tr"),
        ("Savaşın 4 yılı", "tr"),
        ("Ŝţôŕîéš ôƒ ŕéƒûĝééš", "en-XA"),  # pseudo-locales are transformed English
        ("seiroTS", "ar-XB"),
        ("Health care and support for Syrians", "en"),
        # CLDR's script name is no Unicode name here (Han, Japanese): not judged.
        ("日本語のテキストです", "ja"),
        ("这是中文", "zh"),
    ],
)
def test_text_in_its_own_language_or_a_name_is_not(text, lang):
    assert language.judge(text, lang) is None


def test_the_names_are_the_sites_proper_names():
    assert {"Praxis", "Mail Online", "International Medical Corps"} <= set(language.names())


def test_script_comes_from_cldr_not_a_list():
    assert language.script_of("ar") == "Arab"
    assert language.script_of("fa") == "Arab"
    assert language.script_of("tr") == "Latn"
    assert language.script_of("sr-Latn") == "Latn"
