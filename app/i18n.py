"""Everything about languages lives here: which locales the site serves, how a
request's locale is chosen, and how numbers are written in each.

The rest of the app asks this module; no other file keeps a list of languages
or of right-to-left scripts. Text direction and native names come from CLDR
through Babel, so a new locale needs only its catalog and the LOCALES setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.numbers import format_compact_decimal, format_decimal
from flask import Flask, current_app, g, request
from flask_babel import Babel

from .config import split_locales

babel = Babel()


@dataclass(frozen=True)
class Language:
    code: str  # Babel's identifier, with an underscore: "pt_BR"
    tag: str  # BCP 47, with a hyphen, for lang= and hreflang=: "pt-BR"
    direction: str  # "ltr" or "rtl", from CLDR
    native_name: str  # the language named in itself: "العربية"

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
        return Locale.parse(self.code)


def catalog_path(translations_dir: str | Path, code: str) -> Path:
    return Path(translations_dir) / code / "LC_MESSAGES" / "messages.po"


def load_languages(app: Flask) -> dict[str, Language]:
    """Parse LOCALES and fail at start-up, not on a reader's request, when a
    configured language has no catalog."""
    codes = app.config["LOCALES"]
    if isinstance(codes, str):
        codes = split_locales(codes)
    default = app.config["DEFAULT_LOCALE"]
    if default not in codes:
        codes = [default, *codes]
    languages: dict[str, Language] = {}
    for code in codes:
        language = Language.from_code(code)
        if language.code != default:
            po = catalog_path(app.config["TRANSLATIONS_DIR"], language.code)
            if not po.is_file():
                raise RuntimeError(
                    f"locale {language.code!r} is configured but its catalog {po} does not exist"
                )
        languages[language.code] = language
    return languages


def init_app(app: Flask) -> None:
    app.extensions["hikaya_languages"] = load_languages(app)
    babel.init_app(
        app,
        locale_selector=lambda: g.get("language", default_language()).code,
        default_domain="messages",
        default_translation_directories=app.config["TRANSLATIONS_DIR"],
    )
    app.jinja_env.globals.update(
        format_figure=format_figure,
        format_number=format_number,
        format_year=format_year,
    )

    @app.context_processor
    def language_context():
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


def language_for_prefix(prefix: str) -> Language | None:
    """The URL prefix is the BCP 47 tag (ar, pt-BR); match it exactly so each
    page has one URL per language."""
    for language in languages().values():
        if language.tag == prefix:
            return language
    return None


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
