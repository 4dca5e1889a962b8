"""The one dependency map (of `flask a11y --changed-since` and the incremental
freeze): which pages, in which languages, a changed file or translation can
affect. Where a rule cannot be sure, it chooses more pages, never fewer."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from textwrap import shorten

import polib

from ..catalogs.states import outdated_since
from ..config import static_folders, template_folders

NOT_PAGES_DIRS = ("tests/", "bench/", ".ci/", ".github/", "deploy/", "scripts/")
NOT_PAGES_FILES = {"Makefile", ".gitignore", ".python-version", "gunicorn.conf.py", "LICENSE"}
# Header fields that change how every message of a catalog is shown.
HEADER_FIELDS = ("Plural-Forms", "Language", "Content-Type")

NOT_FOUND = "404"
CHOOSER = "chooser"
# The freeze's language chooser (named, not imported: this layer is below it).
CHOOSER_TEMPLATE = "freeze/index.html"


@dataclass
class Plan:
    rev: str
    everything: str = ""  # why the whole site may change, "" when it is not
    pages: set[str] = field(default_factory=set)  # page ids, in every language
    pairs: set[tuple[str, str]] = field(default_factory=set)  # (page id, language tag)
    languages: set[str] = field(default_factory=set)  # every page in these languages
    # Stories whose cards change (`pages` names every list page that may show one).
    stories: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)  # one per changed file: what and why

    def whole(self, why: str, line: str) -> None:
        self.everything = self.everything or why
        self.lines.append(line)

    def wants(self, page_id: str, language: str) -> bool:
        return bool(self.why(page_id, language))

    def why(self, page_id: str, language: str) -> str:
        """Why the change names a page in a language; "" when it does not."""
        if self.everything:
            return f"the whole site may change: {self.everything}"
        if page_id in self.pages:
            return "its page changes, in every language"
        if language in self.languages:
            return f"every page in {language} changes"
        if (page_id, language) in self.pairs:
            return f"it shows a changed {language} message"
        if page_id == CHOOSER and (self.pages or self.pairs or self.languages):
            return "it shows every language's catalog"  # one cheap page
        return ""


def digest(value: object) -> str:
    """A short stable name for a value (its repr), kept in a manifest."""
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class CatalogState:
    """What a reader gets from a catalog: its header, and what each message shows."""

    header: tuple[tuple[str, str | None], ...]
    shown: Mapping[str, str]  # message digest -> digest of what it shows
    names: Mapping[str, tuple] = field(default_factory=dict)  # digest -> message key

    @classmethod
    def of(cls, header: Mapping[str, str], shown: Iterable[tuple[tuple, object]]) -> CatalogState:
        names, digests = {}, {}
        for key, value in shown:
            names[name := digest(key)] = key
            digests[name] = digest(value)
        return cls(tuple((f, header.get(f)) for f in HEADER_FIELDS), digests, names)

    @classmethod
    def of_po(cls, catalog: polib.POFile) -> CatalogState:
        return cls.of(catalog.metadata, (
            ((e.msgctxt, e.msgid),
             (e.msgstr, tuple(sorted(e.msgstr_plural.items())), "fuzzy" in e.flags,
              outdated_since(e)))  # outdated since when (states.py): the page marks it
            for e in catalog if e.msgid and not e.obsolete
        ))


class Judge:
    """Judges changed files (relative to `root`), reading templates once for all."""

    def __init__(self, app, root: Path) -> None:
        from ..catalogs.coverage import template_closure

        self.root = root
        self.translations = Path(app.config["TRANSLATIONS_DIR"]).resolve()
        self.templates = [p.resolve() for p in template_folders(app.config)]
        self.static = [p.resolve() for p in static_folders(app.config)]
        self.content = Path(app.config["CONTENT_DIR"]).resolve()
        refs: dict[str, list[str]] = {}
        templates = page_templates(app)  # a thousand stories, one template: one closure
        closure = {t: template_closure(app.jinja_env, t, refs) for t in set(templates.values())}
        self.closures = {pid: closure[template] for pid, template in templates.items()}

    def file(self, result: Plan, rel: str,
             catalog: Callable[[Plan, str, Path], None]) -> None:
        """Add what `rel` changing affects; a catalog goes to `catalog`."""
        path = (self.root / rel).resolve()
        if path.is_relative_to(self.content):
            parts = path.relative_to(self.content).parts
            if len(parts) == 2 and parts[0] == "stories" and parts[1].endswith(".md"):
                slug = parts[1].removesuffix(".md")
                users = sorted(self.story_users(slug))
                result.pages |= set(users)
                result.stories.add(slug)
                more = f" and {len(users) - 6} more" if len(users) > 6 else ""
                result.lines.append(f"{rel}: the story's page and the pages that list stories "
                                    f"({', '.join(users[:6])}{more}), in every language")
            else:
                result.whole(f"{rel} (content) may change every page",
                             f"{rel}: content every page may show: the whole site")
        elif path.is_relative_to(self.translations):
            catalog(result, rel, path.relative_to(self.translations))
        elif template := next((t for t in self.templates if path.is_relative_to(t)), None):
            name = path.relative_to(template).as_posix()
            users = sorted(pid for pid, names in self.closures.items() if name in names)
            if not path.exists():
                result.whole(f"{rel} was removed", f"{rel}: removed: the whole site")
            elif set(users) >= set(self.closures) - {NOT_FOUND, CHOOSER}:
                result.whole(f"{rel} is rendered by every page",
                             f"{rel}: rendered by every page: the whole site")
            elif users:
                result.pages |= set(users)
                result.lines.append(f"{rel}: pages {', '.join(users)}, in every language")
            else:
                result.lines.append(f"{rel}: rendered by no page: no page")
        elif rel.startswith(NOT_PAGES_DIRS) or rel in NOT_PAGES_FILES or _is_doc(rel):
            result.lines.append(f"{rel}: not part of any page: no page")
        else:
            asset = any(path.is_relative_to(folder) for folder in self.static)
            kind = "a stylesheet or image" if asset else "code or settings"
            result.whole(f"{rel} ({kind}) may change every page",
                         f"{rel}: {kind}: the whole site")

    def is_template(self, rel: str) -> bool:
        path = (self.root / rel).resolve()
        return any(path.is_relative_to(folder) for folder in self.templates)

    def story_users(self, slug: str) -> set[str]:
        """A story's page and the pages that list stories."""
        return {f"story/{slug}"} | {pid for pid in self.closures if lists_stories(pid)}


