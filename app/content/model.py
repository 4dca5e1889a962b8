"""What a content file becomes once it is read and checked: plain, frozen
data the pages, the extractor and the coverage count all read, so none of
them parses Markdown or YAML again.

Every translatable piece is a `Message`: its msgid is exactly what
`flask translate extract` writes to the catalogs and what the page looks up,
and its line is where an editor finds it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# How a message is written and shown.
MARKDOWN = "markdown"  # inline Markdown (emphasis, links), rendered to HTML
TEXT = "text"  # plain text, for attributes and <title> (description, alt)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a content file, where an editor can jump to it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """A content file that cannot be used, with every problem found in it."""

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
    # False for text made only of names, figures and punctuation ("— %(source)s"):
    # nothing to translate, so it is neither extracted nor counted.
    translatable: bool = True

    @property
    def key(self) -> tuple[str | None, str]:
        return (None, self.msgid)

    @property
    def source(self) -> str:
        """Every English form, the way the catalog rules read a message."""
        return self.msgid if self.plural is None else f"{self.msgid}\n{self.plural}"


@dataclass(frozen=True, slots=True)
class Ref:
    """Something a file points at outside itself, checked when the whole
    site is read (and again when a cached file is reused): a picture in
    static/img/, a program, a page of this site."""

    kind: str  # "image", "program" or "link"
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the text refers to by name (`%(fled)s`), written for each
    language by Babel when the page is rendered."""

    name: str
    value: int | float
    format: str  # compact ("4 million"), number ("1,234") or year ("2007")
    line: int


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """One of a program's headline figures: a sentence with one placeholder
    that takes the figure ("More than %(number)s refugees")."""

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
    """A program area: a heading, a paragraph and an icon."""

    id: str
    title: Message
    text: Message
    icon: Image


@dataclass(frozen=True, slots=True)
class Body:
    """The Markdown body as HTML with a hole for each message: the page fills
    holes with translated, rendered text, so rendering a page never parses
    Markdown for its structure."""

    skeleton: tuple[str, ...]  # len(blocks) + 1 pieces of HTML
    blocks: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """What stories and programs share."""

    slug: str
    path: str  # as shown in messages and `#:` references: content/stories/elias.md
    title: Message
    description: Message | None
    illustration: Image | None
    figures: dict[str, Figure]
    body: Body
    order: float | None
    date: datetime.date | None
    source_file: str | None = field(default=None, compare=False)  # as read from disk
    refs: tuple[Ref, ...] = ()
    warnings: tuple[Problem, ...] = ()  # told at their lines; the file is used

    def own_messages(self) -> list[Message]:
        """Every translatable message of the page itself, in file order."""
        raise NotImplementedError

    def messages(self) -> list[Message]:
        return [m for m in self.own_messages() if m.translatable]


@dataclass(frozen=True, slots=True)
class Story(Entry):
    teaser: Message = None  # type: ignore[assignment]  # required; set by the loader
    kicker: Message | None = None
    featured: bool = False
    programs: tuple[str, ...] = ()
    related: tuple[Link, ...] = ()

    def own_messages(self) -> list[Message]:
        fields = [self.kicker, self.title, self.teaser, self.description]
        if self.illustration is not None:
            fields.append(self.illustration.alt)
        out = [m for m in fields if m is not None]
        out.extend(self.body.blocks)
        out.extend(link.text for link in self.related)
        return sorted(out, key=lambda m: m.line)


@dataclass(frozen=True, slots=True)
class Program(Entry):
    short_title: Message = None  # type: ignore[assignment]  # required; set by the loader
    link_text: Message | None = None  # a link to the program ("Read about our work in Syria")
    lead: Message | None = None  # the paragraph under the title
    key_figures: tuple[KeyFigure, ...] = ()
    areas: tuple[Area, ...] = ()
    stories_heading: Message | None = None

    def own_messages(self) -> list[Message]:
        fields = [self.title, self.short_title, self.link_text, self.lead, self.description,
                  self.stories_heading]
        if self.illustration is not None:
            fields.append(self.illustration.alt)
        out = [m for m in fields if m is not None]
        out.extend(k.text for k in self.key_figures)
        for area in self.areas:
            out.extend(m for m in (area.title, area.text, area.icon.alt) if m is not None)
        out.extend(self.body.blocks)
        return sorted(out, key=lambda m: m.line)


@dataclass(frozen=True, slots=True)
class Home(Entry):
    """The home page's own words (content/home.md), so a site edits its home
    page as a file, as it does a story, and translators find its text in the
    catalogs beside the rest of the content. `title` is the page's <title> and
    heading; the headings say what the engine's sections of the home page
    (the first program's figures and areas, the stories, the call to join)
    are called on this site: a section without its heading is left out."""

    lead: Message | None = None  # the sentence under the heading
    # (program slug, opening words, line): the lead is that program's paragraph (shared.py)
    lead_from: tuple[str, str, int] | None = None
    figures_heading: Message | None = None
    areas_heading: Message | None = None
    call_heading: Message | None = None
    call_text: Message | None = None

    def own_messages(self) -> list[Message]:
        fields = [self.title, self.description, self.lead, self.figures_heading,
                  self.areas_heading, self.call_heading, self.call_text]
        if self.illustration is not None:
            fields.append(self.illustration.alt)
        out = [m for m in fields if m is not None]
        out.extend(self.body.blocks)
        return sorted(out, key=lambda m: m.line)


@dataclass(frozen=True, slots=True)
class Name:
    """A name editors write in plain English (names.yml). In Markdown it
    becomes the placeholder `%(key)s`, so translators keep it where their
    sentence needs it and the page fills it in: isolated in <bdi>, or, when
    `translate` is set, as its own message (an organisation's own name in
    each language)."""

    key: str
    text: str
    translate: bool
    lang: str
    line: int
    message: Message | None  # the name as a message, when translate is set
