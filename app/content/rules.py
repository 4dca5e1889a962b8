"""The rules a translation of a content message must follow before a page
uses it, shared by the page (which shows the English instead, marked
`lang="en"`) and by `flask translate check` (which reports it at the .po
file and line), exactly as app/catalog_rules.py is for template strings.

A translation of Markdown may move, reword and emphasise; it may not
- add a link or change a link's address,
- add a picture,
- add raw HTML (Markdown would show it as text; it is refused instead),
- add or drop a placeholder (a name or a figure would vanish or appear),
- contain a private-use character (the renderer uses those internally),
or break the rules every translation follows (a lone %, a placeholder that
does not fit: app/catalog_rules.py).
"""

from __future__ import annotations

from collections import Counter

from ..catalog_rules import ERROR, WARNING, Finding, check_placeholders, check_translation
from . import markdown
from .model import MARKDOWN

# A translation without these characters can hold no link, picture or HTML.
MARKUP_CHARS = frozenset("[]<>!")


def check_markdown(
    source: str, translation: str, *, omittable: frozenset[str] = frozenset()
) -> list[Finding]:
    """Findings for one translation of a Markdown message. `source` is every
    English form joined (as catalog_rules reads it); `omittable` names the
    placeholders one plural form may leave out (the count, in a form used
    for one number only)."""
    found: list[Finding] = []
    if markdown.PRIVATE_USE_RE.search(translation):
        found.append(Finding(ERROR, "markdown", "contains a private-use character "
                             "(U+E000-U+F8FF)"))
    for finding in check_placeholders(source, translation, omittable=omittable):
        if finding.check == "placeholders" and finding.severity == WARNING:
            # A dropped name or figure: on a content page the reader would lose it.
            finding = Finding(ERROR, "placeholders",
                              finding.message.replace("is missing", "is missing; keep it"))
        found.append(finding)
    if MARKUP_CHARS.isdisjoint(translation):
        # No markup at all: dropping the source's links is allowed (the text
        # stays), adding anything is impossible.
        return found
    ours = markdown.features(translation)
    theirs = markdown.features(source)
    for raw in ours.html:
        found.append(Finding(ERROR, "markdown", f"raw HTML {raw!r} is not allowed; "
                             "write Markdown as the English does"))
    for src in ours.images:
        found.append(Finding(ERROR, "markdown", f"adds a picture ({src!r})"))
    allowed = Counter(theirs.links)
    for url, count in Counter(ours.links).items():
        if url not in allowed:
            english = " or ".join(repr(u) for u in sorted(allowed)) or "no link"
            found.append(Finding(ERROR, "markdown", f"link to {url!r}: the English has "
                                 f"{english}; keep link addresses as they are"))
        elif count > allowed[url]:
            found.append(Finding(ERROR, "markdown", f"links to {url!r} {count} times; the "
                                 f"English does {allowed[url]}"))
    return found


def check_content(
    kind: str, source: str, translation: str, *, omittable: frozenset[str] = frozenset()
) -> list[Finding]:
    """Every rule for a content message of `kind` (markdown or text). Plain
    text (alt, description) follows the template rules, as `_text()` does."""
    if kind == MARKDOWN:
        return check_markdown(source, translation, omittable=omittable)
    return check_translation(source, translation, omittable=omittable)


def errors(kind: str, source: str, translation: str,
           *, omittable: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return tuple(
        f.message for f in check_content(kind, source, translation, omittable=omittable)
        if f.severity == ERROR
    )
