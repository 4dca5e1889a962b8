"""Reading a content file's front matter, every problem recorded at its line so
one pass reports everything wrong: typed values, the fields that become
messages (names become placeholders, links and pictures checked), translators'
notes and the Markdown body."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterator
from pathlib import Path

from markdown_it.token import Token

from . import markdown
from .frontmatter import Node
from .model import MARKDOWN, TEXT, Body, Figure, Image, Message, Name, Problem, Ref

FIGURE_FORMATS = ("compact", "number", "year")
LINK_SCHEMES = ("https://", "http://", "mailto:")
SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# The most characters a field may have as written: a title sits on every list
# page, and a pasted article would make each heavy (docs/editors.md).
LENGTH_LIMITS = {"title": 200, "short_title": 80, "teaser": 600}
# A note for translators opens a paragraph (or stands alone before it), as in
# templates: <!-- TRANSLATORS: Amal is a woman's name. --> Others are the editor's.
COMMENT_RE = re.compile(r"\A\s*<!--(?P<text>.*?)-->\s*", re.DOTALL)
NOTE_TAG = "TRANSLATORS:"
HOLE = "\ue010{}\ue011"
HOLE_SPLIT_RE = re.compile("\ue010\\d+\ue011")
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")


class Reader:
    """One content file's values; a page's (`front`) fields become messages."""

    def __init__(self, path: str, names: dict[str, Name] | None = None,
                 front: Node | None = None):
        self.path = path
        self.names = names or {}
        self.front = front
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.refs: list[Ref] = []
        self.figures: dict[str, Figure] = {}
        # Every figure name given, even a faulty one: its use is not reported too.
        self.declared: set[str] = set()
        self.notes: dict[str, tuple[str, ...]] = {}  # field (or "all") -> its note

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.path, line, message))

    def typed(self, node: Node | None, kind: type, problem: str, default=None):
        """`node`'s value if a `kind`, else `default` and `problem` (no str.format: braces)."""
        if node is None:
            return default
        if not isinstance(node.value, kind):
            self.problem(node.line, problem.replace("{value!r}", repr(node.value)))
            return default
        return node.value

    def mapping(self, node: Node | None, what: str) -> dict[str, Node] | None:
        return self.typed(node, dict, f"{what} must be a set of 'key: value' lines")

    def items(self, node: Node | None, what: str) -> list[Node]:
        return self.typed(node, list, f"{what} must be a list ('- ' before each item)", [])

    def boolean(self, node: Node | None, what: str, default: bool = False) -> bool:
        return self.typed(node, bool, f"{what} must be true or false, not {{value!r}}", default)

    def known_keys(self, node: Node, allowed: tuple[str, ...], what: str) -> None:
        for key in node.value:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                self.problem(node.key_line(key), f"unknown key {key!r} in {what}{hint} "
                             f"(known: {', '.join(allowed)})")

    def text(self, node: Node | None, what: str, *, required: bool = False,
             parent: Node | None = None, allow_empty: bool = False) -> str | None:
        if node is None:
            if required:
                self.problem(parent.line if parent else 1, f"{what} is missing")
            return None
        value = node.value
        if not isinstance(value, str):
            shown = str(value).lower() if isinstance(value, bool) else value
            hint = "" if isinstance(value, (list, dict)) else \
                " (YAML read it as something else: put the text in quotes)"
            self.problem(node.line, f"{what} must be text, not {shown!r}{hint}")
            return None
        if not value.strip() and not allow_empty:
            self.problem(node.line, f"{what} is empty")
            return None
        return value

    def note(self, node: Node | None, what: str) -> tuple[str, ...]:
        text = self.text(node, what)
        return (markdown.collapse(text),) if text else ()

    def number(self, node: Node | None, what: str) -> float | int | None:
        if node is None:
            return None
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(node.line, f"{what} must be a number, not {value!r}")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.problem(node.line, f"{what} must be a finite number")
            return None
        return value

    def date(self, node: Node | None, what: str) -> datetime.date | None:
        if node is None:
            return None
        value = node.value
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(value.strip())
        except (AttributeError, ValueError):
            self.problem(node.line, f"{what} must be a date written 2015-09-01, not {value!r}")
            return None

    def slug(self, value: str, line: int, what: str) -> bool:
        if len(value) > 80 or not SLUG_RE.fullmatch(value):
            self.problem(line, f"{what} {value!r} must be lowercase letters, digits and single "
                         "hyphens (such as 'a-first-story'), at most 80 characters")
            return False
        return True

    def notes_for(self, field_name: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        return self.notes.get("all", ()) + self.notes.get(field_name, ()) + extra

    def field(self, key: str, read=None, **options):
        read = read or self.markdown_field
        return read(self.front.value.get(key), key, self.notes_for(key), parent=self.front,
                    **options)

    def each(self, key: str, label: str, keys: tuple[str, ...]
             ) -> Iterator[tuple[int, Node, dict[str, Node], tuple[str, ...]]]:
        """Each item of a list of mappings, its keys checked, with position and notes."""
        for position, item in enumerate(self.items(self.front.value.get(key), key), 1):
            fields = self.mapping(item, label)
            if fields is None:
                continue
            self.known_keys(item, (*keys, "translators"), label)
            own = self.note(fields.get("translators"), f"{key}: translators")
            yield position, item, fields, self.notes_for(key, own)

    def markdown(self, text: str, line: int, what: str, notes: tuple[str, ...],
                 *, extra_placeholders: bool = False) -> Message | None:
        converted = markdown.to_msgid(
            text, None if extra_placeholders else self.declared | set(self.names),
            {key: name.text for key, name in self.names.items()},
        )
        problems = [f"{what}: {problem}" for problem in converted.problems]
        found = markdown.features(converted.msgid)
        problems += [f"{what}: raw HTML {raw!r} is not allowed; write Markdown (*emphasis*, "
                     "[text](https://...))" for raw in found.html]
        problems += [f"{what}: a picture in the text ({src!r}); pictures go in the "
                     "illustration field" for src in found.images]
        problems += [f"{what}: {why}" for url in found.links
                     if (why := self.link_problem(url, line))]
        if not problems and found.links and "%(" in converted.msgid:
            try:  # a placeholder inside a link address cannot be filled in
                markdown.render_inline(converted.msgid, dict.fromkeys(
                    markdown.placeholder_names(converted.msgid), ""))
            except markdown.FormatError as exc:
                problems.append(f"{what}: {exc}")
        for problem in problems:
            self.problem(line, problem)
        if problems:
            return None
        return Message(converted.msgid, line, MARKDOWN, notes,
                       translatable=markdown.has_words(converted.msgid))

    def link_problem(self, url: str, line: int) -> str | None:
        if url.startswith(LINK_SCHEMES) or (url.startswith("#") and len(url) > 1):
            return None
        if url.startswith("/") and not url.startswith("//"):
            self.refs.append(Ref("link", url, line))
            return None
        scheme = SCHEME_RE.match(url)
        refused = f" ({scheme.group(0)} links are not allowed)" if scheme else ""
        return (f"link address {url!r}{refused}: write https://..., mailto:... or a path of "
                "this site without its language, such as /stories/first-story/")

    def markdown_field(self, node: Node | None, what: str, notes: tuple[str, ...], *,
                       required: bool = False, parent: Node | None = None,
                       extra_placeholders: bool = False) -> Message | None:
        text = self.text(node, what, required=required, parent=parent)
        if text is None:
            return None
        text = markdown.collapse(text)
        limit = LENGTH_LIMITS.get(what)
        if limit is not None and len(text) > limit:
            self.problem(node.line, f"{what} is {len(text)} characters; at most {limit} (it is "
                         "shown on list pages and in menus: put the rest in the text)")
            return None
        return self.markdown(text, node.line, what, notes, extra_placeholders=extra_placeholders)

    def text_field(self, node: Node | None, what: str, notes: tuple[str, ...], *,
                   parent: Node | None = None, allow_empty: bool = False) -> Message | None:
        """Plain text (description, alt): no placeholders (an attribute cannot isolate one)."""
        text = self.text(node, what, allow_empty=allow_empty)
        if not text or not (text := markdown.collapse(text)):
            return None
        if markdown.PRIVATE_USE_RE.search(text):
            self.problem(node.line, f"{what}: contains a private-use character")
            return None
        if markdown.PLACEHOLDER_RE.search(text):
            self.problem(node.line, f"{what} is plain text: figures and names are filled in "
                         "only in Markdown fields; write the words out")
            return None
        return Message(text.replace("%", "%%"), node.line, TEXT, notes)

    def image(self, node: Node | None, what: str, notes: tuple[str, ...], *,
              required: bool = False, parent: Node | None = None) -> Image | None:
        if node is None:  # missing: told as for any field
            return self.text(node, what, required=required, parent=parent)
        fields = self.mapping(node, what)
        if fields is None:
            return None
        self.known_keys(node, ("file", "alt"), what)
        # The form only: whether it exists is asked on every load (check_refs).
        name = self.text(fields.get("file"), f"{what}: file", required=True, parent=node)
        if name is not None and (name.startswith(("/", "\\")) or "\\" in name
                                 or ".." in Path(name).parts
                                 or Path(name).suffix.lower() not in IMAGE_SUFFIXES):
            self.problem(fields["file"].line, f"{what}: file {name!r} must be a picture file "
                         f"under static/img/ ({', '.join(IMAGE_SUFFIXES)}), named without a "
                         "folder prefix")
            name = None
        if name is not None:
            self.refs.append(Ref("image", name, fields["file"].line))
        if "alt" not in fields:
            self.problem(node.line, f"{what}: alt is missing; describe the picture for people "
                         "who cannot see it, or write alt: \"\" if it only decorates")
            return None
        alt = self.text_field(fields["alt"], f"{what}: alt", notes, allow_empty=True)
        return Image(name, alt, node.line) if name is not None else None

    def read_figures(self, node: Node | None) -> None:
        for key, value in (self.mapping(node, "figures") or {}).items():
            line = node.key_line(key)
            what = f"figure {key!r}"
            if not IDENT_RE.fullmatch(key):
                self.problem(line, f"figure name {key!r} must be a word of letters, digits "
                             "and _ (it is written %(name)s in the text)")
                continue
            if key in self.names:
                self.problem(line, f"{what} has the name of a name in names.yml; choose another")
                continue
            self.declared.add(key)
            fields = self.mapping(value, what)
            if fields is None:
                continue
            self.known_keys(value, ("value", "format"), what)
            number = self.number(fields.get("value"), f"{what}: value")
            if "value" not in fields:
                self.problem(value.line, f"{what}: value is missing")
            kind = self.text(fields.get("format"), f"{what}: format") or "number"
            if kind not in FIGURE_FORMATS:
                self.problem(fields["format"].line, f"{what}: format {kind!r} is not one of "
                             f"{', '.join(FIGURE_FORMATS)}")
            elif kind == "year" and number is not None and number != int(number):
                self.problem(fields["value"].line, f"{what}: a year is a whole number")
            elif number is not None:
                self.figures[key] = Figure(key, number, kind, line)

    def read_notes(self, node: Node | None, allowed: tuple[str, ...]) -> None:
        if node is not None and isinstance(node.value, str):
            self.notes["all"] = (markdown.collapse(node.value),)
            return
        fields = self.mapping(node, "translators")
        if fields is None:
            return
        self.known_keys(node, ("all", *allowed), "translators")
        for key, value in fields.items():
            if note := self.note(value, f"translators: {key}"):
                self.notes[key] = note

    def body(self, text: str, first_line: int) -> Body:
        """The Markdown body: one message per heading, paragraph, list item and
        quote, and its HTML with a hole for each (translators' notes: see NOTE_TAG)."""
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
                self.problem(line, "code blocks are not supported in a story or program; "
                             "indent text less than four spaces")
                continue
            if token.type == "heading_open":
                wanted = int(token.tag[1:])
                if wanted == 1:
                    self.problem(line, "a level-1 heading ('# '): the title is the page's only "
                                 "one; start the body's headings at '## '")
                elif wanted > level + 1:
                    self.problem(line, f"heading level {wanted} follows level {level}; do not "
                                 f"skip levels (use {'#' * (level + 1)})")
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
                    self.problem(line + consumed, "a comment alone where text should be")
                continue
            message = self.markdown(markdown.join_lines(content), line + consumed, "text",
                                    self.notes.get("all", ()) + pending + notes)
            pending = ()
            # The renderer prints an html_inline token's content as it is.
            token.children = [] if message is None else [
                Token("html_inline", "", 0, content=HOLE.format(len(blocks)))]
            kept.append(token)
            if message is not None:
                blocks.append(message)
        if pending:
            self.warn(pending_line, "a TRANSLATORS comment with no text after it; delete it, "
                      "or write the paragraph it is for below it")
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
