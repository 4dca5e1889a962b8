"""Response headers that keep a reader's visit private and the page inert,
and the limits that turn absurd requests away before any page code runs.

SECURITY_HEADERS is one dict, used by the app for every response and written
into the frozen site's web-server configuration, so both send the same
headers. The app adds them in a WSGI wrapper rather than an after_request
hook so that nothing escapes them: error pages, redirects from routing,
static files, the refusals below and the last-resort 500 page all pass
through it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.datastructures import Headers
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    NotFound,
    RequestEntityTooLarge,
    RequestHeaderFieldsTooLarge,
    RequestURITooLarge,
    SecurityError,
)

from ..config import MAX_BODY_BYTES, is_production

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'none'",
        "script-src 'none'",
        # 'self' rather than 'none' costs nothing: connect-src governs only
        # connections a script opens (fetch, XHR, WebSocket, beacons) and
        # <a ping>, no script can run here, and 'self' names no other host.
        # It lets tools that fetch from inside the page read this origin
        # (Lighthouse cannot fetch robots.txt under 'none'). See docs/operators.md.
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "manifest-src 'self'",
    )
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # The sites a reader follows a link to never learn which page they came from.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
            "microphone", "payment", "usb", "interest-cohort", "browsing-topics",
        )
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# Sent only on HTTPS: over plain HTTP browsers ignore it, and a server that
# answers on HTTP (loopback tests, a first deployment) must not pretend.
HTTPS_HEADERS: dict[str, str] = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}

# A response that depends on the reader's cookie or languages, or sets a
# cookie, is about one reader: no shared cache may keep it.
PERSONAL_CACHE_CONTROL = "private, no-store"

# The longest real URL on the site is under 100 characters and a browser's
# headers under 2 KiB; anything far beyond is a probe or a mistake, refused
# here so no page code ever sees it. The real servers have their own, larger
# limits (gunicorn 4094 bytes per request line and 8190 per header).
MAX_URL_BYTES = 2048
MAX_HEADER_BYTES = 8190
MAX_HEADERS_TOTAL_BYTES = 16384
MAX_HEADER_COUNT = 100


def refusal(environ: dict, static_prefix: str = "/static/") -> HTTPException | None:
    """The 4xx an absurd request gets, or None for a request worth serving."""
    if is_odd_static_path(environ.get("PATH_INFO", ""), static_prefix):
        return NotFound()
    path = environ.get("PATH_INFO", "").encode("latin-1", "replace")
    query = environ.get("QUERY_STRING", "").encode("latin-1", "replace")
    if len(path) + len(query) > MAX_URL_BYTES:
        return RequestURITooLarge()
    sizes = [
        len(key) + len(str(value))
        for key, value in environ.items()
        if key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")
    ]
    if (
        len(sizes) > MAX_HEADER_COUNT
        or sum(sizes) > MAX_HEADERS_TOTAL_BYTES
        or max(sizes, default=0) > MAX_HEADER_BYTES
    ):
        return RequestHeaderFieldsTooLarge()
    length = environ.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        return RequestEntityTooLarge()
    # A chunked (or otherwise framed) body says nothing of its size up
    # front; the site takes no body at all, so any is refused unread, like
    # a long one.
    if environ.get("HTTP_TRANSFER_ENCODING"):
        return RequestEntityTooLarge()
    return None


def is_odd_static_path(path: str, static_prefix: str) -> bool:
    """A static URL the site never writes: empty, dot or dot-dot segments,
    backslashes or NUL. Werkzeug's safe_join already refuses to leave the
    folder; this answers 404 at once instead of first redirecting
    /static//etc/passwd to a tidier URL, so probing learns nothing."""
    if not path.startswith(static_prefix):
        return False
    rest = path[len(static_prefix):]
    return (
        "\\" in rest
        or "\x00" in rest
        or any(segment in ("", ".", "..") for segment in rest.split("/"))
    )


