"""Hikaya: story and program pages rendered from gettext catalogs.

The data path, one module each: request -> locale (i18n) -> page (views,
pages) -> template -> catalog (messages).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from jinja2 import StrictUndefined

from .a11y.cli import a11y
from .catalogs import gettext as messages
from .catalogs.cli import translate
from .config import defaults
from .delivery import caching as delivery
from .delivery import security
from .delivery.freeze import freeze
from .delivery.nginx import nginx_config
from .site import errors, views
from .site import languages as i18n


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.update(defaults())
    if config:
        app.config.update(config)

    # A template that names a missing variable is a bug to see, not a blank.
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    # Routes end with a slash; /en/join redirects to /en/join/ rather than 404.
    app.url_map.strict_slashes = True

    i18n.init_app(app)
    messages.init_app(app)
    views.init_app(app)
    # errors before security: its fallback page gets the security headers too.
    errors.init_app(app)
    security.init_app(app)
    delivery.init_app(app)
    app.cli.add_command(translate)
    app.cli.add_command(freeze)
    app.cli.add_command(nginx_config)
    app.cli.add_command(a11y)
    return app
