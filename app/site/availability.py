"""When a page is published in a language (PUBLISH_THRESHOLD of its strings
translated), and until then the English page with a notice in the reader's;
the request's language is settled here, before the page renders."""

from __future__ import annotations

from babel.lists import format_list
from flask import current_app, g, get_template_attribute, request, url_for
from markupsafe import Markup

from ..catalogs import catalog_store, states
from ..catalogs.gettext import N_plural, render_markup
from ..content.model import Story
from . import outdated
from .content import content
from .languages import Language, default_language, languages
from .pages import Page, current_page, find_page, index_pages, registry, remember, remember_in

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
    """English, the pseudo-locales and an error page (page None) always are.
    A further stories index page is, in a language with stories enough."""
    config, code = current_app.config, language.code  # one look-up: 3,300 a freeze's start
    if page is None or code == config["DEFAULT_LOCALE"] or language.is_pseudo:
        return True
    if not states.published(catalog_store().page_counts(page.id, code),
                            page.id in outdated.published(code),
                            float(config["PUBLISH_THRESHOLD"]), float(config["KEEP_PUBLISHED"])):
        return False
    if "number" in page.values:
        return page.values["number"] <= index_pages(
            len(published_stories(language)), config["STORIES_PER_PAGE"])
    return True


def published_stories(language: Language, program: str | None = None) -> list[Story]:
    """The stories published in `language`, worked out once per change: a list
    page costs the same with ten stories or ten thousand."""
    memo = current_app.extensions.setdefault("hikaya_published_stories", {})
    key = (language.code, program, catalog_store().generation, id(registry()))

    def find() -> list[Story]:
        if program is not None:
            return [s for s in published_stories(language) if program in s.programs]
        pages = registry().story_pages
        return [s for s in content().story_list() if is_published(pages[s.slug], language)]

    return remember(memo, key, find, 256)


PUBLISHED_LANGUAGES = "hikaya_published_languages"


def published_languages(page: Page | None) -> list[Language]:
    """Worked out once per page where the catalogs are not reloaded: a page's
    language links are asked for by its every language, twice."""
    def find() -> list[Language]:
        return [language for language in languages().values() if is_published(page, language)]

    if page is None:
        return find()
    key = (page.id, catalog_store().generation, id(registry()))
    return remember_in(PUBLISHED_LANGUAGES, key, find, 20_000)


def page_links(page: Page, make=url_for, **extra) -> list[tuple[Language, str]]:
    """The page's URL (by `make`) in each language it is published in."""
    return [(language, make(page.endpoint, **page.values, lang=language.tag, **extra))
            for language in published_languages(page)]


def settle_language() -> None:
    """A page not published in the language asked for renders in English."""
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
    links = [str(link(language, url)) for language, url in page_links(page)]
    # CLDR's list pattern ("A, B and C"); the items are escaped markup already.
    joined = Markup(format_list(links, locale=requested.locale))
    singular, plural = PUBLISH_NOTICE
    text = render_markup(singular, {"language": requested.native_name, "languages": joined},
                         plural=plural, n=len(links), locale=requested.code)
    return get_template_attribute(NOTICE_TEMPLATE, "notice")(requested, text)
