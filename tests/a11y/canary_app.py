"""The canary pages: deliberate accessibility defects, one known defect per
check, served with the site's own response headers (its CSP included) by
the real app with one extra blueprint. Registered only here, never on the
public site.

Pages under /elsewhere/ (and /fa/) stand for pages outside the site's
URL scheme: their locale comes from their own lang attribute.

The Arabic type canaries (canaries/type/) are one page per typeface: a clean
page like the site's, which must come out with no finding at all, and a page
of text-spacing defects set in the same face, which must all be caught."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, abort, send_from_directory
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..support import LOCALES as CONFIGURED
from ..support import make_app

CANARIES = Path(__file__).parent / "canaries"
# Pages in every canary language, then pages only some languages have.
PAGES = ("defects", "wrong-lang", "broken-skip", "no-skip", "skip-main", "skip-hidden")
# The configured languages that have canary pages (one folder each).
LOCALES = tuple(code for code in CONFIGURED if (CANARIES / code).is_dir())


@dataclass(frozen=True)
class Face:
    name: str  # in the URL and the body's class
    label: str  # how the page names it
    family: str  # the installed family (fc-list :lang=ar), Debian package below
    package: str


# Naskh, Sans and Kufi styles from fonts-noto-core, and Amiri (a Naskh face
# with very tall ascenders and descenders) from fonts-hosny-amiri.
FACES = (
    Face("naskh", "النسخ", "Noto Naskh Arabic", "fonts-noto-core"),
    Face("sans", "سانس", "Noto Sans Arabic", "fonts-noto-core"),
    Face("kufi", "الكوفي", "Noto Kufi Arabic", "fonts-noto-core"),
    Face("amiri", "أميري", "Amiri", "fonts-hosny-amiri"),
)
FACES_BY_NAME = {face.name: face for face in FACES}
TYPE_PAGES = {"clean": "type.html", "defects": "type-defects.html"}

canaries = Blueprint("canaries", __name__)
templates = Environment(
    loader=FileSystemLoader(CANARIES / "type"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
)


@canaries.route("/<lang>/canary/<name>/")
def page(lang: str, name: str):
    if lang not in LOCALES or name not in PAGES or not (CANARIES / lang / f"{name}.html").is_file():
        abort(404)
    return send_from_directory(CANARIES / lang, f"{name}.html", mimetype="text/html")


@canaries.route("/ar/canary/type/<face>/", defaults={"kind": "clean"})
@canaries.route("/ar/canary/type/<face>/<kind>/")
def type_page(face: str, kind: str):
    if face not in FACES_BY_NAME or kind not in TYPE_PAGES:
        abort(404)
    html = templates.get_template(TYPE_PAGES[kind]).render(face=FACES_BY_NAME[face])
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}


@canaries.route("/elsewhere/<name>")
@canaries.route("/fa/<name>")
def elsewhere(name: str):
    """Pages outside the site's URL scheme, as on a partner's host."""
    return send_from_directory(CANARIES / "elsewhere", name, mimetype="text/html")


@canaries.route("/canary/<name>")
def asset(name: str):
    if name.endswith(".css") and (CANARIES / "type" / name).is_file():
        return send_from_directory(CANARIES / "type", name)
    return send_from_directory(CANARIES, name)


def canary_app() -> Flask:
    app = make_app(LOCALES=list(LOCALES))
    app.register_blueprint(canaries)
    return app


def canary_paths() -> list[str]:
    return [
        f"/{lang}/canary/{name}/"
        for lang in LOCALES
        for name in PAGES
        if (CANARIES / lang / f"{name}.html").is_file()
    ]


def type_paths(kind: str) -> list[str]:
    suffix = "" if kind == "clean" else f"{kind}/"
    return [f"/ar/canary/type/{face.name}/{suffix}" for face in FACES]
