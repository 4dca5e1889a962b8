"""The rules one translation must follow, shared by `flask translate check`
(which reports them) and the page (which shows the English instead): what the
gate passes the page uses, and what the page refuses the gate reports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from .markup import html_problems

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: str  # ERROR or WARNING
    check: str  # placeholders, html, length, plurals, whitespace, identical, bidi, ...
    message: str


# (source, translation, *, omittable) -> findings: check_translation, or a
# stricter rule for some messages (content files' Markdown, app/content/rules.py).
Checker = Callable[..., list[Finding]]


# Python's %-format spec, as `str % mapping` reads it. `%%` is a literal.
PERCENT_RE = re.compile(
    r"%(?:\((?P<name>[^()]*)\))?(?P<flags>[#0 +\-]*)(?P<width>\*|\d+)?"
    r"(?:\.(?P<precision>\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
# str.format fields; {{ and }} are literals.
BRACE_RE = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}]*)\}")

NUMBER_CONVERSIONS = frozenset("diouxXeEfFgGc")
INTEGER_CONVERSIONS = frozenset("diu")
ANY_CONVERSIONS = frozenset("sra")


@dataclass(frozen=True)
class Placeholders:
    named: dict[str, str]  # name -> conversion of its first use
    unnamed: tuple[str, ...]  # positional specs such as `%s`, `% d`
    braces: frozenset[str]  # {name} fields
    stray: tuple[int, ...]  # offsets of a % that starts no valid spec


def placeholders(text: str) -> Placeholders:
    named: dict[str, str] = {}
    unnamed: list[str] = []
    stray: list[int] = []
    pos = 0
    while (start := text.find("%", pos)) != -1:
        match = PERCENT_RE.match(text, start)
        if match is None or (match.group("conv") == "%" and match.group(0) != "%%"):
            stray.append(start)
            pos = start + 1
            continue
        pos = match.end()
        if match.group(0) == "%%":
            continue
        if match.group("name") is not None and "*" not in match.group(0):
            named.setdefault(match.group("name"), match.group("conv"))
        else:
            unnamed.append(match.group(0))
    braces = frozenset(re.split(r"[!:.\[]", m.group("field"), maxsplit=1)[0]
                       for m in BRACE_RE.finditer(text) if m.group("field") is not None)
    return Placeholders(named, tuple(unnamed), braces, tuple(stray))


def sample_value(conversion: str) -> object:
    if conversion == "c":
        return 65
    if conversion in INTEGER_CONVERSIONS or conversion in "oxX":
        return 3
    if conversion in NUMBER_CONVERSIONS:
        return 1.5
    # Template code passes markup (a <bdi> figure) as often as plain text.
    return Markup("<bdi>x</bdi>")


def compatible(source_conv: str, translated_conv: str) -> bool:
    return (source_conv == translated_conv or translated_conv in ANY_CONVERSIONS
            or {source_conv, translated_conv} <= INTEGER_CONVERSIONS)


def check_placeholders(source: str, translation: str, *,
                       omittable: frozenset[str] = frozenset()) -> list[Finding]:
    """`source`: every English form joined; `omittable`: placeholders this
    form may leave out (the count in a form used for one number only)."""
    found: list[Finding] = []
    src = placeholders(source)
    got = placeholders(translation)
    for name, conv in got.named.items():
        if name not in src.named:
            found.append(Finding(ERROR, "placeholders", f"%({name}){conv} is not in the source"))
        elif not compatible(src.named[name], conv):
            found.append(Finding(ERROR, "placeholders", f"%({name}){conv} does not fit the "
                                 f"source's %({name}){src.named[name]}"))
    for spec in got.unnamed:
        if spec not in src.unnamed:
            found.append(Finding(ERROR, "placeholders", f"{spec!r} is an unnamed placeholder; "
                                 "write %% for a literal percent sign"))
    for offset in got.stray:
        found.append(Finding(ERROR, "placeholders", f"lone % in {translation[offset:offset + 6]!r};"
                             " write %% for a literal percent sign"))
    for name in sorted(got.braces - src.braces):
        found.append(Finding(ERROR, "placeholders", f"{{{name}}} is not in the source"))
    for name in sorted(set(src.named) - set(got.named) - omittable):
        found.append(Finding(WARNING, "placeholders", f"%({name})s from the source is missing"))
    for name in sorted(src.braces - got.braces - omittable):
        found.append(Finding(WARNING, "placeholders", f"{{{name}}} from the source is missing"))
    if not any(f.severity == ERROR for f in found):
        found.extend(test_format(src, translation))
    return found


def test_format(src: Placeholders, translation: str) -> list[Finding]:
    """Format the translation as the page will: what would raise shows now."""
    values = {name: sample_value(conv) for name, conv in src.named.items()}
    try:
        Markup(translation) % values
        if src.braces:
            translation.format(**{name: "x" for name in src.braces if name})
    except Exception as exc:  # any exception here is a 500 on a reader's page
        return [Finding(ERROR, "placeholders", f"formatting fails: {type(exc).__name__}: {exc}")]
    return []


def check_html(source: str, translation: str) -> list[Finding]:
    return [Finding(ERROR, "html", problem) for problem in html_problems(source, translation)]


# Arabic letter mark, LRM/RLM, the embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")


def check_bidi(source: str, translation: str) -> list[Finding]:
    names = sorted({unicodedata.name(c) for c in translation
                    if c in BIDI_CONTROLS and c not in source})
    return [Finding(WARNING, "bidi", f"invisible direction control characters ({', '.join(names)});"
                    " the page isolates names and figures with <bdi> already")] if names else []


def edge_whitespace(text: str) -> tuple[str, str]:
    if not text.strip():
        return text, ""
    return text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]


def check_whitespace(source: str, translation: str) -> list[Finding]:
    if edge_whitespace(source) == edge_whitespace(translation):
        return []
    return [Finding(WARNING, "whitespace",
                    "leading or trailing whitespace differs from the source")]


# Never ten times the English: that is a paste gone wrong or a catalog meant
# to swell every page (a 5 MB "translation" made the Arabic stories index
# 21 MB). Short strings get a floor, since "OK" may fairly become a phrase.
MAX_LENGTH_RATIO = 10
MIN_LENGTH_ALLOWANCE = 200


def length_limit(source: str) -> int:
    """For a plural message (both forms joined by a line break) the longer counts."""
    longest = max((len(form) for form in source.split("\n")), default=0)
    return max(MAX_LENGTH_RATIO * longest, MIN_LENGTH_ALLOWANCE)


def check_length(source: str, translation: str) -> list[Finding]:
    limit = length_limit(source)
    if len(translation) <= limit:
        return []
    return [Finding(ERROR, "length", f"{len(translation):,} characters, more than "
                    f"{MAX_LENGTH_RATIO} times the English (at most {limit:,} here): is something "
                    "pasted twice or by mistake?")]


def check_translation(source: str, translation: str, *,
                      omittable: frozenset[str] = frozenset()) -> list[Finding]:
    """The rules that decide whether the page may use a translation; an
    over-long one is refused before the others read it all."""
    too_long = check_length(source, translation)
    if too_long:
        return too_long
    return [*check_placeholders(source, translation, omittable=omittable),
            *check_html(source, translation)]
