"""Content messages as page text in one language: a translation that passed
the rules, else the English, marked `lang="en"` on a non-English page. Names
and figures are filled in after the Markdown is rendered."""

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


@dataclass(frozen=True)
class Reading:  # what rendering needs to know about the page's language
    locale: Locale
    source: bool  # the page is in the source language: nothing to look up or mark
    # (message, n) -> a translation that passed the rules, or None for the English
    lookup: Callable[[Message, int | None], str | None]
    resolve: Callable[[str], str] = lambda url: url


def figure_text(figure: Figure, locale: Locale) -> str:
    """A figure written for the locale, in its numbering system (app/numbers.py)."""
    if figure.format == "compact":
        return numbers.compact(figure.value, locale, fraction_digits=1)
    if figure.format == "year":
        return numbers.decimal(int(figure.value), locale, group_separator=False)
    return numbers.decimal(figure.value, locale)


def figure_markup(figure: Figure, locale: Locale) -> Markup:
    """A key figure bold and isolated, its digits in order in right-to-left text."""
    text = figure_text(figure, locale)
    if figure.format == "compact":
        return Markup('<strong class="figure__number"><bdi>%s</bdi></strong>') % text
    return Markup(escape(text))


def values(figures: Mapping[str, Figure], names: Mapping[str, Name], reading: Reading,
           msgid: str, *, markup: bool = True) -> dict[str, object]:
    """The value, markup or text, of each placeholder `msgid` uses (only those)."""
    out: dict[str, object] = {}
    for key in dict.fromkeys(markdown.placeholder_names(msgid)):
        if key in figures:
            out[key] = (figure_markup if markup else figure_text)(figures[key], reading.locale)
        elif key in names and names[key].message is not None:
            out[key] = shown_message(names[key].message, {}, reading, markup=markup)
        elif key in names:
            name = names[key]
            bdi = Markup('<bdi lang="%s" translate="no">%s</bdi>') % (name.lang, name.text)
            out[key] = bdi if markup else name.text
    return out


def shown_message(message: Message, vals: Mapping[str, object], reading: Reading, *,
                  markup: bool = True, n: int | None = None, block: bool = False):
    """One message as HTML, or as plain text for <title> and attributes (which
    cannot mark English), through the one render path (app/catalogs/gettext.py):
    a usable translation, else the English, marked on a non-English page."""
    def fill(text: str):
        if message.kind == MARKDOWN and markup:
            return markdown.render_inline(text, vals, reading.resolve)
        if message.kind == MARKDOWN:
            return markdown.plain_text(text, vals)
        return Markup(escape(text % dict(vals))) if markup else text % dict(vals)

    english = message.msgid if message.plural is None or n == 1 else message.plural
    live = not reading.source and message.translatable
    return shown(reading.lookup(message, n) if live else None, english, fill,
                 mark=markup and live, block=block,
                 key=message.key if message.translatable else None, refuse=lambda reason: log.error(
                     "translation of %r not used, English shown instead: %s",
                     message.msgid, reason))


class Renderer:
    """One entry's messages in one language: `content_html(story, story.title)`."""

    def __init__(self, entry: Entry | None, names: Mapping[str, Name], reading: Reading):
        self.figures = entry.figures if entry is not None else {}
        self.names = names
        self.reading = reading

    def html(self, message: Message | None, *, block: bool = False) -> Markup:
        return Markup("") if message is None else self.shown(message, True, block=block)

    def text(self, message: Message | None) -> str:
        return "" if message is None else self.shown(message, False)

    def shown(self, message: Message, markup: bool, **options):
        vals = values(self.figures, self.names, self.reading, message.source, markup=markup)
        return shown_message(message, vals, self.reading, markup=markup, **options)

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
        return shown_message(key_figure.text, vals, self.reading, n=n)
