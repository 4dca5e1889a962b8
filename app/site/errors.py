"""The 404 and 500 pages, in the reader's language once translated there; at
no address of the registry, so their switcher points home. A fault costs the
reader one page, never a traceback: the 500 page, else FALLBACK_PAGE, also
from a WSGI wrapper for what escapes Flask. Flask logs path and method only."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable

from flask import Flask, Response, current_app, g, make_response, render_template, request
from werkzeug.exceptions import InternalServerError, NotFound

from .availability import is_published
from .languages import default_language, language_for_path
from .pages import registry

log = logging.getLogger(__name__)

# No catalog, template or stylesheet behind it: it renders when all are broken.
# English only: choosing a language is code that could have failed too.
FALLBACK_PAGE = b"""<!doctype html>
<html lang="en" dir="ltr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
<title>Something went wrong</title></head>
<body><main><h1>Something went wrong</h1>
<p>This page could not be shown. Please try again in a few minutes.</p>
<p><a href="/">Go to the home page</a></p></main></body>
</html>
"""

NO_STORE = "no-store"


def settle_error_language(status: int) -> None:
    """The language asked for, else the path's, if the page is published in it."""
    language = g.get("requested_language") or g.get("language") or language_for_path(request.path)
    published = is_published(registry().errors[status], language)
    g.language = language if published else default_language()
    g.requested_language = None
    g.page = None


def not_found(error: NotFound) -> Response:
    settle_error_language(404)
    response = make_response(render_template("pages/404.html"), 404)
    # Without a prefix the language came from the cookie or Accept-Language.
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def server_error(error: InternalServerError) -> Response:
    try:
        settle_error_language(500)
        body = render_template("pages/500.html")
    except Exception:
        current_app.logger.exception("the 500 page failed; the fallback page was sent")
        body = FALLBACK_PAGE
    response = make_response(body, 500)
    response.mimetype = "text/html"
    # A passing fault must not be kept by a cache and shown after it is fixed.
    response.headers["Cache-Control"] = NO_STORE
    return response


class LastResort:
    """WSGI wrapper: what escapes Flask gets FALLBACK_PAGE (re-raised in tests, debug)."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            return self.wsgi_app(environ, start_response)
        except Exception:
            if self.app.config.get("PROPAGATE_EXCEPTIONS") or self.app.testing or self.app.debug:
                raise
            log.exception("an error escaped the app; the fallback page was sent")
            start_response("500 INTERNAL SERVER ERROR",
                           [("Content-Type", "text/html; charset=utf-8"),
                            ("Content-Length", str(len(FALLBACK_PAGE))),
                            ("Cache-Control", NO_STORE)], sys.exc_info())
            return [FALLBACK_PAGE]


def init_app(app: Flask) -> None:
    app.register_error_handler(NotFound, not_found)
    app.register_error_handler(InternalServerError, server_error)
    app.wsgi_app = LastResort(app, app.wsgi_app)
