"""The site: what a reader asks for and gets; the catalogs are loaded here,
handed the languages, the pages and the rules of the content's messages."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from .. import catalogs
from ..catalogs import catalog_store
from ..content.collection import stamp
from ..content.extract import preload as preload_extraction
from . import availability, content, errors, languages, outdated, pages, views


def init_app(app: Flask) -> None:
    languages.init_app(app)
    loaded = content.init_app(app)
    registry = pages.init_app(app, loaded)
    default = app.config["DEFAULT_LOCALE"]
    store = catalogs.init_app(
        app, codes=[code for code in app.extensions["hikaya_languages"] if code != default],
        pseudo_codes=list(app.extensions["hikaya_pseudo_languages"]), pages=registry.counted,
        locale_selector=languages.current_locale_code, checkers=content.checkers(loaded))
    # `flask translate extract` and `check` reuse the content read at start-up.
    store.prepare_extraction = lambda: preload_extraction(app.extensions["hikaya_content"])
    app.extensions["hikaya_content_generation"] = 0
    if store.reload:
        app.before_request(refresh_content)  # a saved content file shows on the next load
    else:
        app.extensions[content.MEMO] = {}  # nothing is reread: render each message once
        app.extensions[availability.PUBLISHED_LANGUAGES] = {}
    views.init_app(app)
    outdated.init_app(app)
    errors.init_app(app)
    report_content(app, store, loaded, registry)  # after the routes its links are checked on


def report_content(app: Flask, store, loaded, registry) -> None:
    """Content links checked against the routes; problems for `translate check`."""
    content.check_links(app, loaded, registry.pages)
    store.source_problems = content.rows(loaded.problems)
    store.source_warnings = content.rows(loaded.warnings)


def refresh_content() -> None:
    """Reread the content and rebuild the pages when a content file changed."""
    app = current_app._get_current_object()
    old = app.extensions["hikaya_content"]
    if stamp(old.root) == old.stamp:
        return
    loaded = app.extensions["hikaya_content"] = content.read(app)
    registry = pages.init_app(app, loaded)
    store = catalog_store()
    report_content(app, store, loaded, registry)
    store.set_pages(registry.counted, content.checkers(loaded))
    app.extensions["hikaya_content_generation"] += 1


def generation() -> tuple:
    """What the page cache keys on; in development, any changed file is noticed here."""
    app = current_app._get_current_object()
    store = catalog_store()
    files: tuple = ()
    if store.reload:
        refresh_content()
        store.refresh()
        folders = [*app.jinja_loader.searchpath, *app.extensions["hikaya_static"].folders]
        files = tuple(sorted(file_stamps(folders)))
    return (app.extensions["hikaya_content_generation"], store.generation, files)


def file_stamps(folders):
    """(path, mtime, size) of every file under the folders: development only."""
    for folder in folders:
        for path in Path(folder).rglob("*"):
            try:
                found = path.stat()
            except OSError:  # removed meanwhile
                continue
            if path.is_file():
                yield str(path), found.st_mtime_ns, found.st_size
