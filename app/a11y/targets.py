"""What a run checks: each page as a Target, for the site's own pages, each
language's 404 page, a freeze's chooser or any URL; and how a loaded
page's locale is settled (resolve)."""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, url_for

from . import language

# Each language's "not found" page, keyed as the freeze names its file and
# reached at a path no page has, as a reader meets it; a freeze's chooser.
NOT_FOUND_PAGE = "/404.html"
NOT_FOUND_PATH = "a11y-check-no-such-page/"
CHOOSER_PAGE = "/index.html"


@dataclass(frozen=True)
class Target:
    url: str
    # The locale the site's URL scheme gives the page (its lang must say
    # so); "" outside the scheme, where its own lang attribute decides.
    locale: str
    direction: str  # "ltr" or "rtl" from CLDR; "" when the locale is not known yet
    page: str  # the path under the locale prefix: "/", "/stories/first-story/"
    status: int = 200  # what the server must answer
    prefix: str = ""  # outside the scheme, for a page with no lang: the tag
    prefix_page: str = ""  # its first path segment names, and the path under it
    page_id: str = ""  # the registry's, for --changed-since; "" for a URL
    position: int = 0  # in a whole run (shards.number)


def locales_for(page) -> list:
    """The languages a page is checked in: those it is published in, then
    the pseudo-locales when they are switched on."""
    from ..site.availability import published_languages
    from ..site.languages import pseudo_languages

    return published_languages(page) + list(pseudo_languages().values())


def site_targets(base_url: str, *, freeze: Path | None = None) -> list[Target]:
    """Every page in every language it is checked in, the 404 page in each
    language it is published in (elsewhere it is the English one), and a
    freeze's language chooser."""
    from ..site.pages import all_pages, registry

    base = base_url.rstrip("/")
    targets = []
    with current_app.test_request_context(base_url=base_url):
        for page in all_pages():
            for lang in locales_for(page):
                path = url_for(page.endpoint, lang=lang.tag, **page.values)
                targets.append(Target(
                    url=base + path, locale=lang.tag, direction=lang.direction,
                    page=path[len(lang.tag) + 1 :] or "/", page_id=page.id))
    languages = locales_for(registry().errors[404])
    if freeze is not None:
        # A freeze holds a 404 page for the languages a reader can be sent to.
        languages = [lang for lang in languages if (freeze / lang.tag / "404.html").is_file()]
        targets.append(Target(url=base + CHOOSER_PAGE, locale="", direction="",
                              page=CHOOSER_PAGE, page_id="chooser"))
    return targets + [
        Target(url=f"{base}/{lang.tag}/{NOT_FOUND_PATH}", locale=lang.tag,
               direction=lang.direction, page=NOT_FOUND_PAGE, status=404, page_id="404")
        for lang in languages
    ]


def url_target(url: str, languages) -> Target:
    """A page given by URL, on any host. When its first path segment is one
    of the site's languages the page is that locale, as on this site; any
    other page's locale is its own lang attribute (see resolve)."""
    path = urlsplit(url).path or "/"
    first, _, rest = path.lstrip("/").partition("/")
    known = {language_.tag.lower(): language_ for language_ in languages}
    site_language = known.get(first.lower())
    if site_language is not None:
        return Target(url=url, locale=site_language.tag, direction=site_language.direction,
                      page="/" + rest)
    prefix = ""
    if first and 2 <= len(first.split("-")[0]) <= 3:
        prefix = language.normalize_tag(first)
    return Target(url=url, locale="", direction="", page=path, prefix=prefix,
                  prefix_page="/" + rest)


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
