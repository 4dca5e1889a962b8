"""The dependency map: which pages (page id x language) a change to a file
or to a language's translations can affect. One map, used by `flask a11y
--changed-since` (app/a11y/changes.py: what changed since a git revision)
and by an incremental `flask freeze` (app/delivery/incremental.py: what
changed since the last freeze), so the two never disagree about a page.

Each changed file is judged on its own:

- a catalog: the messages whose translation changed and, through the
  catalog coverage map (which page shows which message), the pages in that
  one language that show one of them. A changed header (Plural-Forms,
  Language) changes every page in that language. How the two states of a
  catalog are had is the caller's (git, or a freeze's manifest);
- a template: the pages that render it (the page's own template or one it
  extends, imports or includes) in every language; one that every page
  renders (the layout, the macros) or one removed is the whole site;
- a story's content file, content/stories/<slug>.md (changed, new or
  removed): that story's page and the pages that list stories (home, the
  stories index pages, the programs), in every language; any other content
  file (a program names itself in every page's menu; content/names.yml
  fills names into every page): the whole site;
- tests, benchmarks, CI, deployment and documentation files: no page;
- anything else (code, CSS, images, settings, a file it does not know): the
  whole site.

Wherever a rule cannot be sure, it chooses more pages, never fewer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polib

from ..catalogs.lifecycle import entry_changed_on
from ..config import static_folders, template_folders

# Files that are not part of any page.
NOT_PAGES_DIRS = ("tests/", "bench/", ".ci/", ".github/", "deploy/", "scripts/")
NOT_PAGES_FILES = {"Makefile", ".gitignore", ".python-version", "gunicorn.conf.py", "LICENSE"}
# Header fields that change how every message of a catalog is shown.
HEADER_FIELDS = ("Plural-Forms", "Language", "Content-Type")

NOT_FOUND = "404"
CHOOSER = "chooser"
# app/delivery/freeze.py renders the chooser from this template (named here,
# not imported: this layer is below the freeze).
CHOOSER_TEMPLATE = "freeze/index.html"


@dataclass
class Plan:
    rev: str
    everything: str = ""  # why the whole site may change, "" when it is not
    pages: set[str] = field(default_factory=set)  # page ids, in every language
    pairs: set[tuple[str, str]] = field(default_factory=set)  # (page id, language tag)
    languages: set[str] = field(default_factory=set)  # every page in these languages
    # Slugs of the stories whose cards change: of the pages that list
    # stories, only those showing one of them can change (for a caller that
    # knows which those are; `pages` names them all).
    stories: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)  # one per changed file: what and why

    def wants(self, page_id: str, language: str) -> bool:
        if self.everything:
            return True
        if page_id == CHOOSER:  # shows every language's catalog: one cheap page
            return bool(self.pages or self.pairs or self.languages)
        return (
            page_id in self.pages or language in self.languages or (page_id, language) in self.pairs
        )

    def why(self, page_id: str, language: str) -> str:
        """Why a page in a language is named, when the change names it."""
        if self.everything:
            return f"the whole site may change: {self.everything}"
        if page_id in self.pages:
            return "its page changes, in every language"
        if language in self.languages:
            return f"every page in {language} changes"
        if (page_id, language) in self.pairs:
            return f"it shows a changed {language} message"
        return "it shows every language's catalog"


def digest(value: object) -> str:
    """A short stable name for a value (its repr), as kept in a manifest."""
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class CatalogState:
    """What a reader gets from a catalog: its header fields and, per message
    (by digest of its key), a digest of the translation shown. `names` maps
    digests back to the keys, where known, to name a message in a line."""

    header: tuple[tuple[str, str | None], ...]
    shown: Mapping[str, str]
    names: Mapping[str, tuple] = field(default_factory=dict)

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
              # outdated, and since when (app/catalogs/lifecycle.py): the page marks it
              entry_changed_on(e)))
            for e in catalog if e.msgid and not e.obsolete
        ))


class Judge:
    """Judges changed files (paths relative to `root`) against the app's
    pages; the templates' references are read once for all of them."""

    def __init__(self, app, root: Path) -> None:
        from ..catalogs.coverage import template_closure

        self.app, self.root = app, root
        self.translations = Path(app.config["TRANSLATIONS_DIR"]).resolve()
        self.templates = [p.resolve() for p in template_folders(app.config)]
        self.static = [p.resolve() for p in static_folders(app.config)]
        self.content = Path(app.config["CONTENT_DIR"]).resolve()
        refs: dict[str, list[str]] = {}
        self.closures = {
            pid: template_closure(app.jinja_env, template, refs)
            for pid, template in page_templates(app).items()
        }

    def file(self, result: Plan, rel: str,
             catalog: Callable[[Plan, str, Path], None]) -> None:
        """Add what `rel` changing affects to `result`; a file under the
        translations folder is handed to `catalog(result, rel, its path
        inside that folder)`."""
        path = (self.root / rel).resolve()
        if _inside(path, self.content):
            parts = path.relative_to(self.content).parts
            if len(parts) == 2 and parts[0] == "stories" and parts[1].endswith(".md"):
                slug = parts[1][: -len(".md")]
                users = self.story_users(slug)
                result.pages |= users
                result.stories.add(slug)
                result.lines.append(
                    f"{rel}: the story's page and the pages that list stories "
                    f"({_few(sorted(users))}), in every language"
                )
            else:
                result.everything = result.everything or f"{rel} (content) may change every page"
                result.lines.append(f"{rel}: content every page may show: the whole site")
        elif _inside(path, self.translations):
            catalog(result, rel, path.relative_to(self.translations))
        elif template := next((t for t in self.templates if _inside(path, t)), None):
            name = path.relative_to(template).as_posix()
            users = sorted(pid for pid, names in self.closures.items() if name in names)
            if not path.exists():
                result.everything = result.everything or f"{rel} was removed"
                result.lines.append(f"{rel}: removed: the whole site")
            elif set(users) >= set(self.closures) - {NOT_FOUND, CHOOSER}:
                result.everything = result.everything or f"{rel} is rendered by every page"
                result.lines.append(f"{rel}: rendered by every page: the whole site")
            elif users:
                result.pages |= set(users)
                result.lines.append(f"{rel}: pages {', '.join(users)}, in every language")
            else:
                result.lines.append(f"{rel}: rendered by no page: no page")
        elif rel.startswith(NOT_PAGES_DIRS) or rel in NOT_PAGES_FILES or _is_doc(rel):
            result.lines.append(f"{rel}: not part of any page: no page")
        else:
            asset = any(_inside(path, folder) for folder in self.static)
            kind = "a stylesheet or image" if asset else "code or settings"
            result.everything = result.everything or f"{rel} ({kind}) may change every page"
            result.lines.append(f"{rel}: {kind}: the whole site")

    def story_users(self, slug: str) -> set[str]:
        """A story's page and the pages that list stories."""
        return {f"story/{slug}"} | {pid for pid in self.closures if lists_stories(pid)}


