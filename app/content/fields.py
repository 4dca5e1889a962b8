"""The fields of one story or program file, read into messages: Markdown
fields (names become placeholders, figures may be used, links and pictures
checked), plain-text fields, pictures, figures and translator notes. Every
problem is recorded at its line; app/content/loader.py puts the fields
together into a story or a program."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import markdown
from .body import parse_body
from .frontmatter import Node
from .model import MARKDOWN, TEXT, Body, Figure, Image, Message, Name, Ref
from .schema import IDENT_RE, Reader

FIGURE_FORMATS = ("compact", "number", "year")
LINK_SCHEMES = ("https://", "http://", "mailto:")
SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# The most characters a field may have as the editor writes it: generous for
# a real title in any language, but a title sits on every list page, and a
# pasted article would make each of them heavy (docs/editors.md, "When a content
# file is wrong").
LENGTH_LIMITS = {"title": 200, "short_title": 80, "teaser": 600}


def note_of(reader: Reader, node: Node | None, what: str) -> tuple[str, ...]:
    text = reader.text(node, what)
    return (markdown.collapse(text),) if text else ()


@dataclass
class FileReader:
    """Reads the fields of one story or program file."""

    reader: Reader
    names: dict[str, Name]
    refs: list[Ref] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    # Every figure name given, even one with a mistake of its own: the text
    # that uses it is not reported a second time.
    declared: set[str] = field(default_factory=set)
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    all_notes: tuple[str, ...] = ()

    def note(self, field_name: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        return self.all_notes + self.notes.get(field_name, ()) + extra

    # Markdown: names become placeholders, figures may be used.
    def markdown(self, text: str, line: int, what: str, notes: tuple[str, ...],
                 *, extra_placeholders: bool = False) -> Message | None:
        allowed = self.declared | set(self.names)
        converted = markdown.to_msgid(
            text, allowed if not extra_placeholders else AnyValues(),
            {key: name.text for key, name in self.names.items()},
        )
        ok = True
        for problem in converted.problems:
            self.reader.problem(line, f"{what}: {problem}")
            ok = False
        found = markdown.features(converted.msgid)
        for raw in found.html:
            self.reader.problem(line, f"{what}: raw HTML {raw!r} is not allowed; write "
                                "Markdown (*emphasis*, [text](https://...))")
            ok = False
        for src in found.images:
            self.reader.problem(line, f"{what}: a picture in the text ({src!r}); pictures "
                                "go in the illustration field")
            ok = False
        for url in found.links:
            why = self._link_problem(url, line)
            if why:
                self.reader.problem(line, f"{what}: {why}")
                ok = False
        if not ok:
            return None
        if found.links and "%(" in converted.msgid:
            try:  # a placeholder inside a link address cannot be filled in
                markdown.render_inline(converted.msgid, AnyValues())
            except markdown.FormatError as exc:
                self.reader.problem(line, f"{what}: {exc}")
                return None
        return Message(converted.msgid, line, MARKDOWN, notes,
                       translatable=markdown.has_words(converted.msgid))

    def _link_problem(self, url: str, line: int) -> str | None:
        if url.startswith(LINK_SCHEMES):
            return None
        if url.startswith("/") and not url.startswith("//"):
            self.refs.append(Ref("link", url, line))
            return None
        if url.startswith("#") and len(url) > 1:
            return None
        scheme = SCHEME_RE.match(url)
        refused = f" ({scheme.group(0)} links are not allowed)" if scheme else ""
        return (f"link address {url!r}{refused}: write https://..., mailto:... or a path of "
                "this site without its language, such as /stories/elias/")

    def markdown_field(self, node: Node | None, what: str, notes: tuple[str, ...],
                       *, required: bool = False, parent: Node | None = None,
                       extra_placeholders: bool = False) -> Message | None:
        text = self.reader.text(node, what, required=required, parent=parent)
        if text is None or node is None:
            return None
        text = markdown.collapse(text)
        limit = LENGTH_LIMITS.get(what)
        if limit is not None and len(text) > limit:
            self.reader.problem(node.line, f"{what} is {len(text)} characters; at most {limit} "
                                "(it is shown on list pages and in menus: put the rest in the "
                                "text)")
            return None
        return self.markdown(text, node.line, what, notes,
                             extra_placeholders=extra_placeholders)

    def text_field(self, node: Node | None, what: str, notes: tuple[str, ...],
                   *, required: bool = False, parent: Node | None = None,
                   allow_empty: bool = False) -> Message | None:
        """Plain text (description, alt): shown as written, no Markdown, no
        placeholders (an attribute cannot isolate a name)."""
        text = self.reader.text(node, what, required=required, parent=parent,
                                allow_empty=allow_empty)
        if text is None or node is None:
            return None
        text = markdown.collapse(text)
        if not text:
            return None
        if markdown.PRIVATE_USE_RE.search(text):
            self.reader.problem(node.line, f"{what}: contains a private-use character")
            return None
        if markdown.PLACEHOLDER_RE.search(text):
            self.reader.problem(node.line, f"{what} is plain text: figures and names are "
                                "filled in only in Markdown fields; write the words out")
            return None
        return Message(text.replace("%", "%%"), node.line, TEXT, notes)

    def image(self, node: Node | None, what: str, notes: tuple[str, ...],
              *, required: bool = False, parent: Node | None = None) -> Image | None:
        if node is None:
            if required:
                self.reader.problem(parent.line if parent else 1, f"{what} is missing")
            return None
        fields = self.reader.mapping(node, what)
        if fields is None:
            return None
        self.reader.known_keys(node, ("file", "alt"), what)
        name = self.reader.image_file(fields.get("file"), f"{what}: file")
        if name is not None:
            self.refs.append(Ref("image", name, fields["file"].line))
        if "alt" not in fields:
            self.reader.problem(node.line, f"{what}: alt is missing; describe the picture "
                                "for people who cannot see it, or write alt: \"\" if it "
                                "only decorates")
            return None
        alt = self.text_field(fields["alt"], f"{what}: alt", notes, allow_empty=True)
        if name is None:
            return None
        return Image(name, alt, node.line)

    def read_figures(self, node: Node | None) -> None:
        for key, value in (self.reader.mapping(node, "figures") or {}).items():
            line = node.key_line(key)
            if not IDENT_RE.fullmatch(key):
                self.reader.problem(line, f"figure name {key!r} must be a word of letters, "
                                    "digits and _ (it is written %(name)s in the text)")
                continue
            if key in self.names:
                self.reader.problem(line, f"figure {key!r} has the name of a name in "
                                    "names.yml; choose another")
                continue
            self.declared.add(key)
            fields = self.reader.mapping(value, f"figure {key!r}")
            if fields is None:
                continue
            self.reader.known_keys(value, ("value", "format"), f"figure {key!r}")
            number = self.reader.number(fields.get("value"), f"figure {key!r}: value")
            if "value" not in fields:
                self.reader.problem(value.line, f"figure {key!r}: value is missing")
            kind = self.reader.text(fields.get("format"), f"figure {key!r}: format") or "number"
            if kind not in FIGURE_FORMATS:
                self.reader.problem(fields["format"].line, f"figure {key!r}: format {kind!r} "
                                    f"is not one of {', '.join(FIGURE_FORMATS)}")
                continue
            if kind == "year" and number is not None and number != int(number):
                self.reader.problem(fields["value"].line, f"figure {key!r}: a year is a whole "
                                    "number")
                continue
            if number is not None:
                self.figures[key] = Figure(key, number, kind, line)

    def read_notes(self, node: Node | None, allowed: tuple[str, ...]) -> None:
        if node is None:
            return
        if isinstance(node.value, str):
            self.all_notes = (markdown.collapse(node.value),)
            return
        fields = self.reader.mapping(node, "translators")
        if fields is None:
            return
        self.reader.known_keys(node, ("all", *allowed), "translators")
        for key, value in fields.items():
            text = self.reader.text(value, f"translators: {key}")
            if text:
                if key == "all":
                    self.all_notes = (markdown.collapse(text),)
                else:
                    self.notes[key] = (markdown.collapse(text),)

    def body(self, text: str, first_line: int) -> Body:
        def make(content: str, line: int, notes: tuple[str, ...]) -> Message | None:
            return self.markdown(markdown.join_lines(content), line, "text",
                                 self.all_notes + notes)

        return parse_body(text, first_line, make, self.reader.problem, self.reader.warn)

    def item_notes(self, fields: dict[str, Node], what: str) -> tuple[str, ...]:
        return note_of(self.reader, fields.get("translators"), f"{what}: translators")


class AnyValues(dict):
    """Accepts any placeholder: used to render a msgid once as a test (every
    value an empty string) and for key figures, whose placeholder is theirs."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key):
        return ""
