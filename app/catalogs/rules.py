"""The rules one translation must follow, shared by `flask translate check`
(which reports them with file and line) and app/catalogs/gettext.py (which refuses a
translation that breaks one, and shows the English source instead).

Keeping both callers on this one module is the point: a translation the QA
gate passes is one the page will use, and a translation the page refuses is
one the gate reports.
"""

from __future__ import annotations

import gettext
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import nh3
from babel import UnknownLocaleError
from babel.messages.plurals import get_plural
from markupsafe import Markup

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: str  # ERROR or WARNING
    check: str  # placeholders, html, plurals, whitespace, identical, bidi, ...
    message: str


# --- Plural rules -----------------------------------------------------------

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
    language = base_language(code)
    if language in PLURAL_FORMS:
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
    return PluralRule(
        nplurals=nplurals,
        function=function,
        single_value_forms=frozenset(form for form, ns in hits.items() if len(ns) == 1),
    )


def canonical_rule(code: str) -> PluralRule:
    return plural_rule(canonical_plural_forms(code))


# --- Placeholders -----------------------------------------------------------

# Python's %-format spec, as `str % mapping` reads it. `%%` is a literal.
PERCENT_RE = re.compile(
    r"%(?:\((?P<name>[^()]*)\))?(?P<flags>[#0 +\-]*)(?P<width>\*|\d+)?"
    r"(?:\.(?P<precision>\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
# str.format fields; {{ and }} are literals.
BRACE_RE = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}]*)\}")
# Names a plural message's count goes by (ngettext passes it as `num`).
COUNT_NAMES = frozenset({"num", "count", "n"})

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
    braces = frozenset(
        re.split(r"[!:.\[]", m.group("field"), maxsplit=1)[0]
        for m in BRACE_RE.finditer(text)
        if m.group("field") is not None
    )
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
    if source_conv == translated_conv or translated_conv in ANY_CONVERSIONS:
        return True
    if source_conv in INTEGER_CONVERSIONS and translated_conv in INTEGER_CONVERSIONS:
        return True
    return False


def check_placeholders(
    source: str,
    translation: str,
    *,
    omittable: frozenset[str] = frozenset(),
) -> list[Finding]:
    """`source` is every English form joined (singular and plural) so a
    placeholder from either counts; `omittable` names placeholders this form
    may leave out (the count in a form used for one number only)."""
    found: list[Finding] = []
    src = placeholders(source)
    got = placeholders(translation)
    for name, conv in got.named.items():
        if name not in src.named:
            found.append(Finding(ERROR, "placeholders", f"%({name}){conv} is not in the source"))
        elif not compatible(src.named[name], conv):
            found.append(Finding(
                ERROR, "placeholders",
                f"%({name}){conv} does not fit the source's %({name}){src.named[name]}",
            ))
    for spec in got.unnamed:
        if spec not in src.unnamed:
            found.append(Finding(
                ERROR, "placeholders",
                f"{spec!r} is an unnamed placeholder; write %% for a literal percent sign",
            ))
    for offset in got.stray:
        snippet = translation[offset : offset + 6]
        found.append(Finding(
            ERROR, "placeholders", f"lone % in {snippet!r}; write %% for a literal percent sign",
        ))
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
    """Format the translation as the page will, with a sample for each of the
    source's placeholders: anything that would raise at render time shows."""
    values = {name: sample_value(conv) for name, conv in src.named.items()}
    try:
        Markup(translation) % values
        if src.braces:
            translation.format(**{name: "x" for name in src.braces if name})
    except Exception as exc:  # any exception here is a 500 on a reader's page
        return [Finding(ERROR, "placeholders", f"formatting fails: {type(exc).__name__}: {exc}")]
    return []


# --- HTML safety --------------------------------------------------------------

TAG_RE = re.compile(
    r"""<(?P<end>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)"""
    r"""(?P<attrs>(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)"""
    r"""\s*(?P<selfclose>/?)>"""
)
ATTR_RE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
# Never allowed in a translation, whatever the source holds: they run code,
# load things, or swallow the rest of the page.
FORBIDDEN_TAGS = frozenset(
    "script style iframe frame frameset object embed applet base meta link form "
    "input button textarea select template noscript noembed title xmp plaintext "
    "svg math".split()
)
URL_ATTRIBUTES = frozenset(
    "href src srcset action formaction poster cite data background longdesc "
    "usemap ping manifest codebase xlink:href".split()
)
BAD_SCHEME_RE = re.compile(r"^(?:javascript|vbscript|data|file):", re.IGNORECASE)
URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Tag:
    end: bool
    name: str
    attrs: tuple[tuple[str, str | None], ...]  # (name, unescaped value)
    selfclose: bool
    offset: int


