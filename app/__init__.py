"""Hikaya: story and program pages rendered from gettext catalogs. How a page
is made: README.md; the parts: docs/developers.md."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.templating import Environment
from jinja2 import FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from . import config as settings
from . import delivery, site
from .catalogs.cache import paused_gc
from .catalogs.cli import translate
from .delivery.freeze import freeze
from .delivery.nginx import nginx_config
from .site import translator


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app of config["SITE_DIR"], else of app/config.py's site_dir()."""
    config = dict(config or {})
    app = Flask(__name__)
    settings.load(app.config, config.get("SITE_DIR"))
    app.config.update(config)
    # The site's templates/ and static/ over the engine's, file by file.
    app.jinja_loader = FileSystemLoader(settings.template_folders(app.config))
    app.jinja_environment = TemplateEnvironment
    app.static_folder = app.config["STATIC_DIR"]
    # A template that names a missing variable is a bug to see, not a blank.
    app.jinja_options = {**app.jinja_options, "undefined": StrictUndefined,
                         "trim_blocks": True, "lstrip_blocks": True,
                         "bytecode_cache": bytecode_cache()}
    # The site first: its last-resort error page gets the security headers.
    with paused_gc():
        site.init_app(app)
        delivery.init_app(app)
    translator.init_app(app)  # development only; after delivery: runs before compression
    for command in (translate, freeze, nginx_config):
        app.cli.add_command(command)
    return app


class Globals(ChainMap):
    """A template's globals over the environment's, as Jinja makes them, but
    keys() a set built in C: every `{% import %}` compares them with the
    importing template's, which through ChainMap's KeysView cost 37 µs, a
    twentieth of a page."""

    def keys(self):
        return set().union(*self.maps)


class TemplateEnvironment(Environment):
    def make_globals(self, d):
        return Globals({} if d is None else d, self.globals)


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between starts, in Jinja's own folder of this
    user (0700, checked): compiling them was a fifth of a one-story freeze.
    None where Jinja finds no safe folder."""
    try:
        return FileSystemBytecodeCache()
    except (RuntimeError, OSError):
        return None
