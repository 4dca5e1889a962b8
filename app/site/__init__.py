"""The site: what a reader asks for and gets.

Modules: languages (the configured languages, negotiation, number formats),
content (the stories and programs of content/, and the template functions
that show them), pages (the page registry, built from the content: endpoint,
values, template, context, strings), availability (which page is offered in
which language; the language of a request is settled there), views (routes,
sitemap, what templates read) and errors (404, 500 and the last-resort page).
The catalogs (app/catalogs/) are loaded here, handed the languages, the page
registry and the rules of the content's messages.
"""

from __future__ import annotations

import os

from flask import Flask, current_app

from .. import catalogs
from ..catalogs import catalog_store
from ..content.extract import preload as preload_extraction
from . import availability, content, errors, languages, pages, views


def init_app(app: Flask) -> None:
    languages.init_app(app)
    loaded = content.init_app(app)
    registry = pages.init_app(app, loaded)
    default = app.config["DEFAULT_LOCALE"]
    store = catalogs.init_app(
        app,
        codes=[code for code in app.extensions["hikaya_languages"] if code != default],
        pseudo_codes=list(app.extensions["hikaya_pseudo_languages"]),
        pages=registry.pages,
        locale_selector=languages.current_locale_code,
        checkers=content.checkers(loaded),
    )
    # Extraction (`flask translate extract`, `check`) takes the messages of
    # the content files read at start-up instead of reading them again.
    store.prepare_extraction = lambda: preload_extraction(app.extensions["hikaya_content"])
    store.published_pages = published_pages
    app.extensions["hikaya_content_generation"] = 0
    if store.reload:
        # Development: a saved content file shows on the next page load.
        app.before_request(refresh_content)
    else:
        # Nothing is reread: each message is rendered once per language.
        app.extensions[content.MEMO] = {}
    views.init_app(app)
    errors.init_app(app)
    # Links in content are checked against the pages' routes, made just above.
    content.check_links(app, loaded, registry.pages)
    store.source_problems = content.problems(loaded)
    store.source_warnings = content.warnings(loaded)


def published_pages(code: str) -> list[str]:
    """The ids of the pages published in the language `code` (none in one
    the site does not have): what `flask translate update` records."""
    language = languages.languages().get(code)
    return [] if language is None else [
        page.id for page in pages.all_pages() if availability.is_published(page, language)]


def refresh_content() -> None:
    """Reread the content files when one was added, removed or saved, and
    rebuild the pages and their counts from them."""
    app = current_app._get_current_object()
    if not content.changed(app):
        return
    loaded = content.read(app)
    app.extensions["hikaya_content"] = loaded
    registry = pages.init_app(app, loaded)
    content.check_links(app, loaded, registry.pages)
    store = catalog_store()
    store.source_problems = content.problems(loaded)
    store.source_warnings = content.warnings(loaded)
    store.set_pages(registry.pages, content.checkers(loaded))
    app.extensions["hikaya_content_generation"] += 1


def generation() -> tuple:
    """What the page cache keys on: changes whenever a page may have
    changed. In development this is also where changed catalogs and content
    files are reread, before the cache is asked, and where a saved template
    or static file (whose fingerprint is in every page) is noticed."""
    app = current_app._get_current_object()
    store = catalog_store()
    files: tuple = ()
    if store.reload:
        refresh_content()
        store.refresh()
        files = folder_stamp(app.jinja_loader.searchpath if app.jinja_loader else [],
                             app.extensions["hikaya_static"].folders)
    return (app.extensions["hikaya_content_generation"], store.generation, files)


def folder_stamp(*folders) -> tuple:
    """(path, mtime, size) of every file under the folders: a few dozen stat
    calls, development only."""
    out = []
    for folder in folders:
        for base in [folder] if isinstance(folder, str) else folder:
            for root, _, names in os.walk(base):
                for name in names:
                    try:
                        st = os.stat(os.path.join(root, name))
                    except OSError:
                        continue
                    out.append((root, name, st.st_mtime_ns, st.st_size))
    return tuple(sorted(out))
