"""HTML in a translation: what markup a translation may hold, judged against
its English source. A translation may carry the source's own tags with the
source's attributes and the same link addresses, well nested and closed;
never script, style, event handlers or another URL. Each problem is a
sentence for the translator; app/catalogs/rules.py reports them as errors.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import nh3

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


def html_problems(source: str, translation: str) -> list[str]:
    """Errors for any markup in `translation` that `source` does not have, or
    that would break the page around it."""
    if "<" not in translation:
        return []
    allowed = allowed_by(source)
    tokens, problems = tokenize(translation)
    found = list(problems)
    stack: list[str] = []
    for token in tokens:
        if not isinstance(token, Tag):
            continue
        found.extend(_check_tag(token, allowed))
        if token.end:
            if token.attrs:
                found.append(f"</{token.name}> carries attributes")
            if token.name in VOID:
                found.append(f"</{token.name}> closes a void element")
            elif not stack:
                found.append(f"</{token.name}> closes nothing")
            elif stack[-1] != token.name:
                found.append(f"</{token.name}> closes <{stack[-1]}>: tags are not nested")
                if token.name in stack:
                    del stack[stack.index(token.name) :]
            else:
                stack.pop()
        elif token.name not in VOID:
            if token.selfclose:
                found.append(
                    f"<{token.name}/> does not close in HTML; write <{token.name}></{token.name}>"
                )
            stack.append(token.name)
    for name in reversed(stack):
        found.append(f"<{name}> is never closed")
    if not found:
        found.extend(_second_opinion(translation, allowed))
    return found


def _check_tag(tag: Tag, allowed: Allowed) -> Iterable[str]:
    shown = f"</{tag.name}>" if tag.end else f"<{tag.name}>"
    if tag.name in FORBIDDEN_TAGS:
        yield f"{shown} is never allowed in a translation"
    elif tag.name not in allowed.tags:
        yield f"{shown} is not in the source"
    seen: set[str] = set()
    for name, value in tag.attrs:
        if name in seen:
            yield f"{name}= appears twice in <{tag.name}>"
        seen.add(name)
        if name.startswith("on"):
            yield f"{name}= (an event handler) is never allowed"
        elif name == "style":
            yield "style= is never allowed; the stylesheet does layout"
        elif name not in allowed.attributes.get(tag.name, frozenset()) and not tag.end:
            yield f"{name}= on <{tag.name}> is not in the source"
        if value and BAD_SCHEME_RE.match(URL_NOISE_RE.sub("", value)):
            yield f"{name}={value!r}: script and data URLs are never allowed"
        elif name in URL_ATTRIBUTES and not tag.end:
            expected = allowed.urls.get((tag.name, name), frozenset())
            if (value or "") not in expected and name in allowed.attributes.get(tag.name, ()):
                want = " or ".join(repr(url) for url in sorted(expected)) or "nothing"
                yield f"{name}={value!r} differs from the source's {want}"


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


def _second_opinion(translation: str, allowed: Allowed) -> list[str]:
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
        return ["the HTML sanitizer would change this markup"]
    return []
