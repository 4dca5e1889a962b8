"""HTML in a translation, judged by nh3 against its English source: allowed are
the source's own tags, attributes and exact link addresses, never script, style,
event handlers or another URL. Where nh3's cleaning changes what a browser reads,
the translation is refused, each change told to the translator as a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import nh3

# Never allowed, whatever the source holds: they run code, load things, or
# swallow the rest of the page.
FORBIDDEN_TAGS = frozenset("script style iframe frame frameset object embed applet base meta link "
                           "form input button textarea select template noscript noembed title "
                           "xmp plaintext svg math".split())
# Attributes whose value is an address: a translation keeps the source's.
URL_ATTRIBUTES = frozenset(
    "href src srcset action formaction poster cite data background longdesc "
    "usemap ping manifest codebase xlink:href".split()
)
SCRIPT_URL_RE = re.compile(r"^(?:javascript|vbscript|data|file):", re.IGNORECASE)
URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]+")  # what a browser ignores in a scheme


class Tokens(HTMLParser):
    """The normalising pass: markup as a list of tokens, so what a browser
    reads the same (quoting, case, entities, `<br/>`) compares equal."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    handle_startendtag = handle_starttag  # the slash of `<br/>` closes nothing in HTML

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag))

    def handle_data(self, data):
        data = data.replace("\r\n", "\n").replace("\r", "\n")
        if self.tokens and self.tokens[-1][0] == "text":
            data = self.tokens.pop()[1] + data
        self.tokens.append(("text", data))

    def handle_comment(self, data):
        self.tokens.append(("other", f"<!--{data}"))

    def handle_decl(self, decl):
        self.tokens.append(("other", f"<!{decl}"))

    def unknown_decl(self, data):
        self.tokens.append(("other", f"<![{data}"))

    def handle_pi(self, data):
        self.tokens.append(("other", f"<?{data}"))


@dataclass(frozen=True)
class Allowed:
    tags: frozenset[str]
    urls: dict[str, dict[str, set[str]]]  # tag -> address attribute -> the source's values
    cleaner: nh3.Cleaner


@lru_cache(maxsize=4096)
def allowed_by(source: str) -> Allowed:
    """What a translation of `source` may contain, and nh3's cleaner for it."""
    tags: set[str] = set()
    attributes: dict[str, set[str]] = {}
    urls: dict[str, dict[str, set[str]]] = {}
    for kind, *rest in Tokens(source).tokens:
        if kind != "start" or rest[0] in FORBIDDEN_TAGS:
            continue
        tag, attrs = rest
        tags.add(tag)
        attributes.setdefault(tag, set())
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                continue
            if name in URL_ATTRIBUTES:
                urls.setdefault(tag, {}).setdefault(name, set()).add(value)
            else:
                attributes[tag].add(name)
    return Allowed(frozenset(tags), urls, nh3.Cleaner(
        tags=tags, attributes={"*": set(), **attributes}, tag_attribute_values=urls,
        url_schemes={"http", "https", "mailto", "tel"}, link_rel=None, strip_comments=True))


def html_problems(source: str, translation: str) -> list[str]:
    """Errors for any markup in `translation` that nh3, given what `source` allows, would change."""
    if "<" not in translation:
        return []
    found = []
    if translation.endswith(("<", "</")):
        # No sanitiser of the fragment sees this: it opens the page's next tag.
        tail = "</" if translation.endswith("</") else "<"
        found.append(f"ends with {tail!r}, which would join the page's next tag")
    allowed = allowed_by(source)
    mine = Tokens(translation).tokens
    cleaned = Tokens(allowed.cleaner.clean(translation)).tokens
    if mine != cleaned:
        found.extend(_explain(mine, cleaned, allowed))
    return list(dict.fromkeys(found))


def _explain(mine: list[tuple], cleaned: list[tuple], allowed: Allowed) -> list[str]:
    """What cleaning changed, as sentences a translator can act on."""
    found: list[str] = []
    kept: dict[str, list[dict[str, str]]] = {}
    for token in cleaned:
        if token[0] == "start":
            kept.setdefault(token[1], []).append(dict(token[2]))
    for kind, what, *attrs in mine:
        if kind == "other":
            found.append(_not_a_tag(what))
        elif kind == "start" and kept.get(what):
            found.extend(_attribute_problems(what, attrs[0], kept[what].pop(0), allowed))
        elif kind == "start" and what not in allowed.tags:
            never = what in FORBIDDEN_TAGS
            found.append(f"<{what}> is " + ("never allowed in a translation" if never
                                              else "not in the source"))
            found.extend(filter(None, (_never(name, value) for name, value in attrs[0])))
    if found:
        return found
    # The tags are right: their nesting is not.
    ends = [t[1] for t in mine if t[0] == "end" and t[1] in allowed.tags]
    closed = [t[1] for t in cleaned if t[0] == "end"]
    found.extend(f"<{tag}> is never closed" for tag in Counter(closed) - Counter(ends))
    found.extend(f"</{tag}> closes nothing" for tag in Counter(ends) - Counter(closed))
    pairs = [(a, b) for a, b in zip(ends, closed, strict=False) if a != b]
    if not found and pairs:
        found.append(f"</{pairs[0][0]}> closes <{pairs[0][1]}>: tags are not nested")
    if not found:
        kind, what, *_ = next((a for a, b in zip(mine, cleaned, strict=False) if a != b), mine[-1])
        if kind == "text" and "<" in what:
            found.append(_not_a_tag(what[what.index("<"):]))
        else:
            shown = {"start": f"<{what}>", "end": f"</{what}>"}.get(kind, repr(what[:30]))
            found.append(f"a browser would not read {shown} as it is written here")
    return found


def _not_a_tag(text: str) -> str:
    return f"{text[:12]!r} is not a well-formed tag; a translation holds no comments, <! or <?"


def _attribute_problems(tag: str, attrs: tuple, kept: dict[str, str], allowed: Allowed):
    seen = set()
    for name, value in attrs:
        if name in seen:
            yield f"{name}= appears twice in <{tag}>"
        elif kept.get(name) != value:
            urls = allowed.urls.get(tag, {}).get(name)
            if _never(name, value):
                yield _never(name, value)
            elif urls is not None:
                want = " or ".join(repr(url) for url in sorted(urls))
                yield f"{name}={value!r} differs from the source's {want}"
            else:
                yield f"{name}= on <{tag}> is not in the source"
        seen.add(name)


def _never(name: str, value: str) -> str | None:
    if name.startswith("on"):
        return f"{name}= (an event handler) is never allowed"
    if name == "style":
        return "style= is never allowed; the stylesheet does layout"
    if SCRIPT_URL_RE.match(URL_NOISE_RE.sub("", value)):
        return f"{name}={value!r}: script and data URLs are never allowed"
    return None
