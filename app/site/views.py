"""Routes: every page lives under its language prefix, /<lang>/...; the bare
root only sends the reader to their language."""

from __future__ import annotations

from functools import lru_cache

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    has_app_context,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.routing import BaseConverter

from ..catalogs import catalog_store
from .availability import page_links, publish_notice, published_stories, settle_language
from .languages import current_language, default_language, language_for_prefix
from .languages import negotiate as negotiate_language
from .pages import Page, all_pages, current_page, find_page, index_pages, remember_in


class LanguageTagConverter(BaseConverter):
    """A segment shaped like a BCP 47 tag (ar, pt-BR): /robots.txt never is,
    so it is a plain 404, not a redirect to /robots.txt/ crawlers follow."""

    regex = r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*"


pages = Blueprint("pages", __name__, url_prefix="/<tag:lang>")
site = Blueprint("site", __name__)

XML = "application/xml; charset=utf-8"
# The switcher's links carry this flag: a choice to remember, unlike a search's.
CHOSEN_FLAG = "chosen"

# The URL of each endpoint of the page registry, under /<lang>.
RULES = {"home": "/", "program": "/programs/<slug>/", "stories": "/stories/",
         "stories_page": "/stories/page/<int:number>/", "story": "/stories/<slug>/",
         "join": "/join/"}


@pages.url_value_preprocessor
def pull_language(endpoint, values):
    g.language = language_for_prefix(values.pop("lang", "")) or abort(404)


@pages.url_defaults
def add_language(endpoint, values):
    if "lang" not in values:  # looked up only when needed: most URLs name their language
        values["lang"] = current_language().tag


# Sec-Fetch-Site of a navigation made on this site or typed (old browsers: none).
SAME_SITE_FETCH = frozenset({"same-origin", "none", ""})


@pages.before_request
def remember_choice():
    """A switcher link: remember the choice in a cookie and redirect to the
    clean URL, rebuilt from the matched route so it cannot leave this site."""
    if CHOSEN_FLAG not in request.args:
        return None
    response = redirect(url_for(request.endpoint, **request.view_args), 303)
    if request.headers.get("Sec-Fetch-Site", "") not in SAME_SITE_FETCH:
        return response  # a link on another site: the reader chose nothing here
    config = current_app.config
    response.set_cookie(config["LANGUAGE_COOKIE"], g.language.tag, samesite="Lax",
                        max_age=config["LANGUAGE_COOKIE_MAX_AGE"], httponly=True,
                        secure=request.is_secure)
    return response


pages.before_request(settle_language)


def show_page(**values):
    """Every page's view: what the registry says (else a 404), with its stories."""
    page = current_page() or abort(404)
    return render_template(page.template, **page.context, **listing(page))


def listing(page: Page) -> dict:
    """The stories a list page shows: those published in its language, bounded;
    on the home and a program's page, featured ones first."""
    language = current_language()
    if page.endpoint in ("pages.home", "pages.program"):
        stories = published_stories(language, page.values.get("slug"))
        featured_first = sorted(stories, key=lambda story: not story.featured)
        return {"stories": featured_first[: current_app.config["HOME_STORIES"]]}
    if page.endpoint not in ("pages.stories", "pages.stories_page"):
        return {}
    stories = published_stories(language)
    per_page = current_app.config["STORIES_PER_PAGE"]
    number = page.context["number"]
    count = index_pages(len(stories), per_page)
    pagination = {"number": number, "count": count,
                  "previous": index_url(number - 1) if number > 1 else None,
                  "next": index_url(number + 1) if number < count else None}
    return {"stories": stories[(number - 1) * per_page : number * per_page],
            "total": len(stories), "pagination": pagination}


def index_url(number: int) -> str:
    return url_for("pages.stories_page", number=number) if number > 1 else url_for("pages.stories")


for _name, _rule in RULES.items():
    pages.add_url_rule(_rule, _name, show_page)


