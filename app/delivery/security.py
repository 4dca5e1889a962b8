"""The headers that keep a reader's visit private and the page inert (also
written into the nginx configuration), and the limits that turn absurd
requests away before any page code runs. A WSGI wrapper, not an
after_request hook, so nothing escapes them (routing redirects, the 500)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from flask import Flask
from werkzeug import exceptions
from werkzeug.datastructures import Headers

from ..config import MAX_BODY_BYTES, is_production

log = logging.getLogger(__name__)

# No script runs, so connect-src 'self' costs nothing and lets tools that
# fetch from inside the page read this origin (Lighthouse's robots.txt).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'none'; "
    "script-src 'none'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; manifest-src 'self'"
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # The sites a reader follows a link to never learn which page they came from.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
        "microphone", "payment", "usb", "interest-cohort", "browsing-topics")),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# Sent only on HTTPS: a server that answers on HTTP must not pretend.
HTTPS_HEADERS: dict[str, str] = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}

# A response about one reader (their cookie or languages): no shared cache.
PERSONAL_CACHE_CONTROL = "private, no-store"

# The longest real URL is under 100 characters and a browser's headers under
# 2 KiB: anything far beyond is a probe or a mistake, refused here.
MAX_URL_BYTES = 2048
MAX_HEADER_BYTES = 8190
MAX_HEADERS_TOTAL_BYTES = 16384
MAX_HEADER_COUNT = 100


def refusal(environ: dict, static_prefix: str = "/static/") -> exceptions.HTTPException | None:
    """The 4xx an absurd request gets, or None for a request worth serving."""
    path = environ.get("PATH_INFO", "")
    if path.startswith(static_prefix):
        # A static URL the site never writes is a 404 at once, not first a
        # redirect to a tidier URL (/static//etc/passwd), so probing learns nothing.
        rest = path[len(static_prefix):]
        if "\\" in rest or "\x00" in rest or any(
                segment in ("", ".", "..") for segment in rest.split("/")):
            return exceptions.NotFound()
    # WSGI strings carry one byte per character.
    if len(path) + len(environ.get("QUERY_STRING", "")) > MAX_URL_BYTES:
        return exceptions.RequestURITooLarge()
    sizes = [len(key) + len(str(value)) for key, value in environ.items()
             if key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")]
    if (len(sizes) > MAX_HEADER_COUNT or sum(sizes) > MAX_HEADERS_TOTAL_BYTES
            or max(sizes, default=0) > MAX_HEADER_BYTES):
        return exceptions.RequestHeaderFieldsTooLarge()
    length = environ.get("CONTENT_LENGTH") or "0"
    too_long = not length.isdigit() or int(length) > MAX_BODY_BYTES
    # The site takes no body: a chunked one, which names no size, is refused unread.
    if too_long or environ.get("HTTP_TRANSFER_ENCODING"):
        return exceptions.RequestEntityTooLarge()
    return None


def same_site_location(location: str) -> str:
    """A redirect target as a path on this site: Werkzeug builds some
    redirects from the Host header, which a hostile request chooses.
    Browsers drop tabs and newlines and read a backslash as a slash, so
    anything that still looks like it names a host becomes the home page."""
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
    for name, value in {**SECURITY_HEADERS, **(HTTPS_HEADERS if https else {})}.items():
        hardened.setdefault(name, value)
    if "Location" in hardened:
        hardened["Location"] = same_site_location(hardened["Location"])
    vary = {item.strip().lower() for item in hardened.get("Vary", "").split(",")}
    if "Set-Cookie" in hardened or vary & {"cookie", "accept-language"}:
        hardened["Cache-Control"] = PERSONAL_CACHE_CONTROL
    return hardened.to_wsgi_list()


def pin_hosts(app: Flask) -> None:
    """In production, links never carry a Host the site does not know: with
    neither SITE_URL nor TRUSTED_HOSTS only loopback names are answered
    (400 for the rest, the first logged with what to set). Refusing to start
    would refuse every tool that builds the app (the freeze, the tests)."""
    guessed = is_production(app) and not (app.config.get("SITE_URL")
                                           or app.config.get("TRUSTED_HOSTS"))
    if guessed:
        app.config["TRUSTED_HOSTS"] = ["localhost", "127.0.0.1"]
    warned = []

    @app.errorhandler(exceptions.SecurityError)
    def unknown_host(error: exceptions.SecurityError):
        # Werkzeug's page repeats the Host it refused; say nothing of it.
        if guessed and not warned:
            warned.append(True)
            log.warning("a request for a host name this site does not know was refused (400): "
                        "set HIKAYA_SITE_URL (https://your.site) or HIKAYA_TRUSTED_HOSTS "
                        "to answer it")
        return exceptions.BadRequest()


def init_app(app: Flask) -> None:
    """Wrap the app: refuse absurd requests, harden every response's headers."""
    pin_hosts(app)
    wsgi_app = app.wsgi_app
    static_prefix = (app.static_url_path or "/static").rstrip("/") + "/"

    def hardened_app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        https = environ.get("wsgi.url_scheme") == "https"

        def start_hardened(status, headers, exc_info=None):
            return start_response(status, harden(headers, https=https), exc_info)

        # A refusal (an HTTPException) is itself a WSGI app.
        return (refusal(environ, static_prefix) or wsgi_app)(environ, start_hardened)

    app.wsgi_app = hardened_app
