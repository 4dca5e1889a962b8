"""3.1.1 and 3.1.2 judged in Python, where Babel's CLDR data says which
script each language is written in and which way it runs.

Language of parts, as designed here: every visible text node (and alt,
aria-label, placeholder) is in the language of its nearest lang attribute.
A word written in another script than that language's (Latin inside
lang="ar", Arabic inside lang="en") is reported unless it belongs to a
proper name in site.toml. Script alone cannot tell English from Turkish,
so for a Latin-script language other than English a run of text is also
reported when it reads as English: at least four words, a quarter or more of
them English function words that are not words in Turkish ("the", "and",
"with"...). That catches an untranslated sentence on a Turkish page without
comparing against the English page, so it works for any URL on any host.
Pseudo-locales (CLDR's private regions XA, XB, XC) are transformed English
by design and are not judged.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from flask import current_app, has_app_context

from ..config import defaults

PSEUDO_REGIONS = {"XA", "XB", "XC"}

# ISO 15924 code -> first word of the Unicode character names of its letters.
SCRIPT_NAMES = {
    "Latn": "LATIN",
    "Arab": "ARABIC",
    "Cyrl": "CYRILLIC",
    "Grek": "GREEK",
    "Hebr": "HEBREW",
    "Deva": "DEVANAGARI",
    "Beng": "BENGALI",
    "Thai": "THAI",
    "Armn": "ARMENIAN",
    "Geor": "GEORGIAN",
    "Ethi": "ETHIOPIC",
    "Hang": "HANGUL",
    "Taml": "TAMIL",
    "Syrc": "SYRIAC",
    "Thaa": "THAANA",
}

# English function words that are not words in Turkish (so no "on", "it",
# "can", "not", "to", "a") and rare as words in other Latin-script languages.
ENGLISH_MARKERS = frozenset(
    "the and of with is are was were this that which have has from for our their been will "
    "would your you they these those there what when where who but than its into after about "
    "by been has had".split()
)

WORD = re.compile(r"[^\W\d_]+")


def names() -> tuple[str, ...]:
    """The site's proper names (site.toml's `proper_names` and organisation,
    app/config.py): the app's when there is one, else the site's folder's."""
    if has_app_context():
        return tuple(current_app.config["PROPER_NAMES"])
    return site_names()


@cache
def site_names() -> tuple[str, ...]:
    return tuple(defaults()["PROPER_NAMES"])


def split_tag(tag: str) -> tuple[str, str, str]:
    """(language, script, region) of a BCP 47 tag; missing parts are ''."""
    parts = re.split(r"[-_]", tag.strip())
    language = parts[0].lower() if parts and parts[0] else ""
    script = region = ""
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            script = part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            region = part.upper()
    return language, script, region


def normalize_tag(tag: str | None) -> str:
    """A lang attribute as a canonical BCP 47 tag ("AR-sy" -> "ar-SY",
    "tr_TR" -> "tr-TR"), or "" when Babel knows no such language ("english",
    "x-klingon", empty). A region CLDR has no data for, such as a pseudo-locale's
    XA, is kept when the language itself is known."""
    tag = (tag or "").strip().replace("_", "-")
    if not tag:
        return ""
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        language, script, region = split_tag(tag)
        try:
            Locale.parse(language)
        except (ValueError, TypeError, UnknownLocaleError):
            return ""
        return "-".join(part for part in (language, script, region) if part)
    parts = (locale.language, locale.script, locale.territory)
    return "-".join(part for part in parts if part)


def direction_of(tag: str) -> str:
    """ "rtl" or "ltr" from CLDR for a known tag (its language's, for a region
    CLDR lacks), "" for an unknown one."""
    if not tag:
        return ""
    for candidate in (tag, split_tag(tag)[0]):
        try:
            return Locale.parse(candidate.replace("-", "_")).text_direction
        except (ValueError, TypeError, UnknownLocaleError):
            continue
    return ""


def same_tag(a: str, b: str) -> bool:
    return a.replace("_", "-").lower() == b.replace("_", "-").lower()


def is_pseudo(tag: str) -> bool:
    return split_tag(tag)[2] in PSEUDO_REGIONS


def script_of(tag: str) -> str:
    """The script a language is written in: its tag's, else CLDR's likely one."""
    language, script, region = split_tag(tag)
    if script:
        return script
    likely = get_global("likely_subtags")
    for key in (f"{language}_{region}" if region else "", language):
        if key and key in likely:
            return split_tag(likely[key])[1]
    return ""


def letter_script(word: str) -> str:
    try:
        return unicodedata.name(word[0]).split(" ")[0]
    except ValueError:
        return ""


def strip_names(text: str) -> str:
    for name in names():
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    return text


def judge(text: str, lang: str) -> str | None:
    """Why this text needs a lang attribute, or None when it does not."""
    if not lang or is_pseudo(lang):
        return None
    expected = SCRIPT_NAMES.get(script_of(lang))
    if not expected:
        return None
    words = WORD.findall(strip_names(text))
    foreign = [w for w in words if letter_script(w) not in (expected, "")]
    if foreign:
        shown = " ".join(foreign[:8]) + (" …" if len(foreign) > 8 else "")
        return (
            f'{letter_script(foreign[0]).title()} text “{shown}” inside lang="{lang}", which is '
            f"written in {expected.title()} script: mark its language with lang"
        )
    if expected == "LATIN" and split_tag(lang)[0] != "en" and len(words) >= 4:
        hits = [w for w in words if w.lower() in ENGLISH_MARKERS]
        if len(set(h.lower() for h in hits)) >= 2 and len(hits) / len(words) >= 0.25:
            return (
                f'reads as English ({", ".join(hits[:5])}…) inside lang="{lang}": '
                'translate it or mark it lang="en"'
            )
    return None