def tokenize(text: str) -> tuple[list[Tag | str], list[str]]:
    """Split text into tags and text the way a browser would start to, and
    list anything that is markup but not a plain tag (comments, `<!`, `<?`,
    a `<` that opens nothing well-formed)."""
    tokens: list[Tag | str] = []
    problems: list[str] = []
    pos = 0
    while (start := text.find("<", pos)) != -1:
        if start > pos:
            tokens.append(text[pos:start])
        following = text[start + 1 : start + 2]
        if not (following and following.isascii() and (following.isalpha() or following in "/!?")):
            # `< 5` or `<3` is text to a browser; a `<` at the very end would
            # join whatever markup the page prints next.
            if not following:
                problems.append("ends with '<', which would join the page's next tag")
            tokens.append("<")
            pos = start + 1
            continue
        match = TAG_RE.match(text, start)
        if match is None:
            snippet = text[start : start + 12]
            problems.append(f"{snippet!r} is not a well-formed tag")
            tokens.append(text[start : start + 1])
            pos = start + 1
            continue
        attrs = tuple(
            (name.lower(), html.unescape(value.strip("\"'")) if value is not None else None)
            for name, value in ATTR_RE.findall(match.group("attrs"))
        )
        tokens.append(Tag(
            end=bool(match.group("end")),
            name=match.group("name").lower(),
            attrs=attrs,
            selfclose=bool(match.group("selfclose")),
            offset=start,
        ))
        pos = match.end()
    if pos < len(text):
        tokens.append(text[pos:])
    return tokens, problems


@dataclass(frozen=True)
class Allowed:
    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]
    urls: dict[tuple[str, str], frozenset[str]]


@lru_cache(maxsize=4096)
def allowed_by(source: str) -> Allowed:
    """What a translation of `source` may contain: the source's own tags,
    each with the source's attributes, URLs exactly as the source has them."""
    tokens, _ = tokenize(source)
    tags: set[str] = set()
    attributes: dict[str, set[str]] = {}
    urls: dict[tuple[str, str], set[str]] = {}
    for token in tokens:
        if isinstance(token, Tag) and not token.end and token.name not in FORBIDDEN_TAGS:
            tags.add(token.name)
            for name, value in token.attrs:
                if name.startswith("on") or name == "style":
                    continue
                attributes.setdefault(token.name, set()).add(name)
                if name in URL_ATTRIBUTES:
                    urls.setdefault((token.name, name), set()).add(value or "")
    return Allowed(
        frozenset(tags),
        {tag: frozenset(names) for tag, names in attributes.items()},
        {key: frozenset(values) for key, values in urls.items()},
    )


def check_html(source: str, translation: str) -> list[Finding]:
    """Errors for any markup in `translation` that `source` does not have, or
    that would break the page around it."""
    if "<" not in translation:
        return []
    allowed = allowed_by(source)
    tokens, problems = tokenize(translation)
    found = [Finding(ERROR, "html", problem) for problem in problems]
    stack: list[str] = []
    for token in tokens:
        if not isinstance(token, Tag):
            continue
        found.extend(_check_tag(token, allowed))
        if token.end:
            if token.attrs:
                found.append(Finding(ERROR, "html", f"</{token.name}> carries attributes"))
            if token.name in VOID:
                found.append(Finding(ERROR, "html", f"</{token.name}> closes a void element"))
            elif not stack:
                found.append(Finding(ERROR, "html", f"</{token.name}> closes nothing"))
            elif stack[-1] != token.name:
                found.append(Finding(
                    ERROR, "html", f"</{token.name}> closes <{stack[-1]}>: tags are not nested",
                ))
                if token.name in stack:
                    del stack[stack.index(token.name) :]
            else:
                stack.pop()
        elif token.name not in VOID:
            if token.selfclose:
                found.append(Finding(
                    ERROR, "html",
                    f"<{token.name}/> does not close in HTML; write <{token.name}></{token.name}>",
                ))
            stack.append(token.name)
    for name in reversed(stack):
        found.append(Finding(ERROR, "html", f"<{name}> is never closed"))
    if not found:
        found.extend(_second_opinion(translation, allowed))
    return found


