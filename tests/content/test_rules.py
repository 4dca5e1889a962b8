"""Hostile and mistaken translations of content messages: each rule refuses
what it must (and the page then shows the English), and lets a faithful
translation through untouched."""

from __future__ import annotations

import pytest

from app.catalogs.rules import ERROR
from app.content.model import MARKDOWN, TEXT
from app.content.rules import check_content, errors

SOURCE = "Read [the report](https://example.org/report) by %(organisation)s about %(fled)s people."


@pytest.mark.parametrize(
    "translation, fragment",
    [
        # a link added, or its address changed
        ("اقرأ [التقرير](https://evil.example/) عن %(organisation)s و%(fled)s.",
         "link to 'https://evil.example/'"),
        ("اقرأ [التقرير](https://example.org/report) [هنا](https://example.org/report) "
         "%(organisation)s %(fled)s", "links to 'https://example.org/report' 2 times"),
        ("اقرأ <https://evil.example/> %(organisation)s %(fled)s", "link to 'https://evil.example/'"),
        ("اقرأ <evil@example.org> %(organisation)s %(fled)s", "link to 'mailto:evil@example.org'"),
        # an unsafe scheme, which the renderer would leave as literal text:
        # refused, not passed over (issue 22, finding 10)
        ("[x](javascript:alert(1)) %(organisation)s %(fled)s",
         "link to 'javascript:alert(1)'"),
        # a picture, inline or as raw HTML
        ("![x](https://tracker.example/p.gif) %(organisation)s %(fled)s", "adds a picture"),
        ('<img src="https://tracker.example/p.gif"> %(organisation)s %(fled)s',
         "<img> is not in the source"),
        # raw HTML of any kind (the template rules refuse it: the English has none)
        ("<script>alert(1)</script> %(organisation)s %(fled)s", "<script> is never allowed"),
        ('<a href="https://evil.example/">x</a> %(organisation)s %(fled)s',
         "<a> is not in the source"),
        ("<!-- hidden --> %(organisation)s %(fled)s", "is not a well-formed tag"),
        # placeholders dropped, added, or broken
        ("اقرأ [التقرير](https://example.org/report) عن %(fled)s.", "%(organisation)s"),
        ("%(organisation)s %(fled)s %(partner)s", "%(partner)s is not in the source"),
        ("%(organisation)s %(fled)d", "does not fit"),
        ("%(organisation)s %(fled)s 50%", "lone %"),
        ("%(organisation)s %(fled)s %s", "unnamed placeholder"),
        # the renderer's own private-use characters
        ("%(organisation)s %(fled)s \ue0000\ue001", "private-use character"),
    ],
)
def test_hostile_translation_is_refused(translation, fragment):
    found = errors(MARKDOWN, SOURCE, translation)
    assert any(fragment in message for message in found), found


@pytest.mark.parametrize(
    "translation",
    [
        "اقرأ [التقرير](https://example.org/report) الذي كتبته %(organisation)s عن %(fled)s شخص.",
        # reordered, emphasised, the link moved
        "عن %(fled)s شخص، *اقرأ* [تقرير %(organisation)s](https://example.org/report).",
        # the link dropped: the words stay, nothing is added
        "اقرأ التقرير الذي كتبته %(organisation)s عن %(fled)s شخص.",
        # a literal percent sign, written the catalogs' way
        "%%50 من %(fled)s شخص، [التقرير](https://example.org/report) %(organisation)s",
        # text that merely looks like markup
        "إذا كان 3 < 5 فـ %(organisation)s و%(fled)s [بين قوسين]",
    ],
)
def test_faithful_translation_passes(translation):
    assert errors(MARKDOWN, SOURCE, translation) == ()


def test_percent_in_a_link_address_stays_equal():
    source = "See [the file](https://example.org/a%%20b)."
    assert errors(MARKDOWN, source, "انظر [الملف](https://example.org/a%%20b).") == ()
    assert errors(MARKDOWN, source, "انظر [الملف](https://example.org/a%%20c).")


def test_count_may_be_left_out_of_a_single_number_form():
    source = "%(num)s year of war\n%(num)s years of war"
    assert errors(MARKDOWN, source, "سنة واحدة من الحرب", omittable=frozenset({"num"})) == ()
    assert errors(MARKDOWN, source, "سنوات من الحرب")


def test_plain_text_follows_the_template_rules():
    assert errors(TEXT, "A child at a consultation", "طفل في استشارة") == ()
    assert errors(TEXT, "A child at a consultation", "طفل <b>في</b> استشارة")
    assert errors(TEXT, "100%% done", "%%100 تم") == ()
    assert errors(TEXT, "100%% done", "100% تم")


def test_findings_are_errors_with_a_check_name():
    found = check_content(MARKDOWN, SOURCE, "<b>x</b>")
    assert found and all(f.severity == ERROR for f in found if f.check == "markdown")
    assert {f.check for f in found} >= {"html", "placeholders"}
    found = check_content(MARKDOWN, SOURCE, "![x](https://tracker.example/p.gif)")
    assert {f.check for f in found if f.severity == ERROR} >= {"markdown", "placeholders"}
