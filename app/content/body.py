"""A content file's Markdown body: one message per heading, paragraph, list
item and quote, with its line and translators' notes, and the body's HTML with
a hole for each. A note is a comment opening a paragraph (or alone before it),
as templates use `{# TRANSLATORS: ... #}`: `<!-- TRANSLATORS: Elias is a man's name. -->`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.token import Token

from . import markdown
from .model import Body, Message

COMMENT_RE = re.compile(r"\A\s*<!--(?P<text>.*?)-->\s*", re.DOTALL)
NOTE_TAG = "TRANSLATORS:"
HOLE = "\ue010{}\ue011"
HOLE_SPLIT_RE = re.compile("\ue010\\d+\ue011")

# (text, line, notes) -> Message, or None when a problem was recorded.
MakeMessage = Callable[[str, int, tuple[str, ...]], Message | None]
Report = Callable[[int, str], None]


def parse_body(text: str, first_line: int, make: MakeMessage, report: Report,
               warn: Report) -> Body:
    kept: list[Token] = []
    blocks: list[Message] = []
    pending: tuple[str, ...] = ()
    pending_line = first_line
    level = 1
    drop_close = False
    for token in markdown.BLOCKS.parse(text):
        line = first_line + (token.map[0] if token.map else 0)
        if drop_close and token.type == "paragraph_close":
            drop_close = False
            continue
        if token.type in ("code_block", "fence"):
            report(line, "code blocks are not supported in a story or program; indent text "
                   "less than four spaces")
            continue
        if token.type == "heading_open":
            wanted = int(token.tag[1:])
            if wanted == 1:
                report(line, "a level-1 heading ('# '): the title is the page's only one; "
                       "start the body's headings at '## '")
            elif wanted > level + 1:
                report(line, f"heading level {wanted} follows level {level}; do not skip "
                       f"levels (use {'#' * (level + 1)})")
            level = wanted
        if token.type != "inline":
            kept.append(token)
            continue
        content, notes, consumed = leading_comments(token.content)
        if not content:
            # A comment alone: its paragraph goes, its notes are for the next one.
            if notes and not pending:
                pending_line = line
            pending += notes
            if kept and kept[-1].type == "paragraph_open":
                kept.pop()
                drop_close = True
            else:
                report(line + consumed, "a comment alone where text should be")
            continue
        message = make(content, line + consumed, pending + notes)
        pending = ()
        # The renderer prints an html_inline token's content as it is. With
        # no message the file is refused; the rest is still checked.
        token.children = [] if message is None else [
            Token("html_inline", "", 0, content=HOLE.format(len(blocks)))]
        kept.append(token)
        if message is not None:
            blocks.append(message)
    if pending:
        # The page is unaffected (its paragraph was deleted): a warning.
        warn(pending_line, "a TRANSLATORS comment with no text after it; delete it, or "
             "write the paragraph it is for below it")
    html = markdown.RENDER.renderer.render(kept, markdown.RENDER.options, {})
    return Body(tuple(HOLE_SPLIT_RE.split(html)), tuple(blocks))


def leading_comments(content: str) -> tuple[str, tuple[str, ...], int]:
    """(text after the leading comments, their TRANSLATORS notes, lines they took)."""
    notes: list[str] = []
    consumed = 0
    while match := COMMENT_RE.match(content):
        consumed += match.group(0).count("\n")
        comment = markdown.collapse(match.group("text"))
        if comment.startswith(NOTE_TAG) and (note := comment[len(NOTE_TAG):].strip()):
            notes.append(note)
        content = content[match.end():]
    return content, tuple(notes), consumed