def compare_catalogs(app, result: Plan, rel: str, tag: str, before: CatalogState,
                     after: CatalogState, checked: Mapping[str, Iterable[str]]) -> None:
    """Add the pages in `tag` showing a changed translation (`checked`: id -> tags)."""
    old, new = dict(before.header), dict(after.header)
    header = [f for f in HEADER_FIELDS if old.get(f) != new.get(f)]
    if header:
        result.languages.add(tag)
        result.lines.append(f"{rel}: header {', '.join(header)} changed: every page in {tag}")
        return
    changed = {key for key in before.shown.keys() | after.shown.keys()
               if before.shown.get(key) != after.shown.get(key)}
    if not changed:
        result.lines.append(f"{rel}: no translation changed: no page")
        return
    shown = shown_by_page(app)
    hit = {key for key in set().union(*shown.values()) if digest(key) in changed}
    if changed - {digest(key) for key in hit}:
        # No page's strings hold it (a site.toml name in every <title>): any page may.
        result.languages.add(tag)
        result.lines.append(f"{rel}: a changed message no page map names: every page in {tag}")
        return
    showing = sorted(pid for pid, keys in shown.items()
                     if tag in checked.get(pid, ()) and not hit.isdisjoint(keys))
    if any(pid.startswith("story/") for pid in showing):
        # Its title and teaser are on the list pages too (the coverage map counts them once).
        showing = sorted({*showing, *(pid for pid in checked if lists_stories(pid)
                                      and tag in checked[pid])})
    result.pairs |= {(pid, tag) for pid in showing}
    first = min((after.names.get(k) or before.names.get(k) or (None, "?") for k in changed),
                key=lambda k: (k[0] or "", k[1]))[1]
    first = shorten(first, 50, placeholder="…")
    count = f"{len(changed)} message{'s' if len(changed) != 1 else ''}"
    more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
    where = f"{tag} pages {', '.join(showing)}" if showing else "shown on no page wanted"
    result.lines.append(f"{rel}: {count} changed (“{first}”{more}): {where}")


def lists_stories(page_id: str) -> bool:
    """Pages that show story cards: home, the stories index, programs."""
    return page_id in ("home", "stories") or page_id.startswith(("stories/page/", "program/"))


def page_templates(app) -> dict[str, str]:
    """Page id -> its template: the registry's, the 404 page, the chooser."""
    from .pages import all_pages

    return {**{page.id: page.template for page in all_pages()},
            NOT_FOUND: "pages/404.html", CHOOSER: CHOOSER_TEMPLATE}


def shown_by_page(app) -> dict[str, set]:
    """Page id -> its messages: the catalogs' coverage map (error pages too)."""
    from ..catalogs import catalog_store

    return {pid: set(keys) for pid, keys in catalog_store().page_strings.items()}


def _is_doc(rel: str) -> bool:
    """README.md and the like at the top, and every page of docs/."""
    pure = PurePosixPath(rel)
    in_docs = len(pure.parts) == 1 or pure.parts[0] == "docs"
    return in_docs and pure.suffix.lower() in {".md", ".txt", ".rst"}