def same_site_location(location: str) -> str:
    """Make a redirect target a path on this site.

    The app only ever redirects to its own pages, but Werkzeug builds some
    redirects (a missing trailing slash, doubled slashes) as absolute URLs
    from the request's Host header, which a hostile request chooses. A path
    cannot name another host. Browsers drop tabs and newlines from URLs and
    read a backslash as a slash, so `/\\evil` or `/\\t/evil` would leave the
    site: anything that still looks like it names a host becomes the home
    page.
    """
    cleaned = "".join(ch for ch in location if ch not in "\t\n\r")
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        cleaned = parts.path + (f"?{parts.query}" if parts.query else "")
    if not cleaned.startswith("/") or cleaned[1:2] in ("/", "\\") or "\\" in cleaned:
        log.warning("a redirect to %r was replaced by one to the home page", location)
        return "/"
    return cleaned


def harden(headers: Iterable[tuple[str, str]], *, https: bool) -> list[tuple[str, str]]:
    hardened = Headers(list(headers))
    for name, value in SECURITY_HEADERS.items():
        hardened.setdefault(name, value)
    if https:
        for name, value in HTTPS_HEADERS.items():
            hardened.setdefault(name, value)
    if "Location" in hardened:
        hardened["Location"] = same_site_location(hardened["Location"])
    vary = {item.strip().lower() for item in hardened.get("Vary", "").split(",")}
    if "Set-Cookie" in hardened or vary & {"cookie", "accept-language"}:
        hardened["Cache-Control"] = PERSONAL_CACHE_CONTROL
    return hardened.to_wsgi_list()


class HardenedApp:
    """WSGI wrapper: refuse absurd requests, harden every response's headers."""

    def __init__(self, wsgi_app: Callable, static_url_path: str = "/static") -> None:
        self.wsgi_app = wsgi_app
        self.static_prefix = static_url_path.rstrip("/") + "/"

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        https = environ.get("wsgi.url_scheme") == "https"

        def start_hardened(status, headers, exc_info=None):
            return start_response(status, harden(headers, https=https), exc_info)

        refused = refusal(environ, self.static_prefix)
        if refused is not None:
            return refused(environ, start_hardened)
        return self.wsgi_app(environ, start_hardened)


# The host names a production app answers to when it is told neither its
# origin (SITE_URL) nor its names (TRUSTED_HOSTS): this machine's own.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")


def pin_hosts(app: Flask) -> None:
    """In production, canonical, hreflang and sitemap links never carry a
    Host header the site does not know. With SITE_URL they never read it;
    with TRUSTED_HOSTS Flask answers any other Host with 400; with neither,
    only loopback names are answered (400 for the rest, and the first one
    logged with what to set). Refusing to start instead would also refuse
    every tool that builds the app without serving readers -- the flask
    command line, the freeze, the accessibility run, the tests -- or push
    them into a made-up SITE_URL that would end up in the pages they write.
    """
    guessed = False
    if not app.config.get("SITE_URL") and not app.config.get("TRUSTED_HOSTS"):
        if is_production(app):
            app.config["TRUSTED_HOSTS"] = list(LOOPBACK_HOSTS)
            guessed = True
    warned = []

    @app.errorhandler(SecurityError)
    def unknown_host(error: SecurityError):
        # Werkzeug's page repeats the Host it refused; say nothing of it.
        if guessed and not warned:
            warned.append(True)
            log.warning(
                "a request for a host name this site does not know was refused (400): set "
                "HIKAYA_SITE_URL (https://your.site) or HIKAYA_TRUSTED_HOSTS to answer it"
            )
        return BadRequest()


def init_app(app: Flask) -> None:
    # Bodies over MAX_BODY_BYTES are refused here, before Flask; Flask's own
    # MAX_CONTENT_LENGTH (app/config.py) says the same to a direct caller.
    pin_hosts(app)
    app.wsgi_app = HardenedApp(app.wsgi_app, app.static_url_path or "/static")
