"""The fields of one content file read into messages: Markdown fields (names
become placeholders, figures may be used, links checked), plain text,
pictures, figures and translators' notes, every problem at its line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import markdown
from .body import parse_body
from .frontmatter import Node
from .model import MARKDOWN, TEXT, Body, Figure, Image, Message, Name, Ref
from .schema import IDENT_RE, Reader

FIGURE_FORMATS = ("compact", "number", "year")
LINK_SCHEMES = ("https://", "http://", "mailto:")
SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# The most characters a field may have as written: a title sits on every list
# page, and a pasted article would make each heavy (docs/editors.md).
LENGTH_LIMITS = {"title": 200, "short_title": 80, "teaser": 600}


def note_of(reader: Reader, node: Node | None, what: str) -> tuple[str, ...]:
    text = reader.text(node, what)
    return (markdown.collapse(text),) if text else ()


class FileReader(Reader):
    """Reads the fields of one story, program or home page file."""

    def __init__(self, path: str, names: dict[str, Name], front: Node):
        super().__init__(path)
        self.names = names
        self.front = front
        self.refs: list[Ref] = []
        self.figures: dict[str, Figure] = {}
        # Every figure name given, even one with a mistake of its own: the
        # text that uses it is not reported a second time.
        self.declared: set[str] = set()
        self.notes: dict[str, tuple[str, ...]] = {}
        self.all_notes: tuple[str, ...] = ()

    def note(self, field_name: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        return self.all_notes + self.notes.get(field_name, ()) + extra

    def field(self, key: str, read=None, **options):
        """Front-matter field `key` read by `read` (Markdown by default)."""
        read = read or self.markdown_field
        return read(self.front.value.get(key), key, self.note(key), parent=self.front,
                    **options)

    def each(self, key: str, label: str, keys: tuple[str, ...]
             ) -> Iterator[tuple[Node, dict[str, Node], tuple[str, ...]]]:
        """The items of a list of mappings (related links, key figures,
        areas), each with its keys checked and its translators' notes."""
        for item in self.items(self.front.value.get(key), key):
            fields = self.mapping(item, label)
            if fields is None:
                continue
            self.known_keys(item, (*keys, "translators"), label)
            own = note_of(self, fields.get("translators"), f"{key}: translators")
            yield item, fields, self.note(key, own)

    def markdown(self, text: str, line: int, what: str, notes: tuple[str, ...],
                 *, extra_placeholders: bool = False) -> Message | None:
        converted = markdown.to_msgid(
            text, AnyValues() if extra_placeholders else self.declared | set(self.names),
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
                markdown.render_inline(converted.msgid, AnyValues())
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
                "this site without its language, such as /stories/elias/")

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
        """Plain text (description, alt): no Markdown, no placeholders (an
        attribute cannot isolate a name)."""
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
        if node is None:
            if required:
                self.problem(parent.line if parent else 1, f"{what} is missing")
            return None
        fields = self.mapping(node, what)
        if fields is None:
            return None
        self.known_keys(node, ("file", "alt"), what)
        name = self.image_file(fields.get("file"), f"{what}: file")
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
            self.all_notes = (markdown.collapse(node.value),)
            return
        fields = self.mapping(node, "translators")
        if fields is None:
            return
        self.known_keys(node, ("all", *allowed), "translators")
        for key, value in fields.items():
            if note := note_of(self, value, f"translators: {key}"):
                if key == "all":
                    self.all_notes = note
                else:
                    self.notes[key] = note

    def body(self, text: str, first_line: int) -> Body:
        def make(content: str, line: int, notes: tuple[str, ...]) -> Message | None:
            return self.markdown(markdown.join_lines(content), line, "text",
                                 self.all_notes + notes)

        return parse_body(text, first_line, make, self.problem, self.warn)


class AnyValues(dict):
    """Accepts any placeholder: to render a msgid once as a test (every value
    empty) and for key figures, whose placeholder is their own."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key):
        return ""
