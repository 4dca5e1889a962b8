"""What a freeze is made from, for incremental.py: its files' hashes, the
catalogs as loaded, each list page's stories and the environment."""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.globals import request_ctx

from ..catalogs import catalog_store
from ..catalogs.cache import FileCache, file_hash
from ..catalogs.catalog import Catalog
from ..config import static_folders, template_folders
from ..site import depends
from ..site.availability import published_languages
from ..site.depends import CatalogState, digest, lists_stories
from ..site.languages import languages
from ..site.pages import all_pages

FORMAT = 1
OWN_SETTINGS = ("FREEZE_", "PAGE_CACHE")  # settings no page shows (the freeze's own)


@dataclass(frozen=True)
class Published:
    page_id: str
    tag: str
    path: str  # /ar/stories/first-story/


def published(app: Flask) -> list[Published]:
    """Every page in every language it is published in, in page-list order."""
    with app.test_request_context("/"):
        # What url_for does, less its per-call look-ups: 3,300 URLs at 1,000 stories.
        adapter, found = request_ctx.url_adapter, []
        for page in all_pages():
            for language in published_languages(page):
                values = {**page.values, "lang": language.tag}
                app.inject_url_defaults(page.endpoint, values)
                found.append(Published(page.id, language.tag,
                                       adapter.build(page.endpoint, values)))
        return found


def environment(app: Flask, *, pdfs: bool) -> str:
    """One digest of what changes every page but is no file of the site."""
    settings = sorted((key, repr(value)) for key, value in app.config.items()
                      if not key.startswith(OWN_SETTINGS))
    # The installed packages as their metadata folders name them
    # ("babel-2.19.0.dist-info"): parsing each one's metadata took a hundred times longer.
    packages = sorted(name for folder in sys.path if os.path.isdir(folder or ".")
                      for name in os.listdir(folder or ".")
                      if name.endswith((".dist-info", ".egg-info")))
    return digest((FORMAT, platform.python_version(), packages, settings, pdfs))


def inputs(app: Flask, pages: list[Published], states: dict[str, CatalogState | None],
           *, pdfs: bool) -> dict:
    """What this freeze is made from, as plain values (environment())."""
    return {
        "format": FORMAT,
        "environment": environment(app, pdfs=pdfs),
        "files": dict(sorted(source_files(app))),
        "catalogs": {tag: (None if state is None else dict(sorted(state.shown.items())))
                     for tag, state in states.items()},
        "pages": [[p.page_id, p.tag, p.path] for p in pages],
    }


def listings(app: Flask, pages: list[Published]) -> dict[str, tuple[list[str], str]]:
    """Page path -> (the slugs of the stories it lists, a digest of them with
    the count and pagination) for every page that lists stories."""
    from ..site.views import listing

    found = {}
    by_id = {page.id: page for page in all_pages()}
    by_tag: dict[str, list[Published]] = {}
    for p in pages:
        if lists_stories(p.page_id):
            by_tag.setdefault(p.tag, []).append(p)
    for group in by_tag.values():
        # One request per language: each page is published in it (no fallback to settle).
        with app.test_request_context(group[0].path):
            app.preprocess_request()  # the language
            for p in group:
                shown = listing(by_id[p.page_id])
                slugs = [story.slug for story in shown.get("stories", ())]
                pagination = shown.get("pagination") or {}
                found[p.path] = (slugs, digest((slugs, shown.get("total"),
                                                pagination.get("count"))))
    return found


def checkout(app: Flask) -> Path:
    """Where file names are said from: the folder holding the app package."""
    return Path(app.root_path).resolve().parent


def source_files(app: Flask) -> Iterator[tuple[str, str]]:
    """(name, hash) of every file a page can be made from; hidden names (an
    editor's swap file, .git) and Python's caches are not the site. Hashes
    are kept in FREEZE_CACHE by each file's status (FileCache.hash_of),
    trusted once FREEZE_SETTLE_SECONDS old: hashing every file again was a
    tenth of a one-story freeze at 1,000 stories."""
    root = f"{checkout(app)}{os.sep}"
    cache = FileCache(app.config.get("FREEZE_CACHE"), "freeze cache",
                      settle_seconds=float(app.config["FREEZE_SETTLE_SECONDS"]))
    for top in [Path(app.root_path), *template_folders(app.config), *static_folders(app.config),
                Path(app.config["CONTENT_DIR"]), Path(app.config["TRANSLATIONS_DIR"])]:
        for folder, dirs, files in os.walk(top.resolve()):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
            for name in files:
                if name.startswith(".") or name.endswith(".pyc"):
                    continue
                path = os.path.join(folder, name)
                rel = path[len(root):] if path.startswith(root) else path
                yield rel.replace(os.sep, "/"), cache.hash_of(path) or ""
    cache.save()


def catalog_states() -> dict[str, CatalogState | None]:
    """Each site language's translations as the app shows them (None: no
    catalog loaded, so English)."""
    store = catalog_store()
    states: dict[str, CatalogState | None] = {}
    for language in languages().values():
        catalog = store.get(language.code)
        states[language.tag] = None if catalog is None else shown(catalog, store.cache)
    return states


def shown(catalog: Catalog, cache: FileCache) -> CatalogState:
    """What `catalog` shows, as the catalog cache kept it for the same files,
    verdicts and code of the dependency map: 16,000 digests a freeze at
    1,000 stories made again after each edit of one story."""
    # Every translated form of the same files is judged: the refusals say the rest.
    refused = sorted(repr(item) for item in catalog.verdicts.items() if item[1])
    key = ("shown", catalog.source, digest(refused), file_hash(Path(depends.__file__)))
    found = cache.get(f"{catalog.path}#shown", key) if cache.enabled and catalog.source else None
    if found is not None:
        return CatalogState(CatalogState.of({}, ()).header, *found)
    verdicts: dict = {}
    for (message, form), verdict in catalog.verdicts.items():
        verdicts.setdefault(message, []).append((form, verdict))
    state = CatalogState.of({}, (
        (message, (entry.msgid_plural, entry.forms, sorted(verdicts.get(message, ()))))
        for message, entry in catalog.messages.items()))
    if cache.enabled and catalog.source:
        cache.put(f"{catalog.path}#shown", key, (dict(state.shown), dict(state.names)))
        cache.save()
    return state
