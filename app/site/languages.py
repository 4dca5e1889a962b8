"""The languages served (LOCALES), what each is (CLDR, through Babel), which
one a request is in, and how numbers are written in it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from flask import Flask, current_app, g, has_app_context, request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from .. import numbers
from ..catalogs.pseudo import PSEUDO_LOCALES
from ..config import is_production


@dataclass(frozen=True)
class Language:
    code: str  # Babel's identifier, with an underscore: "pt_BR"
    tag: str  # BCP 47, with a hyphen, for lang= and hreflang=: "pt-BR"
    direction: str  # "ltr" or "rtl", from CLDR
    native_name: str  # the language named in itself: "العربية"
    base: str | None = None  # a pseudo-locale's real language (CLDR has no en_XA)
    numbering: str = "default"  # a CLDR numbering system ("arab"), or CLDR's default

    @classmethod
    def from_code(cls, code: str, numbering: str = "default") -> Language:
        try:
            locale = Locale.parse(code.replace("-", "_"))
        except (ValueError, UnknownLocaleError) as exc:
            raise RuntimeError(f"LOCALES names {code!r}, which CLDR does not know") from exc
        ident = str(locale)  # keeps the region: pt_BR
        native = locale.get_display_name(locale) or ident
        try:
            numbers.with_numbering(locale, numbering)
        except ValueError as exc:
            raise RuntimeError(f"NUMBERING_SYSTEMS for {code!r}: {exc}") from exc
        return cls(ident, ident.replace("_", "-"), locale.text_direction,
                   native[:1].upper() + native[1:], numbering=numbering)

    @property
    def locale(self) -> Locale:
        """The CLDR locale, writing numbers in this language's numbering system."""
        return numbers.with_numbering(Locale.parse(self.base or self.code), self.numbering)

    @property
    def is_pseudo(self) -> bool:
        return self.base is not None


def load_languages(app: Flask) -> dict[str, Language]:
    """LOCALES, failing at start-up for a code CLDR does not know."""
    codes, default = app.config["LOCALES"], app.config["DEFAULT_LOCALE"]
    codes = codes if default in codes else [default, *codes]
    systems = {key.replace("_", "-"): value  # keyed by tag or identifier, as LOCALES
               for key, value in app.config["NUMBERING_SYSTEMS"].items()}
    languages: dict[str, Language] = {}
    for code in codes:
        language = Language.from_code(code, systems.pop(code.replace("_", "-"), "default"))
        languages[language.code] = language
    if systems:
        raise RuntimeError(f"NUMBERING_SYSTEMS names {', '.join(sorted(systems))}, "
                           "which LOCALES does not list")
    return languages


def load_pseudo_languages(app: Flask) -> dict[str, Language]:
    """en-XA and ar-XB when PSEUDO_LOCALES is on, never in production: served
    at their prefix, but kept out of languages(), so nothing offers them."""
    if app.config["PSEUDO_LOCALES"] and is_production(app):
        app.logger.warning("PSEUDO_LOCALES is ignored in production")
    elif app.config["PSEUDO_LOCALES"]:
        return {code: Language(code, code.replace("_", "-"), Locale.parse(base).text_direction,
                               description, base=base)
                for code, (base, description) in PSEUDO_LOCALES.items()}
    return {}


def init_app(app: Flask) -> None:
    app.extensions["hikaya_languages"] = load_languages(app)
    app.extensions["hikaya_pseudo_languages"] = load_pseudo_languages(app)
    app.jinja_env.globals.update(format_number=format_number, format_size=format_size)


def languages() -> dict[str, Language]:
    """The configured languages, the default first: what readers are offered."""
    return current_app.extensions["hikaya_languages"]


def pseudo_languages() -> dict[str, Language]:
    return current_app.extensions["hikaya_pseudo_languages"]


def all_languages() -> list[Language]:
    """Every language a page can be served in, the pseudo-locales last."""
    return [*languages().values(), *pseudo_languages().values()]


def default_language() -> Language:
    return languages()[current_app.config["DEFAULT_LOCALE"]]


def current_language() -> Language:
    """The language this request renders in; the default outside a page."""
    found = g.get("language") if has_app_context() else None
    return found or default_language()


def current_locale_code() -> str:
    """The catalogs' locale selector (app/catalogs/gettext.py)."""
    return current_language().code


def language_for_prefix(prefix: str) -> Language | None:
    """The BCP 47 tag (ar, pt-BR), matched exactly: one URL per language."""
    return next((language for language in all_languages() if language.tag == prefix), None)


def language_for_path(path: str) -> Language:
    """The language of any URL, matched or not: its prefix, else the reader's."""
    prefix = path.strip("/").split("/", 1)[0]
    return language_for_prefix(prefix) or negotiate()


# Only the start of Accept-Language counts: parsing 700 entries (7.6 KB) on
# every "/" cut throughput six times. nginx's configuration reads the same.
ACCEPT_LANGUAGE_MAX_BYTES = 512
ACCEPT_LANGUAGE_MAX_ENTRIES = 16


def bounded_accept_language(header: str) -> str:
    """The first entries within the bounds (an entry cut there is dropped)."""
    entries = header[:ACCEPT_LANGUAGE_MAX_BYTES].split(",")
    if len(header) > ACCEPT_LANGUAGE_MAX_BYTES:
        entries.pop()
    return ",".join(entries[:ACCEPT_LANGUAGE_MAX_ENTRIES])


def negotiate() -> Language:
    """For a URL without a prefix: the cookie, else Accept-Language, else the default."""
    by_tag = {lang.tag: lang for lang in languages().values()}
    chosen = by_tag.get(request.cookies.get(current_app.config["LANGUAGE_COOKIE"], ""))
    if chosen:
        return chosen
    # werkzeug parses q-weights (q=0 is "not this one") and falls back from ar-SY to ar.
    header = bounded_accept_language(request.headers.get("Accept-Language", ""))
    best = parse_accept_header(header, LanguageAccept).best_match(list(by_tag))
    return by_tag.get(best) or default_language()


def format_number(value: int | float) -> str:
    """A plain number in the current language's digits."""
    return numbers.decimal(value, current_language().locale)


def format_size(size: int) -> str:
    """Whole kilobytes (CLDR's unit, 1,000 bytes; at least 1): "60 kB", with
    a no-break space, so a narrow screen never parts number and unit."""
    written = numbers.unit(max(1, round(size / 1000)), "digital-kilobyte",
                           current_language().locale, length="short")
    return written.replace(" ", "\u00a0")


def letter_script(word: str) -> str:
    """The script of a word's first letter, as Unicode names it ("ARABIC", "LATIN")."""
    return unicodedata.name(word[0], "").split(" ")[0]