@site.route("/")
def root():
    response = redirect(url_for("pages.home", lang=negotiate_language().tag), 302)
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@site.route("/sitemap.xml")
def sitemap():
    tag = default_language().tag
    entries = [
        {"alternates": page_links(page, absolute_url),
         "x_default": absolute_url(page.endpoint, lang=tag, **page.values)}
        for page in all_pages()
    ]
    return render_template("sitemap.xml", entries=entries), {"Content-Type": XML}


@site.route("/robots.txt")
def robots():
    """The sitemap is named by its absolute URL, as robots.txt requires."""
    text = render_template("robots.txt", sitemap_url=absolute_url("site.sitemap"))
    # Jinja drops the template's final newline; a text file ends with one.
    return text.rstrip("\n") + "\n", {"Content-Type": "text/plain; charset=utf-8"}


def absolute_url(endpoint: str, **values) -> str:
    """For canonical, hreflang and sitemap URLs; SITE_URL pins the origin."""
    if base := current_app.config["SITE_URL"]:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def remembered_url_for(build):
    """app.url_for, remembering each URL: a page asks for twenty or so, nearly
    all the same on every page (a fifth of a page's CPU time); not in development."""

    @lru_cache(maxsize=100_000)
    def built(endpoint: str, language, where: tuple | None, values: frozenset) -> str:
        return build(endpoint, **dict(values))

    def url_for(endpoint: str, **values) -> str:
        # All a URL depends on (url_defaults add the language), read once a request.
        where = language = None
        if has_request_context():  # one proxy lookup each for the request and g
            current = request._get_current_object()
            where = getattr(current, "hikaya_url_where", None)
            if where is None:
                where = current.hikaya_url_where = (
                    current.script_root, current.host, current.scheme)
            if endpoint.startswith("."):
                where = (*where, current.blueprint)
        # add_language fills in the request's language only where none is given.
        if "lang" not in values and has_app_context():
            language = g._get_current_object().get("language")
        try:
            return built(endpoint, language, where, frozenset(values.items()))
        except TypeError:  # a value that cannot be a key: build it every time
            return build(endpoint, **values)

    return url_for


ONCE = "hikaya_once"


def once(*key, caller):
    """`{% call once("menu", ...) %}...{% endcall %}`: the block rendered once
    per key, language and script root where templates, content and catalogs
    are fixed (production, a freeze): the menu and the footer are the same on
    nearly every page. The key names whatever else the block depends on."""
    where = (key, current_language(), request.script_root if request else "")
    return remember_in(ONCE, where, caller, 10_000)


LINKS = "hikaya_language_links"


def language_links(page: Page | None) -> tuple[list, list]:
    """The page's hreflang alternates and its switcher's links: the same on
    the page in each of its languages, so worked out once for them all where
    catalogs and content are fixed (they were a tenth of a page)."""
    def make() -> tuple[list, list]:
        alternates = page_links(page, absolute_url) if page else []
        # An error page's switcher goes to each language's home page.
        switcher = page_links(page or find_page("pages.home", {}), url_for, **{CHOSEN_FLAG: 1})
        return alternates, switcher

    key = (page.id if page else None, catalog_store().generation, request.script_root,
           request.host, request.scheme)
    return remember_in(LINKS, key, make, 20_000)


def init_app(app) -> None:
    app.url_map.converters["tag"] = LanguageTagConverter
    app.register_blueprint(pages)
    app.register_blueprint(site)
    if not app.extensions["hikaya_catalogs"].reload:
        app.extensions[ONCE] = {}
        app.extensions[LINKS] = {}
        app.url_for = remembered_url_for(app.url_for)
        app.jinja_env.globals["url_for"] = app.url_for
    app.jinja_env.globals.update(current_page=current_page, publish_notice=publish_notice,
                                 once=once)

    @app.context_processor
    def page_context():
        language, page = current_language(), current_page()
        alternates, switcher = language_links(page)
        urls = dict(alternates)
        return {"language": language, "alternates": alternates, "switcher": switcher,
                "canonical": urls.get(language), "x_default": urls.get(default_language())}
