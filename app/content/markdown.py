"""Inline Markdown, the one way content text becomes HTML, English and
translations alike (markdown-it-py, CommonMark, raw HTML off). A msgid is the
editor's Markdown with names as `%(key)s` and `%` as `%%`; placeholders are
private-use characters while Markdown runs and are filled after, so a
figure's markup is never parsed."""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Collection, Mapping

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

RENDER = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False})
# Only to find the raw HTML and links a text holds, never rendered: it takes
# every address (the renderer leaves `[x](javascript:...)` as text, hiding it).
DETECT = MarkdownIt("commonmark", {"html": True})
DETECT.validateLink = lambda url: True
# A body's block structure; its inline text is parsed message by message.
BLOCKS = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).disable("inline")
MARKUP_CHARS = frozenset("[]<>!*_`&\\")

PLACEHOLDER_RE = re.compile(r"%\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)s")
# Any % spec an editor might write: %(name)X, %%, or a lone %.
PERCENT_SPEC_RE = re.compile(r"%%|%\((?P<name>[^()\n]*)\)(?P<conv>[A-Za-z]?)|%")
# Private-use characters stand in for placeholders while Markdown runs; text
# that already holds one could forge a placeholder, so it is refused.
PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")
HOLE_RE = re.compile("\ue000(\\d+)\ue001")
# Where a name is not replaced: code, link addresses, autolinks, placeholders.
PROTECTED_RE = re.compile(r"`+[^`]*`+|\]\([^)]*\)|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>|%\([^)]*\)s")
LETTER_RE = re.compile(r"[^\W\d_]")


class FormatError(ValueError):
    """Text that cannot be rendered with the values given."""


def join_lines(text: str) -> str:
    """One paragraph, one line: a soft break a space, a hard one CommonMark's `\\`."""
    *lines, last = text.split("\n")
    out = [line.rstrip(" ").rstrip("\\").strip() + "\\\n" if line.endswith(("\\", "  "))
           else line.strip() + " " for line in lines]
    return re.sub(r"[ \t]+", " ", "".join(out) + last.strip()).strip()


def collapse(text: str) -> str:  # every run of whitespace one space
    return re.sub(r"\s+", " ", text).strip()


Converted = namedtuple("Converted", "msgid problems")


def to_msgid(text: str, placeholders: Collection[str] | None,
             names: Mapping[str, str]) -> Converted:
    """The msgid for an editor's Markdown, using only `placeholders` (None: any), each
    of `names` (key -> text) made `%(key)s` as a whole word outside code and links."""
    problems: list[str] = []
    if PRIVATE_USE_RE.search(text):
        problems.append("contains a private-use character (U+E000-U+F8FF); remove it")

    def written(match: re.Match) -> str:
        spec, name, conv = match.group(0), match.group("name"), match.group("conv")
        if name is None:
            return spec * 2  # a percent sign (or two), as written
        if conv != "s" or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            problems.append(f"{spec!r} is not a placeholder; write %({name})s")
            return spec.replace("%", "%%")
        if placeholders is not None and name not in placeholders:
            known = ", ".join(sorted(placeholders))
            problems.append(f"%({name})s names no figure or name (known here: {known or 'none'})")
        return spec

    return Converted(replace_names(PERCENT_SPEC_RE.sub(written, text), names), tuple(problems))


def replace_names(text: str, names: Mapping[str, str]) -> str:
    if not any(value in text for value in names.values()):
        return text
    keys = {value: key for key, value in names.items()}
    # Longest first, so "Example Relief North" would win over a
    # shorter name inside it (re.compile caches the pattern).
    alternatives = "|".join(re.escape(v) for v in sorted(keys, key=len, reverse=True))
    pattern = re.compile(f"(?P<protected>{PROTECTED_RE.pattern})|(?<!\\w)(?:{alternatives})(?!\\w)")
    return pattern.sub(
        lambda m: m.group(0) if m.group("protected") else f"%({keys[m.group(0)]})s", text)


def placeholder_names(msgid: str) -> list[str]:
    if "%" not in msgid:  # most sentences: no regex
        return []
    return [m.group("name") for m in PLACEHOLDER_RE.finditer(msgid)]


def has_words(msgid: str) -> bool:
    """Anything to translate besides placeholders and markup? ("— %(source)s" has not.)"""
    if MARKUP_CHARS.isdisjoint(msgid):
        return bool(LETTER_RE.search(PLACEHOLDER_RE.sub("", msgid)))
    return bool(LETTER_RE.search(plain_text(msgid, {})))


