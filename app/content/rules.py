"""The rules a translation of a content message must follow before a page
uses it, shared by the page (which shows the English instead, marked
`lang="en"`) and by `flask translate check` and `compile` (which report it
at the .po file and line), exactly as app/catalogs/rules.py is for template
strings; the site hands these to the catalog store for every content message.

Every content message follows the template rules first (no tag, attribute or
URL the English lacks, no placeholder it lacks, no lone %). A translation of
Markdown may then move, reword and emphasise; it may not
- add a link or change a link's address (Markdown `[text](url)` or `<url>`),
- add a picture (`![alt](src)`),
- drop a placeholder (a name or a figure the reader would lose),
- contain a private-use character (the renderer uses those internally).
Raw HTML is already refused by the template rules (the English has none).
"""

from __future__ import annotations

from collections import Counter

from ..catalogs.rules import ERROR, WARNING, Finding, check_translation
from . import markdown
from .model import MARKDOWN

# Without one of these a translation holds no link and no picture.
LINK_CHARS = ("[", "<")


def markdown_findings(
    source: str, translation: str, *, omittable: frozenset[str] = frozenset()
) -> list[Finding]:
    """What Markdown adds to the template rules, for one translation."""
    found: list[Finding] = []
    if markdown.PRIVATE_USE_RE.search(translation):
        found.append(Finding(ERROR, "markdown", "contains a private-use character "
                             "(U+E000-U+F8FF)"))
    have = set(markdown.PLACEHOLDER_RE.findall(translation))
    for name in sorted(set(markdown.PLACEHOLDER_RE.findall(source)) - have - omittable):
        found.append(Finding(ERROR, "placeholders", f"%({name})s from the source is missing; "
                             "keep it (it is a name or a figure)"))
    if not any(char in translation for char in LINK_CHARS):
        # No link or picture can be added; dropping the English's links is
        # allowed (the words stay).
        return found
    ours = markdown.features(translation)
    theirs = markdown.features(source)
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
    text (alt, description) follows the template rules alone, as `_text()`
    strings do."""
    found = check_translation(source, translation, omittable=omittable)
    if kind != MARKDOWN:
        return found
    extra = markdown_findings(source, translation, omittable=omittable)
    upgraded = {f.message.split(" from the source")[0] for f in extra
                if f.check == "placeholders"}
    # A missing placeholder is a warning for templates and an error here:
    # report it once, as the error.
    kept = [f for f in found if not (f.severity == WARNING and f.check == "placeholders"
                                     and f.message.split(" from the source")[0] in upgraded)]
    return kept + extra


def errors(kind: str, source: str, translation: str,
           *, omittable: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return tuple(
        f.message for f in check_content(kind, source, translation, omittable=omittable)
        if f.severity == ERROR
    )
