"""A content file's Markdown body: split into messages (each heading,
paragraph, list item and quoted paragraph is one), each with the line it
starts on and the notes an editor left for translators, and turned into
HTML with a hole where each message goes.

Notes for translators are HTML comments at the start of a paragraph, the
way templates use `{# TRANSLATORS: ... #}`:

    <!-- TRANSLATORS: Elias is a man's name. -->
    Elias is one of the millions of Syrians ...

A comment alone in its paragraph notes the next one. Comments that do not
start with TRANSLATORS: are the editor's own and go nowhere. A note with no
text after it (its paragraph was deleted) is a warning at the comment's
line: the page is unaffected, so the file is still used.
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

# Made into a message: (text, line) -> Message or None (a problem was recorded).
MakeMessage = Callable[[str, int, tuple[str, ...]], Message | None]
Report = Callable[[int, str], None]


def parse_body(text: str, first_line: int, make: MakeMessage, report: Report,
               warn: Report) -> Body:
    tokens = markdown.BLOCKS.parse(text)
    kept: list[Token] = []
    blocks: list[Message] = []
    pending: tuple[str, ...] = ()
    pending_line = first_line
    level = 1
    skip_until = -1
    for index, token in enumerate(tokens):
        if index <= skip_until:
            continue
        line = first_line + (token.map[0] if token.map else 0)
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
        line += consumed
        if not content:
            # A comment alone: drop its paragraph, keep its notes for the next one.
            if notes and not pending:
                pending_line = line - consumed
            pending = pending + notes
            if kept and kept[-1].type == "paragraph_open":
                kept.pop()
                skip_until = index + 1  # its paragraph_close
            else:
                report(line, "a comment alone where text should be")
            continue
        message = make(content, line, pending + notes)
        pending = ()
        if message is None:
            kept.append(_hole_token(None))  # the file is refused; keep the rest checking
            continue
        kept.append(_hole_token(len(blocks)))
        blocks.append(message)
    if pending:
        warn(pending_line, "a TRANSLATORS comment with no text after it; delete it, or "
             "write the paragraph it is for below it")
    html = markdown.RENDER.renderer.render(kept, markdown.RENDER.options, {})
    return Body(tuple(HOLE_SPLIT_RE.split(html)), tuple(blocks))


def _hole_token(index: int | None) -> Token:
    """An inline token that renders as the hole for message `index` (the
    renderer prints an html_inline token's content as it is)."""
    inline = Token("inline", "", 0)
    inline.children = []
    if index is not None:
        child = Token("html_inline", "", 0)
        child.content = HOLE.format(index)
        inline.children.append(child)
    return inline


def leading_comments(content: str) -> tuple[str, tuple[str, ...], int]:
    """(text after the leading comments, their TRANSLATORS notes, lines they took)."""
    notes: list[str] = []
    consumed = 0
    while match := COMMENT_RE.match(content):
        consumed += match.group(0).count("\n")
        comment = markdown.collapse(match.group("text"))
        if comment.startswith(NOTE_TAG):
            note = comment[len(NOTE_TAG):].strip()
            if note:
                notes.append(note)
        content = content[match.end():]
    return content, tuple(notes), consumed
