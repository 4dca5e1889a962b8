"""The site's stories and programs, read from content files (app/content/),
and the template functions that show their text in the page's language.

Read once when the app is built (a cache of read files makes a start with
thousands of stories quick) and again in development when a content file
changes. A file with a problem is left out and logged with its file and line;
the rest of the site is unaffected (`flask translate check` reports it as an
error and `flask freeze` refuses to publish without it). A story that names a
program or a page that is not there is kept, without that link; a slip that
leaves the page right (an empty translator note) is logged as a warning.

Templates call:
- `content_html(entry, message)`: one message as HTML, translated when a
  usable translation exists, else the English marked lang="en";
- `content_text(entry, message)`: the same as plain text, for <title> and
  attributes;
- `content_body(entry)`: a story's or program's Markdown body;
- `key_figure(program, key_figure)`: one headline figure in its sentence;
- `site_programs()`: the programs, for the menu.
"""

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
from ..content.collection import refused_files, stamp
from ..content.loader import check_refs
from ..content.model import MARKDOWN, Entry, KeyFigure, Message, Program
from ..content.render import Reading, Renderer
from ..content.rules import check_content
from .languages import current_language, default_language
from .pages import Page

log = logging.getLogger(__name__)

CHECK_MARKDOWN: Checker = partial(check_content, MARKDOWN)


def read(app: Flask) -> Content:
    """Every content file, problems logged with their file and line; the
    static files that are never served (a symlink out of static/, a FIFO)
    are problems of the site too."""
    static = Path(app.static_folder or "static")
    repo = Path(app.config["SITE_DIR"])
    content = load_content(
        Path(app.config["CONTENT_DIR"]),
        static_img=static / "img",
        repo=repo,
        cache=app.config["CONTENT_CACHE"] or None,
    )
    content.problems.extend(refused_files(static, repo, sitefiles.MAX_STATIC_BYTES))
    for problem in content.problems:
        log.error("site file %s", problem)
    for warning in content.warnings:
        log.warning("site file %s (a warning)", warning)
    return content


def check_links(app: Flask, loaded: Content, pages: Iterable[Page]) -> None:
    """A link in content to a path of this site that is no page (a story
    renamed, removed or refused, a typo) is an error at the link's line:
    `check` fails and the freeze refuses. The page holding it is served.
    Paths are matched as the pages' own URLs in the default language
    (content writes them without the language: /stories/elias/)."""
    with app.app_context():
        tag = default_language().tag
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
    """The catalogs' rules for each Markdown message (app/content/rules.py);
    plain-text messages follow the template rules."""
    out: dict[MessageKey, Checker] = {}
    for entry in [*content.programs.values(), *content.stories.values()]:
        for message in entry.messages():
            if message.kind == MARKDOWN:
                out[message.key] = CHECK_MARKDOWN
    return out


def problems(content: Content) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.message) for p in content.problems]


def warnings(content: Content) -> list[tuple[str, int, str]]:
    """Slips that leave the page right (an empty TRANSLATORS comment, a
    story's program refused for its own errors): `check` shows them."""
    return [(p.path, p.line, p.message) for p in content.warnings]


def content() -> Content:
    return current_app.extensions["hikaya_content"]


def site_programs() -> list[Program]:
    return content().program_list()


# --- Rendering --------------------------------------------------------------------


def _lookup(code: str, message: Message, n: int | None) -> str | None:
    catalog = catalog_store().get(code)
    if catalog is None:
        return None
    return catalog.lookup(message.key, n, plural=message.plural is not None)


def reading() -> Reading:
    """How this request's language renders content, made once per request."""
    language = current_language()
    cached = g.get("content_reading")
    if cached is not None and cached[0] == language:
        return cached[1]
    prefix = f"{request.script_root}/{language.tag}" if request else f"/{language.tag}"
    made = Reading(
        locale=language.locale,
        source=language == default_language(),
        lookup=partial(_lookup, language.code),
        resolve=lambda url: prefix + url if url.startswith("/") else url,
    )
    g.content_reading = (language, made)
    return made


def renderer(entry: Entry | None) -> Renderer:
    return Renderer(entry, content().names, reading())


# Where an app that never rereads its files keeps each message it rendered.
MEMO = "hikaya_content_memo"
# More than this and the memo starts afresh (1,000 stories in three
# languages fill about a tenth of it).
MEMO_SIZE = 200_000


def remembered(kind: str, entry: Entry | None, message: Message | None, make):
    """make(), once per message, entry and language in an app whose content
    and catalogs are fixed (production and the freeze; see init_app).

    A story's title and teaser are on its own page, on an index page and
    maybe on the home and program pages, and a program's short title is in
    every page's menu: their inline Markdown was rendered again on each
    page, a sixth of a freeze. The key holds everything the result depends
    on: the message, the entry (its figures), the language (its catalog,
    locale and links' prefix) and the script root (the prefix of a link)."""
    memo = current_app.extensions.get(MEMO)
    if memo is None or message is None:
        return make()
    key = (kind, entry.path if entry is not None else None, message, current_language(),
           request.script_root if request else "")
    found = memo.get(key)
    if found is None:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        found = memo[key] = make()
    return found


def content_html(entry: Entry | None, message: Message | None) -> Markup:
    return remembered("html", entry, message, lambda: renderer(entry).html(message))


def content_text(entry: Entry | None, message: Message | None) -> str:
    return remembered("text", entry, message, lambda: renderer(entry).text(message))


def content_body(entry: Entry) -> Markup:
    return renderer(entry).body(entry.body)


def key_figure(program: Program, figure: KeyFigure) -> Markup:
    return renderer(program).key_figure(figure)


def site_url(url: str) -> str:
    """A related link's address as the page uses it (a site path gets the
    page's language)."""
    return reading().resolve(url)


def changed(app: Flask) -> bool:
    """Has a content file been added, removed or saved since it was read?
    A directory scan: for development's reload."""
    loaded = app.extensions["hikaya_content"]
    return stamp(loaded.root) != loaded.stamp


def init_app(app: Flask) -> Content:
    loaded = read(app)
    app.extensions["hikaya_content"] = loaded
    app.jinja_env.globals.update(
        content_html=content_html,
        content_text=content_text,
        content_body=content_body,
        key_figure=key_figure,
        site_programs=site_programs,
        site_url=site_url,
    )
    return loaded
