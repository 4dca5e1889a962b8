"""/translate/, the translators' start page (issue 24), development only
(app/site/translator.py registers it): for each language, every page with
its counts, nearest to fully translated first, as `flask translate status`
orders them (states.nearest_first), each linked to its translator view."""

from __future__ import annotations

import base64
from collections import namedtuple
from pathlib import Path

import click
from flask import Blueprint, current_app, g, render_template, url_for
from markupsafe import Markup

from ..browser import browser_options, serve, start_chromium
from ..catalogs import catalog_store, states
from ..catalogs.cli import translate as translate_command
from ..config import is_production
from .availability import is_published
from .languages import Language, default_language, languages
from .outdated import published
from .pages import Page, all_pages
from .views import listing

translate = Blueprint("translate", __name__, url_prefix="/translate")
NO_STORE = {"Cache-Control": "no-store"}


# A page in a language as the publish rule (availability.is_published) sees it:
# `kept` published only because it was before (KEEP_PUBLISHED); `short` the
# strings between it and publication (states.short_of); `threshold` and `keep`
# the two shares of the rule; `url` its translator view.
Standing = namedtuple("Standing", "counts published kept short threshold keep url")


def standing(page: Page | None, language: Language) -> Standing | None:
    if page is None or language == default_language():
        return None
    counts = catalog_store().page_counts(page.id, language.code)
    threshold = float(current_app.config["PUBLISH_THRESHOLD"])
    keep = float(current_app.config["KEEP_PUBLISHED"])
    return Standing(
        counts, is_published(page, language), counts.share(states.CURRENT) < threshold,
        states.short_of(counts, page.id in published(language.code), threshold, keep), threshold,
        keep, url_for(page.endpoint, **page.values, lang=language.tag) + "?translator=1")


def title(page: Page, language: Language) -> str:
    """The page's title as its template's title block renders it in
    `language` (its <title> without the site's name): what a reader knows it by."""
    template = current_app.jinja_env.get_template(page.template)
    block = template.blocks.get("title")
    if block is None:
        return page.id
    before, g.language = g.get("language"), language
    try:
        context = {**page.context, **listing(page)}
        current_app.update_template_context(context)
        return Markup("".join(block(template.new_context(context)))).striptags()
    finally:
        g.language = before


@translate.route("/")
def start_page():
    """Each page by its title in the language where readers get it in that
    language, else in English (the page they get), its id after it."""
    sections = []
    for language in languages().values():
        if language == default_language() or language.is_pseudo:
            continue
        pages = {page.id: page for page in all_pages()}
        found = {pid: standing(page, language) for pid, page in pages.items()}
        order = states.nearest_first(
            found, lambda pid: found[pid].counts.total - found[pid].counts.current)  # noqa: B023
        rows = []
        for pid in order:
            shown = language if found[pid].published else default_language()
            rows.append((pid, found[pid], shown, title(pages[pid], shown)))
        sections.append((language, rows))
    return render_template("translator/index.html", sections=sections), NO_STORE


@translate.route("/translator.css")
def stylesheet():
    return render_template("translator/translator.css"), {
        **NO_STORE, "Content-Type": "text/css; charset=utf-8"}


SLICE = 1600  # CSS px per picture: a whole page can pass an image tool's 16,000 px limit


@translate_command.command("shots")
@click.option("--lang", "codes", multiple=True, required=True, help="A language (repeatable).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--width", type=click.IntRange(min=240), default=390, show_default=True)
@browser_options
@click.argument("paths", nargs=-1, metavar="[PAGE]...")
def shots(codes, out: Path, width: int, chromium, chromedriver, paths) -> None:
    """Pictures of translator views (PAGE: /programs/syria/; default: every page),
    from headless Chromium on a loopback port: the numbers on each picture are
    the list's, with its catalog lines. Each page in parts of 1,600 px, from the top."""
    app = current_app._get_current_object()
    if is_production(app):
        raise click.ClickException("the translator view is for development: HIKAYA_ENV=development")
    chosen = [languages().get(code.replace("-", "_")) for code in codes]
    if None in chosen:
        raise click.ClickException(f"--lang: one of {', '.join(languages())}")
    tag = default_language().tag
    with app.test_request_context():
        paths = paths or [url_for(page.endpoint, **page.values, lang=tag).removeprefix(f"/{tag}")
                          for page in all_pages()]
    driver = start_chromium(width, 844, chromium=chromium, chromedriver=chromedriver)
    try:
        with serve(app) as base:
            for language in chosen:
                for path in (path.strip("/") for path in paths):
                    address = f"/{language.tag}/{path}{'/' if path else ''}?translator=1"
                    if app.test_client().get(address).status_code != 200:
                        raise click.ClickException(f"{address}: no such page")
                    driver.get(base + address)
                    name = f"{path.replace('/', '_') or 'home'}@{width}"
                    for written in pictures(driver, width, out / language.tag, name):
                        click.echo(f"wrote {written}")
    finally:
        driver.quit()


# Every picture loaded, lazy ones too, before the page is pictured.
LOAD_IMAGES = """const done = arguments[arguments.length - 1];
document.querySelectorAll("img").forEach(img => { img.loading = "eager"; });
Promise.all([...document.images].map(img => img.decode().catch(() => null))).then(done);"""


def pictures(driver, width: int, folder: Path, name: str):
    """The page from the top, in parts of SLICE px: NAME-01.png, NAME-02.png..."""
    driver.execute_async_script(LOAD_IMAGES)
    height = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]["height"]
    folder.mkdir(parents=True, exist_ok=True)
    for part, top in enumerate(range(0, int(height), SLICE), 1):
        clip = {"x": 0, "y": top, "width": width, "height": min(SLICE, height - top), "scale": 1}
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "clip": clip, "captureBeyondViewport": True})
        path = folder / f"{name}-{part:02d}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        yield path
