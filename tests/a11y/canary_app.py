"""The canary pages: deliberate accessibility defects, one known defect per
check, served with the site's own response headers (its CSP included) by
the real app with one extra blueprint. Registered only here, never on the
public site."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, abort, send_from_directory

from app import create_app

CANARIES = Path(__file__).parent / "canaries"
PAGES = ("defects", "wrong-lang", "broken-skip")
LOCALES = ("en", "ar", "tr")

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
    app = create_app({"TESTING": True, "LOCALES": list(LOCALES)})
    app.register_blueprint(canaries)
    return app


def canary_paths() -> list[str]:
    return [f"/{lang}/canary/{name}/" for lang in LOCALES for name in PAGES]
