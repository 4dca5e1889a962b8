"""Which strings each page shows, and how many of them a language has, so
`flask translate status` and the publish threshold can say how much of one
page a language has.

The pages come from the page registry (app/site/pages.py), passed in: each
page names its template and the strings from Python it shows (story titles
and teasers). A page's strings are those of its template and of every
template it extends, imports or includes (so the layout's and the macros'
strings belong to every page), read from the source references in
messages.pot (`#: templates/pages/home.html:12`), plus its own Python
strings. Strings of other Python modules (the publication notice) belong to
no page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from jinja2 import Environment, TemplateNotFound, meta

from .files import MessageKey

TEMPLATE_PREFIX = "templates/"


class PageLike(Protocol):
    """What coverage needs of a page of the registry."""

    @property
    def id(self) -> str: ...  # "home", "story/elias"

    @property
    def template(self) -> str: ...  # "pages/home.html"

    @property
    def messages(self) -> frozenset[MessageKey]: ...  # its strings from Python


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


def strings_by_page(
    env: Environment,
    pages: Iterable[PageLike],
    entries: Iterable[tuple[MessageKey, Iterable[str]]],
) -> dict[str, set[MessageKey]]:
    """entries: (key, source files it occurs in), from messages.pot.
    Returns page id -> the keys of the strings it shows."""
    refs: dict[str, list[str]] = {}
    pages = list(pages)
    templates = {page.id: template_closure(env, page.template, refs) for page in pages}
    strings: dict[str, set[MessageKey]] = {page.id: set() for page in pages}
    known: set[MessageKey] = set()
    for key, files in entries:
        known.add(key)
        names = {path[len(TEMPLATE_PREFIX) :] for path in files if path.startswith(TEMPLATE_PREFIX)}
        for pid, closure in templates.items():
            if names & closure:
                strings[pid].add(key)
    for page in pages:
        # A string not extracted yet is in no catalog: it counts once it is.
        strings[page.id] |= page.messages & known
    return strings


@dataclass(frozen=True)
class Share:
    """How many of a page's strings a catalog shows translated (fuzzy,
    missing and refused translations count as not)."""

    translated: int
    total: int

    @classmethod
    def of(cls, catalog: CatalogLike | None, keys: Iterable[MessageKey]) -> Share:
        keys = list(keys)
        done = sum(1 for key in keys if catalog is not None and catalog.complete(key))
        return cls(done, len(keys))

    @property
    def fraction(self) -> float:
        """1.0 for a page with no strings: nothing is missing."""
        return self.translated / self.total if self.total else 1.0
