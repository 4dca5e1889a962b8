"""What a content file becomes once read and checked: frozen data that pages,
the extractor and the counts read without parsing Markdown or YAML again.
Every translatable piece is a `Message`, with the line an editor finds it at."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

MARKDOWN = "markdown"  # inline Markdown (emphasis, links), rendered to HTML
TEXT = "text"  # plain text, for attributes and <title> (description, alt)


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class Message:
    msgid: str
    line: int
    kind: str = MARKDOWN
    notes: tuple[str, ...] = ()
    plural: str | None = None
    # False for text of names, figures and punctuation only ("— %(source)s"):
    # nothing to translate, so neither extracted nor counted.
    translatable: bool = True

    @property
    def key(self) -> tuple[str | None, str]:
        return (None, self.msgid)

    @property
    def source(self) -> str:  # every English form, as the catalog rules read them
        return self.msgid if self.plural is None else f"{self.msgid}\n{self.plural}"


@dataclass(frozen=True, slots=True)
class Ref:
    """What a file points at, checked on every read: it changes without the file."""

    kind: str  # "image", "program" or "link"
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the text names (`%(fled)s`), written for each language by Babel."""

    name: str
    value: int | float
    format: str  # compact ("4 million"), number ("1,234") or year ("2007")
    line: int


@dataclass(frozen=True, slots=True)
class KeyFigure:  # a program's headline figure in its sentence
    figure: str
    placeholder: str
    text: Message  # with .plural for a count ("%(num)s year of war")


@dataclass(frozen=True, slots=True)
class Image:
    file: str  # under static/img/
    alt: Message | None  # None: decorative (alt="")
    line: int


@dataclass(frozen=True, slots=True)
class Link:
    text: Message
    url: str  # https://..., mailto:..., or a path of this site without its language
    line: int


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    title: Message
    text: Message
    icon: Image


@dataclass(frozen=True, slots=True)
class Body:  # HTML with a hole for each message: a page never parses its structure
    skeleton: tuple[str, ...]  # len(blocks) + 1 pieces of HTML
    blocks: tuple[Message, ...]


def _messages(value, found: list[Message]) -> list[Message]:
    """`found` with the messages in `value`, its tuples and dataclasses, in field order."""
    kind = type(value)
    if kind is Message:
        found.append(value)
        return found
    if isinstance(value, tuple):
        parts = value
    else:
        names = _FIELDS.get(kind)
        if names is None:  # () for a type that is no dataclass: a str, a date, a dict
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value)) \
                if dataclasses.is_dataclass(value) else ()
        parts = [getattr(value, name) for name in names]
    for part in parts:
        if _FIELDS.get(type(part)) != ():
            _messages(part, found)
    return found


# Each type's dataclass field names, () for any other type: looked up once,
# as every start walks each story.
_FIELDS: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class Entry:  # what stories, programs and the home page share
    slug: str
    path: str  # as shown in messages and `#:` references: content/stories/first-story.md
    title: Message
    description: Message | None
    illustration: Image | None
    figures: dict[str, Figure]
    body: Body
    order: float | None = None
    date: datetime.date | None = None
    refs: tuple[Ref, ...] = ()
    warnings: tuple[Problem, ...] = ()  # told at their lines; the file is used

    def messages(self) -> list[Message]:  # the page's own, to translate, in file order
        return sorted((m for m in _messages(self, []) if m.translatable), key=lambda m: m.line)


@dataclass(frozen=True, slots=True)
class Story(Entry):
    teaser: Message = None  # type: ignore[assignment]  # required; set by the loader
    kicker: Message | None = None
    featured: bool = False
    programs: tuple[str, ...] = ()
    related: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Program(Entry):
    short_title: Message = None  # type: ignore[assignment]  # required; set by the loader
    link_text: Message | None = None  # a link to the program ("Read about our work")
    lead: Message | None = None  # the paragraph under the title
    key_figures: tuple[KeyFigure, ...] = ()
    areas: tuple[Area, ...] = ()
    stories_heading: Message | None = None


@dataclass(frozen=True, slots=True)
class Home(Entry):
    """content/home.md; a section of the home page without a heading is left out."""

    lead: Message | None = None  # the sentence under the heading
    # (program slug, opening words, line): the lead is that program's paragraph (loader.load_home)
    lead_from: tuple[str, str, int] | None = None
    figures_heading: Message | None = None
    areas_heading: Message | None = None
    call_heading: Message | None = None
    call_text: Message | None = None


@dataclass(frozen=True, slots=True)
class Name:
    """A name of names.yml: `%(key)s` in Markdown, placed by translators and
    filled in isolated in <bdi>, or, when `translate` is set, as its own message."""

    key: str
    text: str
    translate: bool
    lang: str
    line: int
    message: Message | None  # the name as a message, when translate is set
