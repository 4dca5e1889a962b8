"""The one judgement of a translation's HTML (nh3 with the source's own
allow-list): hostile markup is refused with a sentence that names what to
fix, and a faithful translation, however it quotes or cases its tags, passes."""

from __future__ import annotations

import pytest

from app.catalogs.rules import check_html

SOURCE = ('Read <a href="/en/stories/">the <strong>stories</strong></a> and '
          "<em>share</em> them.")


def problems(translation: str) -> list[str]:
    return [f.message for f in check_html(SOURCE, translation)]


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        ('<em>شاركها <a href="/en/stories/">القصص</a></em>', []),
        # what a browser reads the same: quoting, case, entities, spacing
        ("<EM>Paylaşın</Em>, <A HREF='/en/stories/' >hikâyeleri</a> 3 < 5 &amp; &nbsp;", []),
        ('<a href="&#47;en&#47;stories&#47;"><strong>x</strong></a>', []),
        ("Satır\r\n<em>iki</em>", []),
    ],
)
def test_a_faithful_translation_stays_clean(translation, expected):
    assert problems(translation) == expected


def test_arabic_with_the_sources_own_link_and_strong_stays_clean():
    arabic = 'اقرأ <a href="/en/stories/"><strong>القصص</strong></a> و<em>شاركها</em>.'
    assert problems(arabic) == []


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        ("<em><strong>x</em></strong>", "</em> closes <strong>: tags are not nested"),
        ("<em>x", "<em> is never closed"),
        ("<em>x</em></em>", "</em> closes nothing"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "script and data URLs are never allowed"),
        ('<a href="java\tscript:alert(1)">x</a>', "script and data URLs are never allowed"),
        ("<SCRIPT>alert(1)</SCRIPT>", "<script> is never allowed in a translation"),
        ('<A HREF="https://evil.example/">x</A>',
         "href='https://evil.example/' differs from the source's '/en/stories/'"),
        ("x <!-- hidden --> y", "'<!-- hidden ' is not a well-formed tag"),
        ("x <!-- never ended", "'<!-- never e' is not a well-formed tag"),
        ('<svg onload="alert(1)"><a href="/en/stories/">x</a></svg>',
         "<svg> is never allowed in a translation"),
        ('<svg onload="alert(1)">x</svg>', "onload= (an event handler) is never allowed"),
        ('<a href="/en/stories/" title="t">x</a>', "title= on <a> is not in the source"),
        ('<a href="/en/stories/" href="/x">x</a>', "href= appears twice in <a>"),
        ('<em style="color:red">x</em>', "style= is never allowed"),
        ('<img src="x" onerror="alert(1)">', "<img> is not in the source"),
        ("x <", "ends with '<', which would join the page's next tag"),
        ("x\x00<em>y</em>", "a browser would not read"),
        ('<a href="/en/stories/"><a href="/en/stories/">x</a></a>', "a browser would not read"),
    ],
)
def test_hostile_markup_is_refused_with_what_to_fix(translation, expected):
    found = problems(translation)
    assert any(expected in message for message in found), found
