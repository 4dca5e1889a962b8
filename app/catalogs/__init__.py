"""The gettext catalogs: the text of every language but English. It knows
nothing of requests, pages or URLs: the site hands it the language codes, the
page registry and a locale selector.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from flask import Flask, current_app

from . import gettext
from .coverage import PageLike
from .files import MessageKey
from .rules import Checker
from .store import CatalogStore


def init_app(app: Flask, *, codes: list[str], pseudo_codes: list[str],
             pages: Iterable[PageLike], locale_selector: Callable[[], str],
             checkers: Mapping[MessageKey, Checker] | None = None) -> CatalogStore:
    """Load the catalogs of `codes` (not English) and the pseudo-locales, and install
    the templates' gettext; `checkers`: content messages' stricter rules."""
    store = CatalogStore(app, codes, pseudo_codes, pages, checkers)
    store.load_all()
    app.extensions["hikaya_catalogs"] = store
    if store.reload:
        app.before_request(store.refresh)
    else:
        app.extensions[gettext.MEMO] = {}
    gettext.init_app(app, locale_selector)
    return store


def catalog_store() -> CatalogStore:
    return current_app.extensions["hikaya_catalogs"]
