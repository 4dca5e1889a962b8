"""A message without Markdown skips markdown-it's parse (issue 23: a
seventh of a page's render). The page must not notice: for every string the
site's catalogs hold, and for the plain-looking text where Markdown could
differ, the short way gives markdown-it's own HTML."""

from __future__ import annotations

import polib
import pytest

from app.content.markdown import (
    RENDER,
    _holes,
    collapse,
    inline_html,
    plain,
    plain_text,
    render_inline,
)

from ..support import FIXTURE_SITE, LOCALES

EDGE_CASES = [
    'She said "enough" and left',  # the one character markdown-it escapes here
    "  spaces before and after  ",
    "a\ttab",
    "# not a heading inline",
    "1. not a list inline",
    "http://example.org is not linked (linkify is off)",
    "a ~~b~~ $x$ {{ x }} +-=^|#:@",
    "Arabic \u0627\u0644\u0633\u0644\u0627\u0645 with marks \u200f\u202b",
    "ends with two spaces  ",
    "[sic] and [à ţĥé çļîñîç ···]",  # brackets without a link: the Turkish pseudo-locale's
    "[a] (b) [c]",
    "[]",
]
# Each needs markdown-it: the short way must not take it.
MARKDOWN = ["*em*", "a [link](/x/)", "[ref][x]", "a & b", "1 < 2", "line\nbreak", "a\\*b", "`code`",
            "NUL\0", "cr\r\nlf"]


def catalog_strings() -> set[str]:
    strings: set[str] = set()
    for code in LOCALES:
        path = FIXTURE_SITE / "translations" / code / "LC_MESSAGES" / "messages.po"
        if not path.is_file():
            continue
        for entry in polib.pofile(str(path)):
            strings.update([entry.msgid, entry.msgstr, *entry.msgstr_plural.values()])
    return {s.replace("%", "") for s in strings if s}


def test_plain_text_gives_markdown_its_own_html():
    texts = [s for s in sorted(catalog_strings()) + EDGE_CASES if plain(s)]
    assert len(texts) > 50  # the catalogs' sentences, not only the edge cases
    assert [s for s in texts if inline_html(s) != RENDER.renderInline(s, {})] == []
    assert inline_html(EDGE_CASES[0]) == "She said &quot;enough&quot; and left"


@pytest.mark.parametrize("text", MARKDOWN)
def test_text_with_markdown_is_parsed(text):
    assert not plain(text)
    assert inline_html(text) == RENDER.renderInline(text, {})


def test_placeholders_are_filled_the_same_on_the_short_way():
    values = {"who": "<b>x</b>", "n": 3}
    assert render_inline('%(who)s said "%(n)s"', values) == (
        "&lt;b&gt;x&lt;/b&gt; said &quot;3&quot;")
    assert render_inline("*%(n)s*", values) == "<em>3</em>"


def test_plain_text_without_markdown_is_the_text_itself():
    """<title> and attributes take the short way too: the same words as
    markdown-it's tokens give, placeholders filled."""
    texts = [s for s in sorted(catalog_strings()) + EDGE_CASES if plain(_holes(s)[0])]

    def parsed(text: str) -> str:
        tokens = RENDER.parseInline(text)[0].children or []
        return collapse("".join(" " if t.type in ("softbreak", "hardbreak") else t.content
                                for t in tokens if t.type in ("text", "code_inline", "image",
                                                              "softbreak", "hardbreak")))

    assert [s for s in texts if plain_text(s, {}) != parsed(s)] == []
    assert plain_text("[sic]  %(who)s  said", {"who": "Ana"}) == "[sic] Ana said"
    assert plain_text("*em* %(who)s", {"who": "Ana"}) == "em Ana"
