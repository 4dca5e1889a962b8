"""Which strings each page shows, and how many of them a language has, so
`flask translate status` and the publish threshold can say how much of one
page a language has.

The pages come from the page registry (app/site/pages.py), passed in: each
page names its template and its own strings (what its content file gives it
to show: a story's title and text, a program's figures and areas, the program
names of the menu). A page's strings are those of its template and of every
template it extends, imports or includes (so the layout's and the macros'
strings belong to every page), read from the source references in
messages.pot (`#: templates/pages/home.html:12`), plus its own. A story's
title and teaser count only on the pages that show them: its own page (list
pages show only stories already published in the language). Strings of
Python modules (the publication notice) belong to no page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polib
from jinja2 import Environment, TemplateNotFound, meta

from .cache import FileCache, file_hash
from .files import MessageKey

# Where a catalog template says a template's messages are: templates/ of the
# site (messages.pot) or of the package (hikaya.pot, `package` stripped).
TEMPLATE_PREFIX = "templates/"


class PageLike(Protocol):
    """What coverage needs of a page of the registry."""

    @property
    def id(self) -> str: ...  # "home", "story/elias"

    @property
    def template(self) -> str: ...  # "pages/home.html"

    @property
    def messages(self) -> frozenset[MessageKey]: ...  # its own strings (content files)


class CatalogLike(Protocol):
    def complete(self, key: MessageKey) -> bool: ...


def template_closure(
    env: Environment, name: str, refs: dict[str, list[str]] | None = None
) -> set[str]:
    """`name` and every template it extends, imports or includes. `refs`
    caches each template's references across calls: parsing is the cost."""
    refs = {} if refs is None else refs
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        if current not in refs:
            try:
                source, _, _ = env.loader.get_source(env, current)
            except TemplateNotFound:
                refs[current] = []
                continue
            found = meta.find_referenced_templates(env.parse(source))
            refs[current] = [ref for ref in found if ref]
        seen.add(current)
        todo.extend(refs[current])
    return seen


def template_references(path: Path, cache: FileCache, package: str = "") -> list | None:
    """(key, the templates it occurs in) of every message of a catalog
    file that occurs in a template (`package`/templates/ for the engine's:
    its default templates); None when the file cannot be read."""
    if not path.is_file():
        return None
    key = ("references", file_hash(path))
    found = cache.get(f"{path}#references", key) if cache.enabled else None
    if found is not None:
        return found
    try:
        source = polib.pofile(str(path))
    except (OSError, ValueError):
        return None
    entries = [
        ((e.msgctxt, e.msgid), [p.removeprefix(package) for p, _ in e.occurrences
                                if p.startswith(package + TEMPLATE_PREFIX)])
        for e in source if e.msgid and not e.obsolete
    ]
    entries = [e for e in entries if e[1]] or ([] if len(source) else None)
    if entries is not None and key[1]:
        cache.put(f"{path}#references", key, entries)
    return entries


@dataclass(frozen=True)
class PageStrings:
    """The strings of one page: those of its templates, one set shared by
    every page of the same template (so a thousand story pages hold one copy,
    and a language's count of it is made once), and its own (content) strings
    that its templates do not have."""

    shared: frozenset[MessageKey]
    own: frozenset[MessageKey]

    def __len__(self) -> int:
        return len(self.shared) + len(self.own)

    def __iter__(self):
        yield from self.shared
        yield from self.own

    def __contains__(self, key: object) -> bool:
        return key in self.own or key in self.shared


def strings_by_page(
    env: Environment,
    pages: Iterable[PageLike],
    entries: Iterable[tuple[MessageKey, Iterable[str]]],
) -> dict[str, PageStrings]:
    """entries: (key, source files it occurs in), from messages.pot.
    Returns page id -> the strings it shows: its templates' (from the
    template references of `entries`) and its own (`page.messages`, counted
    whether or not they are extracted yet: a new story's text is in no
    catalog, so it is untranslated everywhere until translators have it)."""
    refs: dict[str, list[str]] = {}
    pages = list(pages)
    by_file: dict[str, set[MessageKey]] = {}
    for key, files in entries:
        for path in files:
            if path.startswith(TEMPLATE_PREFIX):
                by_file.setdefault(path[len(TEMPLATE_PREFIX):], set()).add(key)
    shared: dict[str, frozenset[MessageKey]] = {}
    strings: dict[str, PageStrings] = {}
    for page in pages:
        if page.template not in shared:
            closure = template_closure(env, page.template, refs)
            shared[page.template] = frozenset().union(*(by_file.get(n, ()) for n in closure))
        common = shared[page.template]
        strings[page.id] = PageStrings(common, frozenset(page.messages) - common)
    return strings


@dataclass(frozen=True)
class Share:
    """How many of a page's strings a catalog shows translated (fuzzy,
    missing and refused translations count as not)."""

    translated: int
    total: int

    @property
    def fraction(self) -> float:
        """1.0 for a page with no strings: nothing is missing."""
        return self.translated / self.total if self.total else 1.0

    def as_json(self) -> dict:
        return {"translated": self.translated, "total": self.total,
                "percent": round(100.0 * self.fraction, 1)}


class Counter:
    """Shares of many pages in one catalog: a template's strings are counted
    once for all the pages that share them."""

    def __init__(self, catalog: CatalogLike | None):
        self.catalog = catalog
        self.memo: dict[int, int] = {}

    def done(self, keys: frozenset[MessageKey]) -> int:
        if self.catalog is None:
            return 0
        found = self.memo.get(id(keys))
        if found is None:
            found = self.memo[id(keys)] = sum(1 for k in keys if self.catalog.complete(k))
        return found

    def share(self, strings: PageStrings) -> Share:
        own = sum(1 for k in strings.own if self.catalog is not None and self.catalog.complete(k))
        return Share(self.done(strings.shared) + own, len(strings))
