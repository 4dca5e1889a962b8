"""Plural rules: the Plural-Forms header each language's catalog must carry,
and the rule read from it (which form a number takes, and which forms are
used for one number only, so their text may leave the count out).
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from babel import UnknownLocaleError
from babel.messages.plurals import get_plural

# Names a plural message's count goes by (ngettext passes it as `num`).
COUNT_NAMES = frozenset({"num", "count", "n"})

# The plural rules translation tools (GNU gettext, Weblate, Poedit) use.
# Babel writes Turkish with one form and numbers Arabic's forms 4 and 5 the
# other way round; the catalogs keep these headers, and `check` enforces them.
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "tr": "nplurals=2; plural=(n != 1);",
}


def base_language(code: str) -> str:
    return code.replace("-", "_").split("_")[0]


def canonical_plural_forms(code: str) -> str:
    """The Plural-Forms header a catalog for `code` must carry."""
    if (language := base_language(code)) in PLURAL_FORMS:
        return PLURAL_FORMS[language]
    for candidate in (code.replace("-", "_"), language):
        try:
            # A pseudo-locale (en_XA) or a region Babel lacks: the language's rule.
            nplurals, expr = get_plural(candidate)
        except (ValueError, LookupError, UnknownLocaleError):
            continue
        return f"nplurals={nplurals}; plural={expr};"
    raise ValueError(f"CLDR has no plural rule for {code!r}")


def normalise_plural_forms(header: str) -> str:
    """Compare headers without caring about spaces or a final semicolon."""
    return re.sub(r"\s+", "", header or "").rstrip(";")


@dataclass(frozen=True)
class PluralRule:
    nplurals: int
    function: Callable[[int], int]
    # Forms used for exactly one number (Arabic zero, one, two; Turkish one):
    # their text may say the number in words and leave the count out.
    single_value_forms: frozenset[int]

    def omittable(self, form: int) -> frozenset[str]:
        """The placeholders a form may leave out: the count, in a form used
        for one number only ("سنة واحدة" says "one" in words)."""
        return COUNT_NAMES if form in self.single_value_forms else frozenset()


@lru_cache(maxsize=64)
def plural_rule(header: str) -> PluralRule:
    """Parse a Plural-Forms header; ValueError when it cannot be used."""
    match = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", header or "")
    if not match:
        raise ValueError(f"cannot read Plural-Forms {header!r}")
    nplurals = int(match.group(1))
    # gettext.c2py checks the C expression and refuses anything but arithmetic.
    function = gettext.c2py(match.group(2))
    hits: dict[int, list[int]] = {}
    for n in range(0, 1001):
        hits.setdefault(function(n), []).append(n)
    if not 1 <= nplurals <= 10 or any(not 0 <= form < nplurals for form in hits):
        raise ValueError(f"Plural-Forms {header!r} picks a form outside 0..nplurals-1")
    return PluralRule(nplurals, function,
                      frozenset(form for form, ns in hits.items() if len(ns) == 1))


def canonical_rule(code: str) -> PluralRule:
    return plural_rule(canonical_plural_forms(code))