def compare_catalogs(app, result: Plan, rel: str, tag: str, before: CatalogState,
                     after: CatalogState, checked: Mapping[str, Iterable[str]]) -> None:
    """Add to `result` the pages in `tag` that show a message whose
    translation differs between two states of its catalog. `checked` maps
    each page id to the language tags it is wanted in."""
    whole = f"every page in {tag}"
    old, new = dict(before.header), dict(after.header)
    header = [f for f in HEADER_FIELDS if old.get(f) != new.get(f)]
    if header:
        result.languages.add(tag)
        result.lines.append(f"{rel}: header {', '.join(header)} changed: {whole}")
        return
    changed = {
        key
        for key in before.shown.keys() | after.shown.keys()
        if before.shown.get(key) != after.shown.get(key)
    }
    if not changed:
        result.lines.append(f"{rel}: no translation changed: no page")
        return
    memo: dict = {}

    def shows_changed(keys) -> bool:
        for key in keys:
            if key not in memo:
                memo[key] = digest(key) in changed
            if memo[key]:
                return True
        return False

    showing = sorted(
        pid
        for pid, keys in shown_by_page(app).items()
        if tag in checked.get(pid, ()) and shows_changed(keys)
    )
    if any(pid.startswith("story/") for pid in showing):
        # A story's title and teaser are on the pages that list it too,
        # which the coverage map leaves out (they count on its own page).
        showing = sorted({*showing, *(pid for pid in checked if lists_stories(pid)
                                      and tag in checked[pid])})
    result.pairs |= {(pid, tag) for pid in showing}
    named = sorted((after.names.get(k) or before.names.get(k) or (None, "?") for k in changed),
                   key=lambda k: (k[0] or "", k[1]))
    count = f"{len(changed)} message{'s' if len(changed) != 1 else ''}"
    more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
    where = f"{tag} pages {', '.join(showing)}" if showing else "shown on no page wanted"
    result.lines.append(f"{rel}: {count} changed (“{_short(named[0][1])}”{more}): {where}")


def lists_stories(page_id: str) -> bool:
    """Pages that show story cards: home, the stories index, programs."""
    return page_id in ("home", "stories") or page_id.startswith(("stories/page/", "program/"))


def page_templates(app) -> dict[str, str]:
    """Page id -> the template it renders, from the page registry, plus the
    404 page and a freeze's language chooser."""
    from .pages import all_pages

    out = {page.id: page.template for page in all_pages()}
    out[NOT_FOUND] = "pages/404.html"
    out[CHOOSER] = CHOOSER_TEMPLATE
    return out


def shown_by_page(app) -> dict[str, set]:
    """Page id -> the messages it shows: the catalog coverage map, plus the
    404 page's, found the same way from its template's references."""
    from ..catalogs import catalog_store
    from ..catalogs.coverage import template_closure

    pages = {pid: set(keys) for pid, keys in catalog_store().page_strings.items()}
    names = template_closure(app.jinja_env, page_templates(app)[NOT_FOUND])
    pot = catalog_store().pot_path
    found: set = set()
    if pot.is_file():
        for entry in polib.pofile(str(pot)):
            files = {path for path, _ in entry.occurrences}
            if any(f.startswith("templates/") and f[len("templates/") :] in names for f in files):
                found.add((entry.msgctxt, entry.msgid))
    pages[NOT_FOUND] = found
    return pages


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _is_doc(rel: str) -> bool:
    """README.md and the like at the top, and every page of docs/."""
    pure = PurePosixPath(rel)
    in_docs = len(pure.parts) == 1 or pure.parts[0] == "docs"
    return in_docs and pure.suffix.lower() in {".md", ".txt", ".rst"}


def _few(names: list[str], shown: int = 6) -> str:
    """Names for a line: the first few, and how many more."""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
