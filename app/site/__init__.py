"""The site: what a reader asks for and gets.

Modules: languages (the configured languages, negotiation, number formats),
pages (the page registry: endpoint, values, template, context), availability
(which page is offered in which language; the language of a request is
settled there), views (routes, sitemap, what templates read) and errors
(404, 500 and the last-resort page). The catalogs (app/catalogs/) are loaded
here, handed the languages and the page registry.
"""

from __future__ import annotations

from flask import Flask

from .. import catalogs
from . import errors, languages, views
from .pages import all_pages


def init_app(app: Flask) -> None:
    languages.init_app(app)
    default = app.config["DEFAULT_LOCALE"]
    catalogs.init_app(
        app,
        codes=[code for code in app.extensions["hikaya_languages"] if code != default],
        pseudo_codes=list(app.extensions["hikaya_pseudo_languages"]),
        pages=all_pages(),
        locale_selector=languages.current_locale_code,
    )
    views.init_app(app)
    errors.init_app(app)
