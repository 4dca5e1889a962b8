"""What a run checks: each page as a Target (its URL, the locale the site's
URL scheme gives it, the status it must answer), built for the site's own
pages, each language's 404 page, a freeze's chooser or any URL; and how a
loaded page's locale is settled (resolve)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from . import language

# The page key of each language's "not found" page (as the freeze names its
# file), reached at a path no page has, the way a reader meets it.
NOT_FOUND_PAGE = "/404.html"
NOT_FOUND_PATH = "a11y-check-no-such-page/"
# A freeze's root page, where a reader picks a language.
CHOOSER_PAGE = "/index.html"


@dataclass(frozen=True)
class Target:
    url: str
    # The locale the site's URL scheme gives the page (its lang must say
    # so), "" for a page outside the scheme: its own lang attribute decides.
    locale: str
    direction: str  # "ltr" or "rtl" from CLDR; "" when the locale is not known yet
    page: str  # the path under the locale prefix: "/", "/stories/elias/"
    status: int = 200  # what the server must answer: 404 for the not-found pages
    # Outside the scheme: a CLDR tag the first path segment names, and the
    # path under it, used when the page has no lang of its own.
    prefix: str = ""
    prefix_page: str = ""
    # (page id, language tag) for --changed-since; "" for a page given by URL.
    page_id: str = ""
    # Where the page comes in a whole run (shards.number): shards and merge
    # keep that order.
    position: int = 0


def page_targets(base_url: str, languages, pages=None) -> list[Target]:
    """Pages of the site (all by default) in the given languages (app context needed)."""
    from flask import current_app, url_for

    from ..site.pages import all_pages

    targets = []
    with current_app.test_request_context(base_url=base_url):
        for language_ in languages:
            prefix = f"/{language_.tag}"
            for page in pages or all_pages():
                path = url_for(page.endpoint, lang=language_.tag, **page.values)
                targets.append(
                    Target(
                        url=base_url.rstrip("/") + path,
                        locale=language_.tag,
                        direction=language_.direction,
                        page=path[len(prefix) :] or "/",
                        page_id=page.id,
                    )
                )
    return targets


def not_found_targets(base_url: str, languages) -> list[Target]:
    """Each language's 404 page, as a reader who mistyped an address meets it."""
    return [
        Target(
            url=f"{base_url.rstrip('/')}/{language_.tag}/{NOT_FOUND_PATH}",
            locale=language_.tag,
            direction=language_.direction,
            page=NOT_FOUND_PAGE,
            status=404,
            page_id="404",
        )
        for language_ in languages
    ]


def chooser_target(base_url: str) -> Target:
    """A freeze's root page: in the default language, which its lang says."""
    return Target(
        url=base_url.rstrip("/") + CHOOSER_PAGE,
        locale="",
        direction="",
        page=CHOOSER_PAGE,
        page_id="chooser",
    )


def url_target(url: str, languages) -> Target:
    """A page given by URL, on any host. When its first path segment is one
    of the site's languages the page is that locale, as on this site; any
    other page's locale is its own lang attribute (see resolve)."""
    path = urlsplit(url).path or "/"
    first, _, rest = path.lstrip("/").partition("/")
    known = {language_.tag.lower(): language_ for language_ in languages}
    site_language = known.get(first.lower())
    if site_language is not None:
        return Target(
            url=url, locale=site_language.tag, direction=site_language.direction, page="/" + rest
        )
    prefix = ""
    if first and 2 <= len(first.split("-")[0]) <= 3:
        prefix = language.normalize_tag(first)
    return Target(
        url=url, locale="", direction="", page=path, prefix=prefix, prefix_page="/" + rest
    )


def resolve(target: Target, lang_attribute: str | None) -> tuple[str, str, str]:
    """(locale, direction, page key) of a loaded page: the site's locale for
    its URL; else its own html lang, normalised with Babel; else the locale
    its first path segment names; else "und" (and html-lang-missing says why)."""
    if target.locale:
        return target.locale, target.direction, target.page
    lang = language.normalize_tag(lang_attribute)
    if lang:
        page = target.page
        if target.prefix and language.split_tag(target.prefix)[0] == language.split_tag(lang)[0]:
            page = target.prefix_page
        return lang, language.direction_of(lang), page
    if target.prefix:
        return target.prefix, language.direction_of(target.prefix), target.prefix_page
    return "und", "", target.page


def slug(page: str) -> str:
    return page.strip("/").replace("/", "_") or "home"
