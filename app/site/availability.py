"""Availability: when a page appears (is published) in a language, and what
a reader gets until it does.

A page is published in a language once PUBLISH_THRESHOLD of its strings are
translated there (the shares are counted by app/catalogs/coverage.py when
the catalogs load). Until then a reader who asks for it gets the English
page, with a notice in their language naming the languages it can be read
in; the switcher, hreflang, the sitemap and the freeze offer only the
languages it is published in.

The language of a request is settled here, once, before the page renders
(settle_language, a before_request of the pages blueprint); templates and
context processors only read it.
"""

from __future__ import annotations

from babel.lists import format_list
from flask import current_app, g, get_template_attribute, request, url_for
from markupsafe import Markup

from ..catalogs import catalog_store
from ..catalogs.gettext import N_plural, render_markup
from ..content.model import Story
from . import outdated
from .content import content
from .languages import Language, default_language, languages
from .pages import Page, find_page, index_pages, registry

NOTICE_TEMPLATE = "partials/publish-notice.html"

# One message per count, because the sentence around the list of languages
# changes with it ("şu dilde" / "şu dillerde", باللغة / باللغتين / باللغات).
# TRANSLATORS: Shown at the top of a page that is not translated into the
# reader's language yet, so the page is shown in English. %(language)s is the
# name of your language; %(languages)s lists, as links, the one or more
# languages the page can be read in, such as "English" or "English and Türkçe".
# The count is the number of those languages.
PUBLISH_NOTICE = N_plural(
    "This page is not available in %(language)s yet. You can read it in %(languages)s.",
    "This page is not available in %(language)s yet. You can read it in these languages: "
    "%(languages)s.",
)


def is_published(page: Page | None, language: Language) -> bool:
    """English, the pseudo-locales and anything that is not a page of the
    registry (an error page: nothing to count) are always published. A
    further page of the stories index exists in a language only when that
    language has enough published stories to fill up to it."""
    if page is None or language == default_language() or language.is_pseudo:
        return True
    fraction = catalog_store().fraction(page.id, language.code)
    if fraction < float(current_app.config["PUBLISH_THRESHOLD"]) and not outdated.kept(
            page.id, language.code):
        return False
    if "number" in page.values:
        return page.values["number"] <= index_pages(
            len(published_stories(language)), current_app.config["STORIES_PER_PAGE"])
    return True


def published_stories(language: Language, program: str | None = None) -> list[Story]:
    """The stories published in `language`, in reading order: the ones the
    list pages (home, a program, the stories index) show in it. A story not
    yet published in a language is left out of that language's lists (the
    reader's language, a list they can read in full) rather than shown with
    an English title: its link would lead to an English page. Worked out
    once per language (and program) and per change of the catalogs or
    content, so a page of a list costs the same with ten stories or ten
    thousand."""
    store = catalog_store()
    memo = current_app.extensions.setdefault("hikaya_published_stories", {})
    key = (language.code, program, store.generation, id(registry()))
    found = memo.get(key)
    if found is None:
        if len(memo) > 256:  # old generations
            memo.clear()
        if program is not None:
            found = [s for s in published_stories(language) if program in s.programs]
        else:
            pages = registry().story_pages
            found = [s for s in content().story_list() if is_published(pages[s.slug], language)]
        memo[key] = found
    return found


def published_languages(page: Page | None) -> list[Language]:
    return [language for language in languages().values() if is_published(page, language)]


def current_page() -> Page | None:
    """The registry's page this request shows, or None: a redirect, the
    sitemap, or an error page (the error handlers clear it)."""
    return g.get("page")


def settle_language() -> None:
    """Before a page renders: note which page of the registry it is, and if
    it is not published in the language asked for, render it in English and
    remember what was asked, so the page can say so in the reader's
    language."""
    page = find_page(request.endpoint, request.view_args)
    g.page = page
    if page is not None and not is_published(page, g.language):
        g.requested_language = g.language
        g.language = default_language()


def publish_notice() -> Markup:
    """The notice, or nothing when the page is in the language asked for."""
    requested = g.get("requested_language")
    page = current_page()
    if requested is None or page is None:
        return outdated.notice(page, g.language)
    link = get_template_attribute(NOTICE_TEMPLATE, "language_link")
    links = [
        str(link(language, url_for(page.endpoint, **page.values, lang=language.tag)))
        for language in published_languages(page)
    ]
    # CLDR's list pattern ("A, B and C" in the reader's language); the items
    # are escaped markup already.
    joined = Markup(format_list(links, locale=requested.locale))
    singular, plural = PUBLISH_NOTICE
    text = render_markup(
        singular,
        {"language": requested.native_name, "languages": joined},
        plural=plural,
        n=len(links),
        locale=requested.code,
    )
    return get_template_attribute(NOTICE_TEMPLATE, "notice")(requested, text)
