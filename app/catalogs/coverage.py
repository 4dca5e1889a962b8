"""Which strings each page shows, to count their states (states.py): those of
its template and every template it extends, imports or includes (by
messages.pot's references), plus its own (content) strings from the page registry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polib
from jinja2 import Environment, TemplateNotFound, meta

from ..config import SETTINGS_FILE
from .cache import FileCache
from .files import MessageKey

TEMPLATE_PREFIX = "templates/"


class PageLike(Protocol):
    id: str  # "home", "story/elias"
    template: str  # "pages/home.html"
    messages: frozenset[MessageKey]  # its own strings (content files)


# (template name, its source) -> the templates it names: parsed once per
# process, although the catalogs and the freeze's dependency map both ask,
# and kept in the catalog cache between starts (Jinja's parse of the site's
# templates was a twentieth of a one-story freeze).
PARSED: dict[tuple[str, str], list[str]] = {}


def template_closure(env: Environment, name: str, refs: dict[str, list[str]] | None = None,
                     cache: FileCache | None = None) -> set[str]:
    """`name` and every template it extends, imports or includes (`refs`: a memo)."""
    refs = {} if refs is None else refs
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        if current not in refs:
            try:
                source, filename, _ = env.loader.get_source(env, current)
            except TemplateNotFound:
                refs[current] = []
                continue
            if (current, source) not in PARSED:
                keeps = cache is not None and bool(filename)
                entry = f"{filename}#names {current}"
                key = hashlib.blake2b(source.encode(), digest_size=16).hexdigest()
                kept = cache.get(entry, key) if keeps else None
                if kept is None:
                    found = meta.find_referenced_templates(env.parse(source))
                    kept = [ref for ref in found if ref]
                    if keeps:
                        cache.put(entry, key, kept)
                PARSED[(current, source)] = list(kept)
            refs[current] = PARSED[(current, source)]
        seen.add(current)
        todo.extend(refs[current])
    return seen


def template_references(path: Path, cache: FileCache, package: str = "") -> list | None:
    """(key, templates it occurs in, or site.toml) of each template message of a
    catalog file (under `package`/ for the engine's); None when it cannot be read."""
    if not path.is_file():
        return None
    key = ("references", cache.hash_of(path))
    found = cache.get(f"{path}#references", key) if cache.enabled else None
    if found is not None:
        return found
    try:
        source = polib.pofile(str(path))
    except (OSError, ValueError):
        return None
    entries = [((e.msgctxt, e.msgid), [p.removeprefix(package) for p, _ in e.occurrences
                                       if p.startswith(package + TEMPLATE_PREFIX)
                                       or (not package and p == SETTINGS_FILE)])
               for e in source if e.msgid and not e.obsolete]
    entries = [e for e in entries if e[1]] or ([] if len(source) else None)
    if entries is not None and key[1]:
        cache.put(f"{path}#references", key, entries)
    return entries


@dataclass(frozen=True)
class PageStrings:
    """Its templates' strings (shared by the template's pages) and its own."""

    shared: frozenset[MessageKey]
    own: frozenset[MessageKey]

    def __iter__(self):
        yield from self.shared
        yield from self.own


def strings_by_page(env: Environment, pages: Iterable[PageLike],
                    entries: Iterable[tuple[MessageKey, Iterable[str]]],
                    cache: FileCache | None = None) -> dict[str, PageStrings]:
    """Page id -> its strings. `entries`: (key, files it occurs in)."""
    refs: dict[str, list[str]] = {}
    pages = list(pages)
    by_file: dict[str, set[MessageKey]] = {}
    everywhere: set[MessageKey] = set()  # site.toml's title: in every page's <title>
    for key, files in entries:
        for path in files:
            if path.startswith(TEMPLATE_PREFIX):
                by_file.setdefault(path[len(TEMPLATE_PREFIX):], set()).add(key)
            elif path == SETTINGS_FILE:
                everywhere.add(key)
    shared: dict[str, frozenset[MessageKey]] = {}
    strings: dict[str, PageStrings] = {}
    for page in pages:
        if page.template not in shared:
            closure = template_closure(env, page.template, refs, cache)
            shared[page.template] = frozenset(everywhere).union(
                *(by_file.get(n, ()) for n in closure))
        common = shared[page.template]
        strings[page.id] = PageStrings(common, frozenset(page.messages) - common)
    return strings
