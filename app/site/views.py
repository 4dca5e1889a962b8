"""Routes. Every page lives under its language prefix, /<lang>/...; the bare
root only sends the reader to their language.

A request for a page goes: the prefix names the language (pull_language),
a switcher link is remembered (remember_choice), the language is settled
against what is published (app/site/availability.py), and the view renders
the template the page registry (app/site/pages.py) names, with the context
it names. The context processor below only reads what was settled.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    Response,
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

from .availability import (
    current_page,
    publish_notice,
    published_languages,
    published_stories,
    settle_language,
)
from .languages import (
    Language,
    current_language,
    default_language,
    language_for_prefix,
)
from .languages import negotiate as negotiate_language
from .pages import Page, all_pages, find_page, index_pages, select


class LanguageTagConverter(BaseConverter):
    """A URL segment shaped like a BCP 47 tag (ar, tr, pt-BR, zh-Hant-TW).

    Only such a segment can be a language prefix. A file name at the root
    (/robots.txt, /favicon.ico) never is, so it is a plain 404 rather than
    a redirect to /robots.txt/ that crawlers follow into a 404."""

    regex = r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*"


pages = Blueprint("pages", __name__, url_prefix="/<tag:lang>")
site = Blueprint("site", __name__)

# The switcher's links carry this query flag: following one is the reader's
# choice, which is remembered; arriving from a search engine is not.
CHOSEN_FLAG = "chosen"

# The URL of each endpoint of the page registry, under /<lang>.
RULES = {
    "home": "/",
    "program": "/programs/<slug>/",
    "stories": "/stories/",
    "stories_page": "/stories/page/<int:number>/",
    "story": "/stories/<slug>/",
    "join": "/join/",
}


@pages.url_value_preprocessor
def pull_language(endpoint, values):
    language = language_for_prefix(values.pop("lang", ""))
    if language is None:
        abort(404)
    g.language = language


@pages.url_defaults
def add_language(endpoint, values):
    values.setdefault("lang", current_language().tag)


# Sec-Fetch-Site values (sent by every current browser) of a navigation the
# reader made on this site or typed themselves; an older browser sends none.
SAME_SITE_FETCH = frozenset({"same-origin", "none", ""})


@pages.before_request
def remember_choice():
    """A switcher link: remember the choice in a cookie and redirect to the
    clean URL. Runs before the language is settled: the cookie names the
    language the reader picked."""
    if CHOSEN_FLAG not in request.args:
        return None
    # Rebuilt from the matched route, never from the request, so the redirect
    # cannot leave this site.
    response = redirect(url_for(request.endpoint, **request.view_args), 303)
    if request.headers.get("Sec-Fetch-Site", "") not in SAME_SITE_FETCH:
        # A link on another site carrying ?chosen=1: the reader chose
        # nothing here, so nothing is remembered for a year.
        return response
    response.set_cookie(
        current_app.config["LANGUAGE_COOKIE"],
        g.language.tag,
        max_age=current_app.config["LANGUAGE_COOKIE_MAX_AGE"],
        samesite="Lax",
        httponly=True,
        secure=request.is_secure,
    )
    return response


pages.before_request(settle_language)


def show_page(**values):
    """Every page's view: render what the registry says for it, with the
    stories it lists in this language."""
    page = current_page()
    if page is None:  # /stories/<slug>/ with a slug the registry lacks
        abort(404)
    return render_template(page.template, **page.context, **listing(page))


def listing(page: Page) -> dict:
    """The stories a list page shows in the language being rendered: those
    published in it (see published_stories), bounded."""
    language = current_language()
    limit = current_app.config["HOME_STORIES"]
    if page.endpoint == "pages.home":
        return {"stories": select(published_stories(language), limit)}
    if page.endpoint == "pages.program":
        return {"stories": select(published_stories(language, page.values["slug"]), limit)}
    if page.endpoint not in ("pages.stories", "pages.stories_page"):
        return {}
    stories = published_stories(language)
    per_page = current_app.config["STORIES_PER_PAGE"]
    number = page.context["number"]
    count = index_pages(len(stories), per_page)
    return {
        "stories": stories[(number - 1) * per_page : number * per_page],
        "total": len(stories),
        "pagination": {
            "number": number,
            "count": count,
            "previous": index_url(number - 1) if number > 1 else None,
            "next": index_url(number + 1) if number < count else None,
        },
    }


def index_url(number: int) -> str:
    if number <= 1:
        return url_for("pages.stories")
    return url_for("pages.stories_page", number=number)


for _name, _rule in RULES.items():
    pages.add_url_rule(_rule, _name, show_page)


@site.route("/")
def root():
    language = negotiate_language()
    response = redirect(url_for("pages.home", lang=language.tag), 302)
    # Caches must key the redirect on what chose it.
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@site.route("/sitemap.xml")
def sitemap():
    default = default_language()
    entries = [
        {
            "alternates": [
                (language, absolute_url(page.endpoint, lang=language.tag, **page.values))
                for language in published_languages(page)
            ],
            "x_default": absolute_url(page.endpoint, lang=default.tag, **page.values),
        }
        for page in all_pages()
    ]
    xml = render_template("sitemap.xml", entries=entries)
    return Response(xml, mimetype="application/xml")


@site.route("/robots.txt")
def robots():
    """Every page may be crawled; the sitemap, named by its absolute URL as
    robots.txt requires, lists them in every language."""
    text = render_template("robots.txt", sitemap_url=absolute_url("site.sitemap"))
    # Jinja drops the template's final newline; a text file ends with one.
    return Response(text.rstrip("\n") + "\n", mimetype="text/plain")


def absolute_url(endpoint: str, **values) -> str:
    """Canonical, hreflang and sitemap URLs are absolute; SITE_URL pins the
    origin when the site is served (or frozen) behind another host name."""
    base = current_app.config["SITE_URL"]
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def page_alternates() -> list[tuple[Language, str]]:
    """The current page in every language it is published in (see
    PUBLISH_THRESHOLD), or nothing on an error page."""
    page = current_page()
    if page is None:
        return []
    return [
        (language, absolute_url(page.endpoint, **page.values, lang=language.tag))
        for language in published_languages(page)
    ]


def switcher_links() -> list[tuple[Language, str]]:
    """Where each language's link in the switcher goes: the same page, or the
    home page when the reader is not on a page of the registry (an error
    page). Only the languages the page is published in."""
    page = current_page()
    endpoint, values = (page.endpoint, page.values) if page else ("pages.home", {})
    return [
        (language, url_for(endpoint, **values, lang=language.tag, **{CHOSEN_FLAG: 1}))
        for language in published_languages(page or find_page("pages.home", {}))
    ]


# More distinct URLs than this and the memo starts afresh (a site of
# thousands of pages in a few languages stays well below it).
URL_MEMO_SIZE = 100_000


def remembered_url_for(build):
    """app.url_for, remembering each URL it built. A page asks for twenty or
    so (the stylesheet, the menu, the language switcher, hreflang links),
    nearly all the same on every page of a language: building each again
    was a sixth of a page's render. The key holds everything a URL here
    depends on: the endpoint and values, the language (the url_defaults add
    it), the blueprint (for ".name"), the script root and, for an absolute
    URL, the host and scheme. Only for apps that do not reread files (the
    static files' fingerprints are fixed): production and the freeze."""
    memo: dict = {}

    def url_for(endpoint: str, **values) -> str:
        where = None
        if has_request_context():
            where = getattr(request, "hikaya_url_where", None)
            if where is None:
                where = request.hikaya_url_where = (request.script_root, request.host,
                                                    request.scheme)
            if endpoint.startswith("."):
                where = (*where, request.blueprint)
        language = g.get("language") if has_app_context() else None
        try:
            key = (endpoint, language, where, frozenset(values.items()))
            found = memo.get(key)
        except TypeError:  # a value that cannot be a key: build it every time
            return build(endpoint, **values)
        if found is None:
            if len(memo) >= URL_MEMO_SIZE:
                memo.clear()
            found = memo[key] = build(endpoint, **values)
        return found

    return url_for


def init_app(app: Flask) -> None:
    app.url_map.converters["tag"] = LanguageTagConverter
    app.register_blueprint(pages)
    app.register_blueprint(site)
    if not app.extensions["hikaya_catalogs"].reload:
        app.url_for = remembered_url_for(app.url_for)
        app.jinja_env.globals["url_for"] = app.url_for
    app.jinja_env.globals.update(current_page=current_page, publish_notice=publish_notice)

    @app.context_processor
    def page_context():
        """What every template may read about the request: nothing here
        decides anything (the language was settled before rendering)."""
        language = current_language()
        alternates = page_alternates()
        return {
            "language": language,
            "alternates": alternates,
            "canonical": next((url for lang, url in alternates if lang == language), None),
            "x_default": next(
                (url for lang, url in alternates if lang == default_language()), None
            ),
            "switcher": switcher_links(),
        }
