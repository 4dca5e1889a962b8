"""Inline Markdown, the one way content text becomes HTML, for the English
and for every translation alike.

markdown-it-py does the parsing (CommonMark, raw HTML off); this module adds
what a catalog needs around it:

- the msgid of a piece of text: the editor's Markdown, with each name of
  names.yml turned into its placeholder (`%(organisation)s`) and a lone `%`
  written `%%`, the catalogs' convention;
- rendering a msgid or a translation: placeholders are swapped for
  private-use characters before Markdown sees them and filled after, so a
  figure's markup (`<strong><bdi>4 million</bdi></strong>`) is inserted as
  markup and never parsed, and `%` inside a link address survives;
- what a piece of text contains (links, images, raw HTML), for the rules a
  translation must follow and for the checks on the English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Container, Mapping
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

# What the page renders with: CommonMark, raw HTML shown as text.
RENDER = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False})
# Only to find raw HTML and links an editor or a translator wrote (never
# rendered). It takes every link address: the renderer's own check leaves
# `[x](javascript:...)` as literal text, which would hide the mistake; found
# here, it is an error at its line.
DETECT = MarkdownIt("commonmark", {"html": True})
DETECT.validateLink = lambda url: True
# A body's block structure; its inline text is parsed message by message.
BLOCKS = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).disable("inline")
# Without one of these a message holds no link, picture, HTML or emphasis:
# the fast paths below skip Markdown for it.
MARKUP_CHARS = frozenset("[]<>!*_`&\\")

# %(name)s as the catalogs write placeholders; names are identifiers.
PLACEHOLDER_RE = re.compile(r"%\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)s")
# Any % spec an editor might write: %(name)X, %%, or a lone %.
PERCENT_SPEC_RE = re.compile(r"%%|%\((?P<name>[^()\n]*)\)(?P<conv>[A-Za-z]?)|%")
# Private-use characters stand in for placeholders while Markdown runs; text
# that already holds one could forge a placeholder, so it is refused.
PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")
HOLE_OPEN, HOLE_CLOSE = "\ue000", "\ue001"
HOLE_RE = re.compile(f"{HOLE_OPEN}(\\d+){HOLE_CLOSE}")
# Parts of Markdown where a name must not be replaced: code spans, link
# destinations, autolinks and placeholders already written.
PROTECTED_RE = re.compile(r"`+[^`]*`+|\]\([^)]*\)|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>|%\([^)]*\)s")
LETTER_RE = re.compile(r"[^\W\d_]")


class FormatError(ValueError):
    """Text that cannot be rendered with the values given (a placeholder with
    no value, one lost inside a link address, a lone %)."""


# --- From the editor's text to a msgid -------------------------------------------


def join_lines(text: str) -> str:
    """One paragraph, one line: a soft line break is a space (it renders as
    one), a hard break is kept as CommonMark's backslash form."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        if last:
            out.append(line.strip())
        elif line.endswith("\\") or line.endswith("  "):
            out.append(line.rstrip(" ").rstrip("\\").strip() + "\\\n")
        else:
            out.append(line.strip() + " ")
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