def _check_tag(tag: Tag, allowed: Allowed) -> Iterable[Finding]:
    shown = f"</{tag.name}>" if tag.end else f"<{tag.name}>"
    if tag.name in FORBIDDEN_TAGS:
        yield Finding(ERROR, "html", f"{shown} is never allowed in a translation")
    elif tag.name not in allowed.tags:
        yield Finding(ERROR, "html", f"{shown} is not in the source")
    seen: set[str] = set()
    for name, value in tag.attrs:
        if name in seen:
            yield Finding(ERROR, "html", f"{name}= appears twice in <{tag.name}>")
        seen.add(name)
        if name.startswith("on"):
            yield Finding(ERROR, "html", f"{name}= (an event handler) is never allowed")
        elif name == "style":
            yield Finding(ERROR, "html", "style= is never allowed; the stylesheet does layout")
        elif name not in allowed.attributes.get(tag.name, frozenset()) and not tag.end:
            yield Finding(ERROR, "html", f"{name}= on <{tag.name}> is not in the source")
        if value and BAD_SCHEME_RE.match(URL_NOISE_RE.sub("", value)):
            yield Finding(
                ERROR, "html", f"{name}={value!r}: script and data URLs are never allowed"
            )
        elif name in URL_ATTRIBUTES and not tag.end:
            expected = allowed.urls.get((tag.name, name), frozenset())
            if (value or "") not in expected and name in allowed.attributes.get(tag.name, ()):
                want = " or ".join(repr(url) for url in sorted(expected)) or "nothing"
                yield Finding(ERROR, "html", f"{name}={value!r} differs from the source's {want}")


def _signature(text: str) -> list[tuple]:
    """Tags, attributes and decoded text: equal signatures, equal page."""
    tokens, _ = tokenize(text)
    out: list[tuple] = []
    buffer = ""
    for token in tokens:
        if isinstance(token, str):
            buffer += token
            continue
        if buffer:
            out.append(("text", html.unescape(buffer).replace("\r\n", "\n")))
            buffer = ""
        out.append(("end" if token.end else "start", token.name, tuple(sorted(token.attrs))))
    if buffer:
        out.append(("text", html.unescape(buffer).replace("\r\n", "\n")))
    return out


def _second_opinion(translation: str, allowed: Allowed) -> list[Finding]:
    """Ask nh3 (html5ever's parser and ammonia's rules) with an allowlist made
    of the source's own tags and attributes. If it would change anything, a
    browser may read the markup differently from the rules above: refuse it."""
    cleaned = nh3.clean(
        translation,
        tags=set(allowed.tags),
        attributes={tag: set(names) for tag, names in allowed.attributes.items()},
        link_rel=None,
        strip_comments=True,
        url_schemes={"http", "https", "mailto", "tel"},
    )
    if _signature(cleaned) != _signature(translation):
        return [Finding(ERROR, "html", "the HTML sanitizer would change this markup")]
    return []


# --- Characters ---------------------------------------------------------------

BIDI_CONTROLS = {
    "\u061c": "ARABIC LETTER MARK",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}


def check_bidi(source: str, translation: str) -> list[Finding]:
    names = sorted(
        {BIDI_CONTROLS[c] for c in translation if c in BIDI_CONTROLS and c not in source}
    )
    if not names:
        return []
    return [Finding(
        WARNING, "bidi",
        f"invisible direction control characters ({', '.join(names)}); "
        "the page isolates names and figures with <bdi> already",
    )]


def edge_whitespace(text: str) -> tuple[str, str]:
    stripped = text.strip()
    if not stripped:
        return text, ""
    start = text.index(stripped)
    return text[:start], text[start + len(stripped) :]


def check_whitespace(source: str, translation: str) -> list[Finding]:
    if edge_whitespace(source) == edge_whitespace(translation):
        return []
    return [
        Finding(WARNING, "whitespace", "leading or trailing whitespace differs from the source")
    ]


# --- One translation, as the page uses it ------------------------------------

def check_translation(
    source: str,
    translation: str,
    *,
    omittable: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The rules that decide whether the page may use a translation."""
    return [
        *check_placeholders(source, translation, omittable=omittable),
        *check_html(source, translation),
    ]
