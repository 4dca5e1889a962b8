"""Numbers written the way a language's readers read them: CLDR's patterns,
symbols and words through Babel, in a numbering system the site may choose.

Babel's `numbering_system=` switches a number's symbols (the Arabic decimal
separator in "7٫6") but leaves its digits Latin, so a locale whose numbering
system is not `latn` needs its digits changed too: `ar` with `arab` is
"٧٫٦ مليون", not "7٫6 مليون". CLDR's numeric systems are runs of ten Unicode
decimal digits, so a system is known here by its zero alone.

The site's pages (app/site/languages.py) and content figures
(app/content/render.py) both write numbers through this module, with the
locale of the page's language, which carries the numbering system chosen
for it (NUMBERING_SYSTEMS in app/config.py).
"""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_compact_decimal, format_decimal
from babel.units import format_unit

# CLDR numbering system -> its digit zero (common/supplemental/numberingSystems.xml).
# The systems that are some locale's default or native digits in the scripts
# written right to left and in South Asia; add a line to offer another.
ZEROS = {
    "latn": "0",
    "arab": "\u0660",  # Arabic-Indic: ٠١٢٣٤٥٦٧٨٩
    "arabext": "\u06f0",  # Extended Arabic-Indic (Persian, Urdu, Pashto): ۰۱۲۳۴۵۶۷۸۹
    "beng": "\u09e6",
    "deva": "\u0966",
    "mymr": "\u1040",
    "thai": "\u0e50",
    "tibt": "\u0f20",
}


def _digit_table(zero: str) -> dict[int, str]:
    return {ord("0") + n: chr(ord(zero) + n) for n in range(10)}


_TABLES = {system: _digit_table(zero) for system, zero in ZEROS.items()}


class NumberingLocale(Locale):
    """A CLDR locale whose numbers use a numbering system chosen by the site
    rather than the one CLDR makes its default; everything else, plural
    rules included, is the locale's own."""

    def __init__(self, locale: Locale, system: str):
        super().__init__(locale.language, locale.territory, locale.script, locale.variant,
                         locale.modifier)
        self.system = system

    @property
    def default_numbering_system(self) -> str:
        return self.system


def with_numbering(locale: Locale, system: str) -> Locale:
    """`locale`, writing numbers in `system` ("default": CLDR's choice for
    it, unchanged). ValueError for a system this module or the locale's CLDR
    data does not know, so a wrong setting stops the app at start-up."""
    if system == "default":
        return locale
    if system not in ZEROS:
        raise ValueError(f"numbering system {system!r} is not one of {', '.join(sorted(ZEROS))}")
    if system not in locale.number_symbols:
        raise ValueError(f"CLDR has no {system!r} number symbols for {locale}")
    return NumberingLocale(locale, system)


def digits(text: str, locale: Locale) -> str:
    """`text`, written by Babel for `locale`, with its digits in the
    locale's numbering system (Latin digits stay for a system not known)."""
    table = _TABLES.get(locale.default_numbering_system)
    return text.translate(table) if table and table[ord("0")] != "0" else text


def decimal(value: int | float, locale: Locale, **options) -> str:
    return digits(format_decimal(value, locale=locale, numbering_system="default", **options),
                  locale)


def compact(value: int | float, locale: Locale, **options) -> str:
    """"4 million", "٤ ملايين": CLDR's long compact form."""
    return digits(format_compact_decimal(value, format_type="long", locale=locale,
                                         numbering_system="default", **options), locale)


def unit(value: int | float, measurement: str, locale: Locale, **options) -> str:
    return digits(format_unit(value, measurement, locale=locale, numbering_system="default",
                              **options), locale)
