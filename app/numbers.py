"""Numbers as a language's readers read them: CLDR through Babel, in the
numbering system the site chooses (NUMBERING_SYSTEMS in app/config.py).
Babel's `numbering_system=` changes symbols ("7٫6") but leaves digits Latin,
so `ar` with `arab` needs its digits changed here to be "٧٫٦ مليون". CLDR's
numeric systems are ten Unicode decimal digits: a system is known by its zero.
"""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_compact_decimal, format_decimal
from babel.units import format_unit

# CLDR numbering system -> its digit zero (numberingSystems.xml): the scripts
# written right to left and of South Asia; add a line to offer another.
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
TABLES = {system: str.maketrans("0123456789", "".join(chr(ord(zero) + n) for n in range(10)))
          for system, zero in ZEROS.items()}


class NumberingLocale(Locale):
    """A CLDR locale but for its numbering system (plural rules are the locale's)."""

    def __init__(self, locale: Locale, system: str):
        super().__init__(locale.language, locale.territory, locale.script, locale.variant,
                         locale.modifier)
        self.system = system

    @property
    def default_numbering_system(self) -> str:
        return self.system


def with_numbering(locale: Locale, system: str) -> Locale:
    """`locale` writing numbers in `system` ("default": CLDR's choice);
    ValueError for one unknown, so a wrong setting stops the app at start-up."""
    if system == "default":
        return locale
    if system not in ZEROS:
        raise ValueError(f"numbering system {system!r} is not one of {', '.join(sorted(ZEROS))}")
    if system not in locale.number_symbols:
        raise ValueError(f"CLDR has no {system!r} number symbols for {locale}")
    return NumberingLocale(locale, system)


# Each figure written once per locale and format: a page shows the same few
# figures as the others, and CLDR formatting is a thirtieth of a freeze.
WRITTEN: dict[tuple, str] = {}
WRITTEN_SIZE = 10_000


def written(format_number, value: int | float, locale: Locale, *args, **options) -> str:
    """A Babel `format_number` of `value`, its digits in the locale's system."""
    system = locale.default_numbering_system
    key = (format_number, type(value), value, str(locale), system, args,
           tuple(sorted(options.items())))
    found = WRITTEN.get(key)
    if found is None:
        text = format_number(value, *args, locale=locale, numbering_system="default", **options)
        if len(WRITTEN) >= WRITTEN_SIZE:
            WRITTEN.clear()
        found = WRITTEN[key] = text.translate(TABLES.get(system, {}))
    return found


def decimal(value: int | float, locale: Locale, **options) -> str:
    return written(format_decimal, value, locale, **options)


def compact(value: int | float, locale: Locale, **options) -> str:
    """"4 million", "٤ ملايين": CLDR's long compact form."""
    return written(format_compact_decimal, value, locale, format_type="long", **options)


def unit(value: int | float, measurement: str, locale: Locale, **options) -> str:
    return written(format_unit, value, locale, measurement, **options)