def _holes(text: str) -> tuple[str, list[str]]:
    """Placeholders as private-use holes, `%%` as `%`; FormatError on any other `%`."""
    names: list[str] = []
    if "%" not in text:  # most sentences: no regex
        return text, names

    def hole(match: re.Match) -> str:
        spec = match.group(0)
        if spec == "%%":
            return "%"
        placeholder = PLACEHOLDER_RE.fullmatch(spec)
        if placeholder is None:
            raise FormatError(f"{spec!r} is not a placeholder (write %% for a percent sign)")
        names.append(placeholder.group("name"))
        return f"\ue000{len(names) - 1}\ue001"

    return PERCENT_SPEC_RE.sub(hole, text), names


def _fill(text: str, names: list[str], write: Callable[[str], str]) -> str:
    if not names and "\ue000" not in text:
        return text
    if sorted(int(m.group(1)) for m in HOLE_RE.finditer(text)) != list(range(len(names))):
        # A placeholder inside a link address or an image: Markdown encoded it.
        raise FormatError("a placeholder is inside a link address, where it cannot be filled")
    return HOLE_RE.sub(lambda match: write(names[int(match.group(1))]), text)


def render_inline(text: str, values: Mapping[str, object],
                  resolve: Callable[[str], str] | None = None) -> Markup:
    """HTML for one message; `values` are markup or (escaped) text."""
    if PRIVATE_USE_RE.search(text):
        raise FormatError("contains a private-use character")
    prepared, names = _holes(text)

    def escaped(name: str) -> str:
        if name not in values:
            raise FormatError(f"no value for %({name})s")
        return str(escape(values[name]))

    return Markup(_fill(inline_html(prepared, resolve), names, escaped))


# Also what makes a line break or that markdown-it rewrites (\r\n, NUL).
# Brackets alone are text: a link needs "](", a reference "][" (an inline
# render has no reference definitions, so "[sic]" stays as written).
NOT_PLAIN = (MARKUP_CHARS - frozenset("[]")) | frozenset("\n\r\0")


def plain(text: str) -> bool:
    return NOT_PLAIN.isdisjoint(text) and "](" not in text and "][" not in text


def inline_html(prepared: str, resolve: Callable[[str], str] | None = None) -> str:
    """markdown-it's inline HTML; for a sentence without markup it only escapes
    `"`, so the parse, a seventh of a page's render, is skipped (test_markdown_fast.py)."""
    if plain(prepared):
        return prepared.replace('"', "&quot;")
    return RENDER.renderInline(prepared, {"resolve": resolve})


def _render_link_open(self, tokens, idx, options, env):
    if env.get("resolve") is not None:
        tokens[idx].attrSet("href", env["resolve"](str(tokens[idx].attrGet("href") or "")))
    return self.renderToken(tokens, idx, options, env)


RENDER.add_render_rule("link_open", _render_link_open)


def plain_text(text: str, values: Mapping[str, object]) -> str:
    """A message's words without markup, for <title>, attributes and the words check."""
    prepared, names = _holes(text)
    if plain(prepared):  # no parse, as in inline_html: the words are the text
        return _fill(collapse(prepared), names, lambda name: str(values.get(name, "")))
    words = [" " if token.type in ("softbreak", "hardbreak") else token.content
             for token in RENDER.parseInline(prepared)[0].children or []
             if token.type in ("text", "code_inline", "image", "softbreak", "hardbreak")]
    return _fill(collapse("".join(words)), names, lambda name: str(values.get(name, "")))


Features = namedtuple("Features", "links images html", defaults=((), (), ()))


def features(text: str) -> Features:
    """Link addresses, images and raw HTML of a message, read as the renderer reads it."""
    if "[" not in text and "<" not in text:
        return Features()
    try:
        text, _ = _holes(text)
    except FormatError:
        pass
    found: dict[str, list[str]] = {"link_open": [], "image": [], "html_inline": []}
    tokens = list(DETECT.parseInline(text)[0].children or [])
    while tokens:
        token = tokens.pop(0)
        if token.type == "html_inline":
            found["html_inline"].append(token.content)
        elif token.type in found:
            found[token.type].append(str(token.attrGet("href" if token.type == "link_open"
                                                       else "src") or ""))
            tokens[:0] = token.children or []  # an image's description may hold a link
    return Features(*(tuple(v) for v in found.values()))
