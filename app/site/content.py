"""The content files (app/content/), read when the app is built, and the
template functions that show their text in the page's language."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request
from markupsafe import Markup

from ..catalogs import catalog_store
from ..catalogs.files import MessageKey
from ..catalogs.rules import Checker
from ..content import Content, sitefiles
from ..content import load as load_content
from ..content.collection import refused_files
from ..content.loader import check_refs
from ..content.model import MARKDOWN, Entry, KeyFigure, Message, Problem, Program
from ..content.render import Reading, Renderer
from ..content.rules import check_content
from .languages import current_language, default_language
from .pages import Page, remember_in

log = logging.getLogger(__name__)

CHECK_MARKDOWN: Checker = partial(check_content, MARKDOWN)


def read(app: Flask) -> Content:
    """Every content file; static files never served (a symlink out, a FIFO) are problems."""
    static, repo = Path(app.static_folder or "static"), Path(app.config["SITE_DIR"])
    content = load_content(Path(app.config["CONTENT_DIR"]), static_img=static / "img",
                           repo=repo, cache=app.config["CONTENT_CACHE"] or None)
    content.problems.extend(refused_files(static, repo, sitefiles.MAX_STATIC_BYTES))
    for problem in content.problems:
        log.error("site file %s", problem)
    for warning in content.warnings:
        log.warning("site file %s (a warning)", warning)
    return content


def check_links(app: Flask, loaded: Content, pages: Iterable[Page]) -> None:
    """A link in content (written without the language: /stories/first-story/) to
    no page of this site is an error at its line; its page is served."""
    tag = app.extensions["hikaya_languages"][app.config["DEFAULT_LOCALE"]].tag
    adapter = app.url_map.bind("localhost")
    known = {adapter.build(p.endpoint, {**p.values, "lang": tag}) for p in pages}

    def why(url: str) -> str | None:
        path = f"/{tag}{urlsplit(url).path}"
        if path in known:
            return None
        if path + "/" in known:
            return f"is no page of this site; write {urlsplit(url).path}/"
        return "is no page of this site"

    for entry in [*loaded.programs.values(), *loaded.stories.values()]:
        for problem in check_refs(entry.path, entry.refs, check_link=why):
            log.error("site file %s", problem)
            loaded.problems.append(problem)


def checkers(content: Content) -> dict[MessageKey, Checker]:
    """The catalogs' rules for each Markdown message (plain text: the templates')."""
    entries = [*content.programs.values(), *content.stories.values()]
    return {message.key: CHECK_MARKDOWN for entry in entries
            for message in content.messages_of(entry) if message.kind == MARKDOWN}


def rows(problems: Iterable[Problem]) -> list[tuple[str, int, str]]:
    """Content problems (or warnings) as `flask translate check` lists them."""
    return [(p.path, p.line, p.message) for p in problems]


def content() -> Content:
    return current_app.extensions["hikaya_content"]


def site_programs() -> list[Program]:
    return content().program_list()


def _lookup(code: str, message: Message, n: int | None) -> str | None:
    catalog = catalog_store().get(code)
    return catalog and catalog.lookup(message.key, n, plural=message.plural is not None)


def reading() -> Reading:
    """How this request's language renders content, made once per request."""
    language = current_language()
    cached = g.get("content_reading")
    if cached is not None and cached[0] == language:
        return cached[1]
    prefix = f"{request.script_root}/{language.tag}" if request else f"/{language.tag}"
    made = Reading(locale=language.locale, source=language == default_language(),
                   lookup=partial(_lookup, language.code),
                   resolve=lambda url: prefix + url if url.startswith("/") else url)
    g.content_reading = (language, made)
    return made


def renderer(entry: Entry | None) -> Renderer:
    return Renderer(entry, content().names, reading())


MEMO = "hikaya_content_memo"
MEMO_SIZE = 200_000  # 1,000 stories in 3 languages fill a tenth


def remembered(kind: str, entry: Entry | None, message: Message | None, make):
    """make(), once per message, entry, language and script root where content
    and catalogs are fixed: rendering titles, teasers and menu on each page
    was a sixth of a freeze."""
    if message is None:
        return make()
    key = (kind, entry.path if entry is not None else None, message, current_language(),
           request.script_root if request else "")
    return remember_in(MEMO, key, make, MEMO_SIZE)


def content_html(entry: Entry | None, message: Message | None) -> Markup:
    return remembered("html", entry, message, lambda: renderer(entry).html(message))


def content_text(entry: Entry | None, message: Message | None) -> str:
    return remembered("text", entry, message, lambda: renderer(entry).text(message))


def content_body(entry: Entry) -> Markup:
    return renderer(entry).body(entry.body)


def key_figure(program: Program, figure: KeyFigure) -> Markup:
    return renderer(program).key_figure(figure)


def site_url(url: str) -> str:
    """A related link's address: a site path gets the page's language."""
    return reading().resolve(url)


def init_app(app: Flask) -> Content:
    loaded = read(app)
    app.extensions["hikaya_content"] = loaded
    for function in (content_html, content_text, content_body, key_figure, site_programs,
                     site_url):
        app.jinja_env.globals[function.__name__] = function
    return loaded
