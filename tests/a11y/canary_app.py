"""The canary pages: deliberate accessibility defects, one known defect per
check, served with the site's own response headers (its CSP included) by
the real app with one extra blueprint. Registered only here, never on the
public site."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, abort, send_from_directory

from ..support import LOCALES as CONFIGURED
from ..support import make_app

CANARIES = Path(__file__).parent / "canaries"
PAGES = ("defects", "wrong-lang", "broken-skip")
# The configured languages that have canary pages (one folder each).
LOCALES = tuple(code for code in CONFIGURED if (CANARIES / code).is_dir())

canaries = Blueprint("canaries", __name__)


@canaries.route("/<lang>/canary/<name>/")
def page(lang: str, name: str):
    if lang not in LOCALES or name not in PAGES:
        abort(404)
    return send_from_directory(CANARIES / lang, f"{name}.html", mimetype="text/html")


@canaries.route("/canary/<name>")
def asset(name: str):
    return send_from_directory(CANARIES, name)


def canary_app() -> Flask:
    app = make_app(LOCALES=list(LOCALES))
    app.register_blueprint(canaries)
    return app


def canary_paths() -> list[str]:
    return [f"/{lang}/canary/{name}/" for lang in LOCALES for name in PAGES]
