"""Routes. Every page lives under its language prefix, /<lang>/...; the bare
root only sends the reader to their language."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from . import languages as i18n
from .pages import STORIES, STORIES_BY_SLUG, all_pages

pages = Blueprint("pages", __name__, url_prefix="/<lang>")
site = Blueprint("site", __name__)

# The switcher's links carry this query flag: following one is the reader's
# choice, which is remembered; arriving from a search engine is not.
CHOSEN_FLAG = "chosen"


@pages.url_value_preprocessor
def pull_language(endpoint, values):
    language = i18n.language_for_prefix(values.pop("lang", ""))
    if language is None:
        abort(404)
    g.language = language


@pages.url_defaults
def add_language(endpoint, values):
    values.setdefault("lang", i18n.current_language().tag)


@pages.before_request
def remember_choice():
    if CHOSEN_FLAG not in request.args:
        return None
    # Rebuilt from the matched route, never from the request, so the redirect
    # cannot leave this site.
    response = redirect(url_for(request.endpoint, **request.view_args), 303)
    response.set_cookie(
        current_app.config["LANGUAGE_COOKIE"],
        g.language.tag,
        max_age=current_app.config["LANGUAGE_COOKIE_MAX_AGE"],
        samesite="Lax",
        httponly=True,
        secure=request.is_secure,
    )
    return response


@pages.route("/")
def home():
    return render_template("pages/home.html", stories=STORIES)


@pages.route("/programs/syria/")
def program():
    return render_template("pages/program.html", stories=STORIES)


@pages.route("/stories/")
def stories():
    return render_template("pages/stories.html", stories=STORIES)


@pages.route("/stories/<slug>/")
def story(slug: str):
    story = STORIES_BY_SLUG.get(slug)
    if story is None:
        abort(404)
    return render_template(f"stories/{story.slug}.html", story=story)


@pages.route("/join/")
def join():
    return render_template("pages/join.html")


@site.route("/")
def root():
    language = i18n.negotiate()
    response = redirect(url_for("pages.home", lang=language.tag), 302)
    # Caches must key the redirect on what chose it.
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@site.route("/sitemap.xml")
def sitemap():
    default = i18n.default_language()
    entries = [
        {
            "alternates": [
                (language, absolute_url(page.endpoint, lang=language.tag, **page.values))
                for language in i18n.published_languages(page.endpoint, page.values)
            ],
            "x_default": absolute_url(page.endpoint, lang=default.tag, **page.values),
        }
        for page in all_pages()
    ]
    xml = render_template("sitemap.xml", entries=entries)
    return Response(xml, mimetype="application/xml")


def absolute_url(endpoint: str, **values) -> str:
    """Canonical, hreflang and sitemap URLs are absolute; SITE_URL pins the
    origin when the site is served (or frozen) behind another host name."""
    base = current_app.config.get("SITE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def page_alternates() -> list[tuple[i18n.Language, str]]:
    """The current page in every language it is published in (see
    PUBLISH_THRESHOLD), or nothing on an error page."""
    if request.blueprint != pages.name or request.view_args is None or g.get("error"):
        return []
    values = {k: v for k, v in request.view_args.items() if k != "lang"}
    return [
        (language, absolute_url(request.endpoint, **{**request.view_args, "lang": language.tag}))
        for language in i18n.published_languages(request.endpoint, values)
    ]


def switcher_links() -> list[tuple[i18n.Language, str]]:
    """Where each language's link in the switcher goes: the same page, or the
    home page when the reader is on an error page."""
    on_page = request.blueprint == pages.name and not g.get("error")
    endpoint = request.endpoint if on_page else "pages.home"
    values = dict(request.view_args or {}) if on_page else {}
    # Only the languages the page is published in (see PUBLISH_THRESHOLD).
    return [
        (language, url_for(endpoint, **{**values, "lang": language.tag, CHOSEN_FLAG: 1}))
        for language in i18n.published_languages(endpoint, values)
    ]


def init_app(app) -> None:
    app.register_blueprint(pages)
    app.register_blueprint(site)

    @app.context_processor
    def navigation_context():
        alternates = page_alternates()
        return {
            "alternates": alternates,
            "canonical": next(
                (url for lang, url in alternates if lang == i18n.current_language()), None
            ),
            "x_default": next(
                (url for lang, url in alternates if lang == i18n.default_language()), None
            ),
            "switcher": switcher_links(),
        }

    @app.errorhandler(404)
    def not_found(error):
        if "language" not in g:
            # No route matched, so the prefix was never read: /ar/typo/ is
            # still an Arabic reader's 404.
            prefix = request.path.strip("/").split("/", 1)[0]
            g.language = i18n.language_for_prefix(prefix) or i18n.negotiate()
        g.error = 404
        response = make_response(render_template("pages/404.html"), 404)
        response.vary.update(("Accept-Language", "Cookie"))
        return response
