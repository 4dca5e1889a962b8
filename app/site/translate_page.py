"""/translate/, the translators' start page (issue 24), development only
(app/site/translator.py registers it): for each language, every page with
its counts, nearest to fully translated first, as `flask translate status`
orders them (states.nearest_first), each linked to its translator view."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, render_template, url_for

from ..catalogs import catalog_store, states
from .availability import is_published
from .languages import Language, default_language, languages
from .outdated import published
from .pages import Page, all_pages

translate = Blueprint("translate", __name__, url_prefix="/translate")
NO_STORE = {"Cache-Control": "no-store"}


@dataclass(frozen=True)
class Standing:
    """A page in a language, as the publish rule (availability.is_published) sees it."""

    counts: states.Counts
    published: bool
    kept: bool  # published only because it was before (KEEP_PUBLISHED)
    short: int  # strings between it and publication (states.short_of)
    threshold: float
    url: str  # its translator view


def standing(page: Page | None, language: Language) -> Standing | None:
    if page is None or language == default_language():
        return None
    counts = catalog_store().page_counts(page.id, language.code)
    threshold = float(current_app.config["PUBLISH_THRESHOLD"])
    keep = float(current_app.config["KEEP_PUBLISHED"])
    return Standing(
        counts, is_published(page, language), counts.share(states.CURRENT) < threshold,
        states.short_of(counts, page.id in published(language.code), threshold, keep), threshold,
        url_for(page.endpoint, **page.values, lang=language.tag) + "?translator=1")


@translate.route("/")
def start_page():
    sections = []
    for language in languages().values():
        if language == default_language() or language.is_pseudo:
            continue
        found = {page.id: standing(page, language) for page in all_pages()}
        order = states.nearest_first(
            found, lambda pid: found[pid].counts.total - found[pid].counts.current)  # noqa: B023
        sections.append((language, [(pid, found[pid]) for pid in order]))
    config = current_app.config
    return render_template("translator/index.html", sections=sections,
                           threshold=float(config["PUBLISH_THRESHOLD"]),
                           keep=float(config["KEEP_PUBLISHED"])), NO_STORE


@translate.route("/translator.css")
def stylesheet():
    return render_template("translator/translator.css"), {
        **NO_STORE, "Content-Type": "text/css; charset=utf-8"}
