"""Everything about languages lives here: which locales the site serves, how a
request's locale is chosen, and how numbers are written in each.

The rest of the app asks this module; no other file keeps a list of languages
or of right-to-left scripts. Text direction and native names come from CLDR
through Babel, so a new locale needs only its catalog and the LOCALES setting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from babel.numbers import format_compact_decimal, format_decimal
from flask import Flask, current_app, g, request, url_for
from flask_babel import Babel
from markupsafe import Markup

from ..catalogs.coverage import page_id
from ..catalogs.pseudo import PSEUDO_LOCALES
from ..catalogs.store import CatalogStore, config_defaults, is_production
from ..config import split_locales
from .pages import all_pages

babel = Babel()
log = logging.getLogger(__name__)


def N_(msgid: str) -> str:
    """Mark a string for extraction; it is translated when shown."""
    return msgid


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for extraction (keyword `N_plural:1,2` in
    app/translate.py); it is translated, by count, when shown."""
    return singular, plural


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


@dataclass(frozen=True)
class Language:
    code: str  # Babel's identifier, with an underscore: "pt_BR"
    tag: str  # BCP 47, with a hyphen, for lang= and hreflang=: "pt-BR"
    direction: str  # "ltr" or "rtl", from CLDR
    native_name: str  # the language named in itself: "العربية"
    # A pseudo-locale's real language (CLDR has no en_XA): numbers, direction
    # and plural rules come from it.
    base: str | None = None

    @classmethod
    def pseudo(cls, code: str) -> Language:
        base, description = PSEUDO_LOCALES[code]
        return cls(
            code=code,
            tag=code.replace("_", "-"),
            direction=Locale.parse(base).text_direction,
            native_name=description,
            base=base,
        )

    @classmethod
    def from_code(cls, code: str) -> Language:
        try:
            locale = Locale.parse(code.replace("-", "_"))
        except (ValueError, UnknownLocaleError) as exc:
            raise RuntimeError(f"LOCALES names {code!r}, which CLDR does not know") from exc
        # Keep the region (pt_BR) but not a script's default casing quirks.
        ident = str(locale)
        native = locale.get_display_name(locale) or ident
        return cls(
            code=ident,
            tag=ident.replace("_", "-"),
            direction=locale.text_direction,
            native_name=native[:1].upper() + native[1:],
        )

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.base or self.code)

    @property
    def is_pseudo(self) -> bool:
        return self.base is not None


def catalog_path(translations_dir: str | Path, code: str) -> Path:
    return Path(translations_dir) / code / "LC_MESSAGES" / "messages.po"


def load_languages(app: Flask) -> dict[str, Language]:
    """Parse LOCALES, failing at start-up for a code CLDR does not know. The
    catalogs themselves are checked by the CatalogStore (app/catalogs/store.py):
    in production a missing one refuses to start, in development it is logged
    and the language shows English."""
    codes = app.config["LOCALES"]
    if isinstance(codes, str):
        codes = split_locales(codes)
    default = app.config["DEFAULT_LOCALE"]
    if default not in codes:
        codes = [default, *codes]
    languages: dict[str, Language] = {}
    for code in codes:
        language = Language.from_code(code)
        languages[language.code] = language
    return languages


def load_pseudo_languages(app: Flask) -> dict[str, Language]:
    """en-XA and ar-XB when PSEUDO_LOCALES is on, and never in production.
    They are served at their prefix but kept out of languages(), so the
    switcher, hreflang, the sitemap and negotiation never offer them."""
    if not app.config.get("PSEUDO_LOCALES"):
        return {}
    if is_production(app):
        log.warning("PSEUDO_LOCALES is ignored in production")
        return {}
    return {code: Language.pseudo(code) for code in PSEUDO_LOCALES}


def init_app(app: Flask) -> None:
    for key, value in config_defaults().items():
        app.config.setdefault(key, value)
    app.extensions["hikaya_languages"] = load_languages(app)
    app.extensions["hikaya_pseudo_languages"] = load_pseudo_languages(app)
    default = app.config["DEFAULT_LOCALE"]
    store = CatalogStore(
        app,
        [code for code in app.extensions["hikaya_languages"] if code != default],
        list(app.extensions["hikaya_pseudo_languages"]),
    )
    store.load_all()
    app.extensions["hikaya_catalogs"] = store
    if store.reload:
        app.before_request(store.refresh)
    babel.init_app(
        app,
        # Babel's identifier of the real language (a pseudo-locale's base).
        locale_selector=lambda: str(current_language().locale),
        default_domain="messages",
        default_translation_directories=app.config["TRANSLATIONS_DIR"],
    )
    app.jinja_env.globals.update(
        format_figure=format_figure,
        format_number=format_number,
        format_year=format_year,
        publish_notice=publish_notice,
    )

    @app.context_processor
    def language_context():
        settle_language()
        return {
            "language": current_language(),
            "languages": languages(),
        }