def collapse(text: str) -> str:
    """A one-line front-matter value: every run of whitespace is one space."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Converted:
    msgid: str
    problems: tuple[str, ...]


def to_msgid(text: str, placeholders: Container[str], names: Mapping[str, str]) -> Converted:
    """The msgid for Markdown an editor wrote. `placeholders` are the names
    the text may use as `%(name)s` (its figures and every name); `names`
    maps a name's key to its text, replaced by `%(key)s` wherever it stands
    as a whole word outside code and link addresses."""
    problems: list[str] = []
    if PRIVATE_USE_RE.search(text):
        problems.append("contains a private-use character (U+E000-U+F8FF); remove it")
    allowed = placeholders

    def written(match: re.Match) -> str:
        spec = match.group(0)
        if spec == "%%":
            return "%%%%"  # two percent signs, as written
        if match.group("name") is None:
            return "%%"  # a percent sign, as written
        name, conv = match.group("name"), match.group("conv")
        if conv != "s" or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            problems.append(f"{spec!r} is not a placeholder; write %({name})s")
            return spec.replace("%", "%%")
        if name not in allowed:
            known = ", ".join(sorted(allowed)) if isinstance(allowed, Collection) else ""
            problems.append(f"%({name})s names no figure or name (known here: {known or 'none'})")
        return spec

    msgid = replace_names(PERCENT_SPEC_RE.sub(written, text), names)
    return Converted(msgid, tuple(problems))


def replace_names(text: str, names: Mapping[str, str]) -> str:
    if not any(value in text for value in names.values()):
        return text
    ordered, pattern = _names_pattern(tuple(sorted(names.items())))
    out = []
    pos = 0
    for region in PROTECTED_RE.finditer(text):
        out.append(_replace_in(text[pos : region.start()], pattern, ordered))
        out.append(region.group(0))
        pos = region.end()
    out.append(_replace_in(text[pos:], pattern, ordered))
    return "".join(out)


@lru_cache(maxsize=16)
def _names_pattern(items: tuple[tuple[str, str], ...]):
    # Longest first, so "International Medical Corps Syria" would win over a
    # shorter name inside it.
    ordered = sorted(items, key=lambda item: -len(item[1]))
    pattern = re.compile(
        "|".join(
            f"(?<![\\w])(?P<n{i}>{re.escape(value)})(?![\\w])"
            for i, (_, value) in enumerate(ordered)
        )
    )
    return ordered, pattern


def _replace_in(text: str, pattern: re.Pattern, ordered: list[tuple[str, str]]) -> str:
    def swap(match: re.Match) -> str:
        index = int(match.lastgroup[1:])
        return f"%({ordered[index][0]})s"

    return pattern.sub(swap, text)


def placeholder_names(msgid: str) -> list[str]:
    return [m.group("name") for m in PLACEHOLDER_RE.finditer(msgid)]


def has_words(msgid: str) -> bool:
    """Is there anything to translate, once placeholders and markup are set
    aside? ("— %(source)s" has not.)"""
    if MARKUP_CHARS.isdisjoint(msgid):
        return bool(LETTER_RE.search(PLACEHOLDER_RE.sub("", msgid)))
    return bool(LETTER_RE.search(plain_text(msgid, {}, keep_placeholders=False)))


# --- From a msgid (or its translation) to HTML ---------------------------------


def _holes(text: str) -> tuple[str, list[str]]:
    """Swap placeholders for private-use holes and `%%` for `%`. FormatError
    on any other `%`, which a vetted translation never has."""
    names: list[str] = []

    def hole(match: re.Match) -> str:
        spec = match.group(0)
        if spec == "%%":
            return "%"
        placeholder = PLACEHOLDER_RE.fullmatch(spec)
        if placeholder is None:
            raise FormatError(f"{spec!r} is not a placeholder (write %% for a percent sign)")
        names.append(placeholder.group("name"))
        return f"{HOLE_OPEN}{len(names) - 1}{HOLE_CLOSE}"

    return PERCENT_SPEC_RE.sub(hole, text), names


def _fill(text: str, names: list[str], values: Mapping[str, object],
          value: Callable[[str], str] | None = None) -> str:
    """Put each value in its hole. `value` writes one found by name; by
    default escaped HTML, and a name without a value is a FormatError."""
    found = [int(m.group(1)) for m in HOLE_RE.finditer(text)]
    if sorted(found) != list(range(len(names))):
        # A placeholder inside a link address or an image: Markdown encoded it.
        raise FormatError("a placeholder is inside a link address, where it cannot be filled")

    def escaped(name: str) -> str:
        if name not in values:
            raise FormatError(f"no value for %({name})s")
        return str(escape(values[name]))

    write = value or escaped
    return HOLE_RE.sub(lambda match: write(names[int(match.group(1))]), text)


Resolver = Callable[[str], str]


def render_inline(
    text: str, values: Mapping[str, object], resolve: Resolver | None = None
) -> Markup:
    """HTML for one message. `values` are markup or text (text is escaped);
    `resolve` turns a link address into the one the page uses (a site path
    gets the page's language)."""
    if PRIVATE_USE_RE.search(text):
        raise FormatError("contains a private-use character")
    prepared, names = _holes(text)
    return Markup(_fill(inline_html(prepared, resolve), names, values))


# Besides MARKUP_CHARS, what makes a line break or that markdown-it rewrites
# before parsing (\r\n to \n, NUL to U+FFFD).
NOT_PLAIN = MARKUP_CHARS | frozenset("\n\r\0")


def inline_html(prepared: str, resolve: Resolver | None = None) -> str:
    """markdown-it's inline HTML for `prepared` (placeholders already holes).

    Most messages are sentences without a link, emphasis or line break: for
    them markdown-it only escapes the one character of HtmlEscape that can be
    there, the double quote, and this skips its parse, a seventh of a page's
    render (tests/content/test_markdown_fast.py compares the two ways)."""
    if NOT_PLAIN.isdisjoint(prepared):
        return prepared.replace('"', "&quot;")
    env = {"resolve": resolve} if resolve is not None else {}
    return RENDER.renderInline(prepared, env)


def _render_link_open(self, tokens, idx, options, env):
    resolve = env.get("resolve")
    if resolve is not None:
        token = tokens[idx]
        token.attrSet("href", resolve(str(token.attrGet("href") or "")))
    return self.renderToken(tokens, idx, options, env)


RENDER.add_render_rule("link_open", _render_link_open)


def plain_text(
    text: str, values: Mapping[str, object], *, keep_placeholders: bool = False
) -> str:
    """The words of a message without its markup, for <title>, attributes and
    the words check: link text stays, addresses go."""
    if keep_placeholders:
        prepared, names = text, []
    else:
        prepared, names = _holes(text)
    tokens = RENDER.parseInline(prepared)[0].children or []
    out = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type == "image":
            out.append(token.content)
    joined = collapse("".join(out))
    if keep_placeholders:
        return joined
    # The words check: a value does not count as words.
    return _fill(joined, names, values, lambda name: str(values.get(name, "")))


# --- What a piece of text holds ------------------------------------------------


@dataclass(frozen=True)
class Features:
    links: tuple[str, ...]  # addresses, as Markdown normalises them
    images: tuple[str, ...]
    html: tuple[str, ...]  # raw HTML Markdown would have passed through


def features(text: str) -> Features:
    """Links, images and raw HTML in one message, read the way the renderer
    reads it (placeholders and `%%` prepared first)."""
    if "[" not in text and "<" not in text:
        return NO_FEATURES
    try:
        prepared, _ = _holes(text)
    except FormatError:
        prepared = text
    links: list[str] = []
    images: list[str] = []
    html: list[str] = []
    _walk(DETECT.parseInline(prepared)[0].children or [], links, images, html)
    return Features(tuple(links), tuple(images), tuple(html))


NO_FEATURES = Features((), (), ())


def _walk(tokens: list[Token], links: list[str], images: list[str], html: list[str]) -> None:
    for token in tokens:
        if token.type == "link_open":
            links.append(str(token.attrGet("href") or ""))
        elif token.type == "image":
            images.append(str(token.attrGet("src") or ""))
            _walk(token.children or [], links, images, html)
        elif token.type == "html_inline":
            html.append(token.content)
