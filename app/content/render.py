"""Content messages as page text in one language. A `Reading` gives the locale,
a lookup that returns only a translation that passed the rules, and how a site
path becomes a URL; otherwise the English is shown, marked `lang="en"` on a
non-English page. Names and figures are filled in after the Markdown is rendered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from babel import Locale
from markupsafe import Markup, escape

from .. import numbers
from ..catalogs.gettext import shown
from . import markdown
from .model import MARKDOWN, Body, Entry, Figure, KeyFigure, Message, Name

log = logging.getLogger(__name__)

# Lookup: (message, n) -> a usable translation, or None for the English.
Lookup = Callable[[Message, int | None], str | None]


@dataclass(frozen=True)
class Reading:
    """What rendering needs to know about the page's language."""

    locale: Locale
    source: bool  # the page is in the source language: nothing to look up or mark
    lookup: Lookup
    resolve: Callable[[str], str] = lambda url: url

    def translated(self, message: Message, fill: Callable[[str], object], *,
                   n: int | None = None, mark: bool = True, block: bool = False):
        """`message` through the one render path (app/catalogs/gettext.py:
        fallback, formatting, marking English, logging a refusal)."""
        english = message.msgid if message.plural is None or n == 1 else message.plural
        live = not self.source and message.translatable
        return shown(self.lookup(message, n) if live else None, english, fill,
                     mark=mark and live, block=block, refuse=lambda reason: log.error(
                         "translation of %r not used, English shown instead: %s",
                         message.msgid, reason))


def figure_text(figure: Figure, locale: Locale) -> str:
    """A figure written for the locale, in its numbering system (app/numbers.py)."""
    if figure.format == "compact":
        return numbers.compact(figure.value, locale, fraction_digits=1)
    if figure.format == "year":
        return numbers.decimal(int(figure.value), locale, group_separator=False)
    return numbers.decimal(figure.value, locale)


def figure_markup(figure: Figure, locale: Locale) -> Markup:
    """A key figure ("4 million") is bold and isolated, so its digits keep
    their order in right-to-left text, as the templates' figure_value macro
    does; years and plain numbers are text."""
    text = figure_text(figure, locale)
    if figure.format == "compact":
        return Markup('<strong class="figure__number"><bdi>%s</bdi></strong>') % text
    return Markup(escape(text))


def values(figures: Mapping[str, Figure], names: Mapping[str, Name], reading: Reading,
           msgid: str, *, markup: bool = True) -> dict[str, object]:
    """The value of every placeholder `msgid` uses (only those: a translated
    name is looked up when a message needs it), as markup or as plain text."""
    out: dict[str, object] = {}
    for key in dict.fromkeys(markdown.placeholder_names(msgid)):
        if key in figures:
            out[key] = (figure_markup if markup else figure_text)(figures[key], reading.locale)
        elif key in names:
            name = names[key]
            if name.message is not None:
                out[key] = (message_html if markup else message_text)(name.message, {}, reading)
            elif markup:
                out[key] = Markup('<bdi lang="%s" translate="no">%s</bdi>') % (name.lang,
                                                                                name.text)
            else:
                out[key] = name.text
    return out


def message_html(message: Message, vals: Mapping[str, object], reading: Reading,
                 *, n: int | None = None, block: bool = False) -> Markup:
    """One message as HTML: the translation when there is a usable one, else
    the English (marked on a non-English page)."""
    def fill(text: str) -> Markup:
        if message.kind == MARKDOWN:
            return markdown.render_inline(text, vals, reading.resolve)
        return Markup(escape(text % dict(vals)))

    return reading.translated(message, fill, n=n, block=block)


def message_text(message: Message, vals: Mapping[str, object], reading: Reading) -> str:
    """One message as plain text, for <title> and attributes, which cannot
    mark English: it falls back the same way, unmarked."""
    def fill(text: str) -> str:
        if message.kind == MARKDOWN:
            return markdown.plain_text(text, vals)
        return text % dict(vals)

    return reading.translated(message, fill, mark=False)


class Renderer:
    """The messages of one entry in one language; templates call it as
    `content_html(story, story.title)`."""

    def __init__(self, entry: Entry | None, names: Mapping[str, Name], reading: Reading):
        self.figures = entry.figures if entry is not None else {}
        self.names = names
        self.reading = reading

    def html(self, message: Message | None, *, block: bool = False) -> Markup:
        if message is None:
            return Markup("")
        return message_html(message, values(self.figures, self.names, self.reading,
                                            message.source), self.reading, block=block)

    def text(self, message: Message | None) -> str:
        if message is None:
            return ""
        return message_text(message, values(self.figures, self.names, self.reading,
                                            message.msgid, markup=False), self.reading)

    def body(self, body: Body) -> Markup:
        out = [body.skeleton[0]]
        for block, after in zip(body.blocks, body.skeleton[1:], strict=True):
            out += [str(self.html(block, block=True)), after]
        return Markup("".join(out))

    def key_figure(self, key_figure: KeyFigure) -> Markup:
        figure = self.figures[key_figure.figure]
        vals = values(self.figures, self.names, self.reading, key_figure.text.source)
        vals[key_figure.placeholder] = figure_markup(figure, self.reading.locale)
        n = int(figure.value) if key_figure.text.plural is not None else None
        return message_html(key_figure.text, vals, self.reading, n=n)
