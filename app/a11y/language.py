"""3.1.1 and 3.1.2 judged with CLDR's scripts and directions: a word in another
script than its lang's, unless a proper name from site.toml; in a Latin-script
language other than English, text that reads as English. Pseudo-locales are not judged."""

import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from flask import current_app, has_app_context

from ..config import defaults
from ..site.languages import letter_script

PSEUDO_REGIONS = {"XA", "XB", "XC"}
# Where CLDR's English name of a script is not the first word of the Unicode
# names of its letters.
UNICODE_SCRIPT_NAMES = {"Beng": "BENGALI"}
# English function words that are not words in Turkish (so no "on", "it",
# "can", "not", "to", "a") and rare as words in other Latin-script languages.
ENGLISH_MARKERS = frozenset(
    "the and of with is are was were this that which have has from for our their been will "
    "would your you they these those there what when where who but than its into after about "
    "by had".split()
)
WORD = re.compile(r"[^\W\d_]+")


def names() -> tuple[str, ...]:
    """The site's proper names: the app's, else those of the site's folder."""
    return tuple((current_app.config if has_app_context() else _defaults())["PROPER_NAMES"])


_defaults = cache(defaults)  # site.toml read once


def split_tag(tag: str) -> tuple[str, str, str]:
    """(language, script, region) of a BCP 47 tag; missing parts are ''."""
    language, *rest = re.split(r"[-_]", tag.strip())
    script = next((p.title() for p in rest if len(p) == 4 and p.isalpha()), "")
    region = next((p.upper() for p in rest if (len(p) == 2 and p.isalpha())
                   or (len(p) == 3 and p.isdigit())), "")
    return language.lower(), script, region


def _locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag.replace("_", "-"), sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def normalize_tag(tag: str | None) -> str:
    """A lang attribute as a canonical BCP 47 tag ("AR-sy" -> "ar-SY"), or ""
    when Babel knows no such language. A region CLDR has no data for (a
    pseudo-locale's XA) is kept when the language is known."""
    tag = (tag or "").strip()
    locale = _locale(tag) if tag else None
    if locale is not None:
        return "-".join(p for p in (locale.language, locale.script, locale.territory) if p)
    if tag and _locale(split_tag(tag)[0]) is not None:
        return "-".join(p for p in split_tag(tag) if p)
    return ""


def direction_of(tag: str) -> str:
    """ "rtl" or "ltr" from CLDR (the language's, for a region CLDR lacks), or ""."""
    locale = (_locale(tag) or _locale(split_tag(tag)[0])) if tag else None
    return locale.text_direction if locale else ""


def is_pseudo(tag: str) -> bool:
    return split_tag(tag)[2] in PSEUDO_REGIONS


def script_of(tag: str) -> str:
    """The script a language is written in: its tag's, else CLDR's likely one."""
    language, script, region = split_tag(tag)
    likely = get_global("likely_subtags")
    for key in (f"{language}_{region}" if region else "", language):
        if not script and key in likely:
            script = split_tag(likely[key])[1]
    return script


@cache
def script_name(tag: str) -> str:
    """The first word of the Unicode names of the letters a language is written
    in: CLDR's name of its script where the letters of the language's own name
    confirm it, else "" (not judged: Han, Japanese, Korean, Odia)."""
    code = script_of(tag)
    name = UNICODE_SCRIPT_NAMES.get(code) or Locale("en").scripts.get(code, "").upper()
    locale = _locale(tag) or _locale(split_tag(tag)[0])
    return name if locale and letter_script(locale.display_name or "") == name else ""


def judge(text: str, lang: str) -> str | None:
    """Why this text needs a lang attribute, or None when it does not."""
    if not lang or is_pseudo(lang):
        return None
    expected = script_name(lang)
    if not expected:
        return None
    for name in names():
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    words = WORD.findall(text)
    foreign = [w for w in words if letter_script(w) not in (expected, "")]
    if foreign:
        shown = " ".join(foreign[:8]) + (" …" if len(foreign) > 8 else "")
        return (
            f'{letter_script(foreign[0]).title()} text “{shown}” inside lang="{lang}", which is '
            f"written in {expected.title()} script: mark its language with lang"
        )
    if expected == "LATIN" and split_tag(lang)[0] != "en" and len(words) >= 4:
        hits = [w for w in words if w.lower() in ENGLISH_MARKERS]
        if len({h.lower() for h in hits}) >= 2 and len(hits) / len(words) >= 0.25:
            return (
                f'reads as English ({", ".join(hits[:5])}…) inside lang="{lang}": '
                'translate it or mark it lang="en"'
            )
    return None
