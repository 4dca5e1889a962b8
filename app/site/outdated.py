"""A translation that fell behind the English (issue 18), as a reader sees it:
the outdated string marked with a label (text, not colour), a notice at the
top of the page worked out from its strings' states (so it knows the body),
and the rule that keeps a page listed in translations/<code>/published.txt
published while KEEP_PUBLISHED of its strings are current or outdated."""

from __future__ import annotations

import datetime
from pathlib import Path

from babel.dates import format_date
from flask import Flask, current_app, get_template_attribute, request, url_for
from markupsafe import Markup

from ..catalogs import catalog_store, states
from ..catalogs.gettext import N_, OUTDATED_MARK, recording, render_markup, render_text
from ..catalogs.states import PUBLISHED, published_ids
from ..numbers import TABLES
from ..writing import stamp as stamp_of
from .languages import Language, default_language
from .pages import remember

TEMPLATE = "partials/outdated.html"

# TRANSLATORS: A short label at the start of a paragraph or phrase whose
# English changed after it was translated: what follows is the translation of
# the earlier English. Keep it short (two or three words).
LABEL = N_("Older translation")
# TRANSLATORS: At the top of a page. %(date)s is a date, such as "6 December
# 2026", already written for your language.
CHANGED = N_("The English text of this page was updated on %(date)s.")
# TRANSLATORS: At the top of a page, after the sentence that the English text
# was updated. %(label)s is the label "Older translation" as readers see it
# on the page; put it in your language's quotation marks.
MARKED = N_("Parts that begin with “%(label)s” are translated from the earlier English text.")
# TRANSLATORS: At the top of a page whose newest parts have no translation
# yet: they are shown in English.
UNTRANSLATED = N_("Part of this page is not translated yet, so it is shown in English.")
# TRANSLATORS: At the top of a page that is partly out of date.
# %(language)s is a link named "English" to the English page.
READ = N_("You can read the latest text in %(language)s.")


def published(code: str) -> frozenset[str]:
    """The ids of the pages once published in `code`: reread only where the
    catalogs are (development), when published.txt changed."""
    memo = current_app.extensions.setdefault("hikaya_published_ids", {})
    if code not in memo or catalog_store().reload:
        folder = current_app.config["TRANSLATIONS_DIR"]
        stamp = stamp_of(Path(folder) / code / PUBLISHED)
        if code not in memo or memo[code][0] != stamp:
            memo[code] = (stamp, published_ids(folder, code))
    return memo[code][1]


def mark(html: Markup, *, block: bool = False) -> Markup:
    """An outdated translation as shown (gettext.shown calls this): both forms
    are phrasing content, valid wherever the string stands."""
    label = render_text(LABEL, {})
    return get_template_attribute(TEMPLATE, "mark")(html, label, block)


def notice(page, language: Language) -> Markup:
    """The notice at the top of a page whose strings are not all current."""
    if page is None or language == default_language() or language.is_pseudo:
        return Markup("")
    store = catalog_store()
    counts = store.page_counts(page.id, language.code)
    if not (counts.outdated or counts.untranslated or counts.refused):
        return Markup("")
    # The same for every render of the page in the language until the catalogs change.
    memo = current_app.extensions.setdefault("hikaya_outdated_notices", {})
    key = (page.id, language.code, store.generation, request.script_root)
    if recording():  # a translator view sees the notice's strings rendered
        return _notice(page, language, counts)
    return remember(memo, key, lambda: _notice(page, language, counts), 4096)


def _notice(page, language: Language, counts: states.Counts) -> Markup:
    code, locale = language.code, language.locale
    sentences = []
    if counts.outdated:
        day = datetime.date.fromisoformat(counts.since)
        # CLDR's long date in the locale's digits, kept on one line.
        written = format_date(day, "long", locale=locale).replace(" ", "\u00a0")
        written = written.translate(TABLES.get(locale.default_numbering_system, {}))
        date = Markup('<time datetime="%s">%s</time>') % (day.isoformat(), written)
        label = get_template_attribute(TEMPLATE, "label")(render_text(LABEL, {}, locale=code))
        sentences += [render_markup(CHANGED, {"date": date}, locale=code),
                      render_markup(MARKED, {"label": label}, locale=code)]
    if counts.untranslated + counts.refused:
        sentences.append(render_markup(UNTRANSLATED, {}, locale=code))
    source = default_language()
    link = get_template_attribute("partials/publish-notice.html", "language_link")(
        source, url_for(page.endpoint, **page.values, lang=source.tag))
    sentences.append(render_markup(READ, {"language": link}, locale=code))
    return get_template_attribute(TEMPLATE, "notice")(language, sentences)


def init_app(app: Flask) -> None:
    app.extensions[OUTDATED_MARK] = mark
