"""The rules a translation of a content message follows before a page (or
`check`, `compile`) uses it: the template rules, and for Markdown no link
added or changed, no picture, no placeholder dropped, no private-use character."""

from __future__ import annotations

from collections import Counter

from ..catalogs.rules import ERROR, WARNING, Finding, check_translation
from . import markdown
from .model import MARKDOWN


def check_content(
    kind: str, source: str, translation: str, *, omittable: frozenset[str] = frozenset()
) -> list[Finding]:
    """Every rule for a content message of `kind` (markdown or text)."""
    found = check_translation(source, translation, omittable=omittable)
    if kind != MARKDOWN:
        return found
    # A dropped name or figure: a warning for templates, an error here.
    found = [Finding(ERROR, f.check, f"{f.message}; keep it (it is a name or a figure)")
             if f.severity == WARNING and f.check == "placeholders"
             and f.message.startswith("%(") else f for f in found]
    if markdown.PRIVATE_USE_RE.search(translation):
        found.append(Finding(ERROR, "markdown", "contains a private-use character "
                             "(U+E000-U+F8FF)"))
    ours = markdown.features(translation)
    found += [Finding(ERROR, "markdown", f"adds a picture ({src!r})") for src in ours.images]
    # Dropping the English's links is allowed (the words stay).
    allowed = Counter(markdown.features(source).links)
    for url, count in Counter(ours.links).items():
        if url not in allowed:
            english = " or ".join(repr(u) for u in sorted(allowed)) or "no link"
            found.append(Finding(ERROR, "markdown", f"link to {url!r}: the English has "
                                 f"{english}; keep link addresses as they are"))
        elif count > allowed[url]:
            found.append(Finding(ERROR, "markdown", f"links to {url!r} {count} times; the "
                                 f"English does {allowed[url]}"))
    return found


def errors(kind: str, source: str, translation: str,
           *, omittable: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return tuple(f.message for f in check_content(kind, source, translation,
                                                  omittable=omittable) if f.severity == ERROR)