def languages() -> dict[str, Language]:
    return current_app.extensions["hikaya_languages"]


def default_language() -> Language:
    return languages()[current_app.config["DEFAULT_LOCALE"]]


def current_language() -> Language:
    return g.get("language") or default_language()


def pseudo_languages() -> dict[str, Language]:
    return current_app.extensions.get("hikaya_pseudo_languages", {})


def catalogs() -> CatalogStore:
    return current_app.extensions["hikaya_catalogs"]


def language_for_prefix(prefix: str) -> Language | None:
    """The URL prefix is the BCP 47 tag (ar, pt-BR); match it exactly so each
    page has one URL per language."""
    for language in [*languages().values(), *pseudo_languages().values()]:
        if language.tag == prefix:
            return language
    return None


# --- Publishing ---------------------------------------------------------------
# A page is offered in a language once PUBLISH_THRESHOLD of its strings are
# translated there. The shares are worked out when the catalogs are loaded.


def is_published(endpoint: str, values: dict | None, language: Language) -> bool:
    if language == default_language() or language.is_pseudo:
        return True
    pid = page_id(endpoint, values)
    if pid not in _page_ids():
        return True  # not a page of the site (an error page): nothing to count
    fraction = catalogs().fraction(pid, language.code)
    return fraction >= float(current_app.config["PUBLISH_THRESHOLD"])


def published_languages(endpoint: str, values: dict | None) -> list[Language]:
    return [lang for lang in languages().values() if is_published(endpoint, values, lang)]


def _page_ids() -> set[str]:
    return {page_id(page.endpoint, page.values) for page in all_pages()}


def _page_values() -> dict:
    return {k: v for k, v in (request.view_args or {}).items() if k != "lang"}


def settle_language() -> None:
    """Just before a page renders: if it is not published in the language
    asked for, render it in English and remember what was asked, so the page
    can say so in the reader's language."""
    language = g.get("language")
    if (
        language is None
        or g.get("requested_language")
        or g.get("error")
        or request.blueprint != "pages"
        or request.endpoint is None
    ):
        return
    if not is_published(request.endpoint, _page_values(), language):
        g.requested_language = language
        g.language = default_language()


def publish_notice() -> Markup:
    """The notice on an English page shown in place of an unpublished one,
    written in the language the reader asked for."""
    requested = g.get("requested_language")
    if requested is None:
        return Markup("")
    from ..catalogs import gettext as messages  # it imports this module

    links = []
    for language in published_languages(request.endpoint, _page_values()):
        url = url_for(request.endpoint, **{**_page_values(), "lang": language.tag})
        links.append(
            Markup('<a href="%s" lang="%s" hreflang="%s" dir="%s">%s</a>')
            % (url, language.tag, language.tag, language.direction, language.native_name)
        )
    # CLDR's list pattern ("A, B and C" in the reader's language); the items
    # are escaped markup already.
    joined = Markup(format_list([str(link) for link in links], locale=requested.locale))
    singular, plural = PUBLISH_NOTICE
    text = messages.render_markup(
        singular,
        {"language": requested.native_name, "languages": joined},
        plural=plural,
        n=len(links),
        language=requested,
    )
    return Markup('<p class="publish-notice" lang="%s" dir="%s">%s</p>') % (
        requested.tag, requested.direction, text,
    )


def negotiate() -> Language:
    """Pick the reader's language for a URL without a prefix: the choice they
    made before (cookie), else their browser's Accept-Language, else English."""
    by_tag = {lang.tag: lang for lang in languages().values()}
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"], "")
    if chosen in by_tag:
        return by_tag[chosen]
    # werkzeug parses q-weights and falls back from ar-SY to ar.
    best = request.accept_languages.best_match(list(by_tag))
    return by_tag.get(best) if best else default_language()


def format_number(value: int | float) -> str:
    """A plain number in the current locale's CLDR default digits."""
    return format_decimal(value, locale=current_language().locale, numbering_system="default")


def format_figure(value: int | float, fraction_digits: int = 1) -> str:
    """A compact figure, "7.6 million", written the current locale's way."""
    return format_compact_decimal(
        value,
        format_type="long",
        locale=current_language().locale,
        fraction_digits=fraction_digits,
        numbering_system="default",
    )


def format_year(year: int) -> str:
    """A year: the locale's digits, but never a thousands separator (2007, not 2,007)."""
    return format_decimal(
        year,
        locale=current_language().locale,
        numbering_system="default",
        group_separator=False,
    )
