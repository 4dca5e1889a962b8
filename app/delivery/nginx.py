"""The nginx configuration for the site, written from the app: in front of
gunicorn (`--upstream`, production's dynamic site) or serving the frozen
site (`--root`).

Generated, not hand-kept, so it cannot drift from the app: the security
headers come from app/delivery/security.py's SECURITY_HEADERS, the
languages from the app's configuration, the cookie name from
LANGUAGE_COOKIE, the Accept-Language bound from app/site/languages.py. The
text is the Jinja template templates/deploy/nginx.conf.j2; this module
checks every value it puts in.

    flask nginx-config --upstream http://127.0.0.1:8000 --server-name syria.example.org
    flask nginx-config --root /srv/hikaya/site

The output belongs inside nginx's http {} block (Debian's sites-enabled/ and
conf.d/ are), which already includes mime.types. deploy/nginx-site.conf and
deploy/nginx-upstream.conf are this command's output with the defaults; a
test keeps them current.

nginx's add_header is all-or-nothing per level: a location with one
add_header of its own inherits none from the server. Every block that adds
a header therefore repeats the whole security set, which is cheap here
because a program writes it.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..config import ENGINE, MAX_BODY_BYTES
from ..site.languages import ACCEPT_LANGUAGE_MAX_ENTRIES
from .caching import DIGEST_LENGTH, ONE_YEAR
from .security import HTTPS_HEADERS, PERSONAL_CACHE_CONTROL, SECURITY_HEADERS

TEMPLATES = ENGINE / "templates" / "deploy"
DEFAULT_ROOT = "/srv/hikaya/site"
DEFAULT_LISTEN = "80"
DEFAULT_TLS_LISTEN = "443 ssl"
# Only start-up failures (emerg) are logged, and stderr is where they are
# seen: `nginx -t`, the journal under systemd. No file to create, so nginx
# starts as any user (the test harness runs it unprivileged).
DEFAULT_ERROR_LOG = "stderr"

# Types whose charset nginx names in Content-Type, as the app does (text/html
# is always among them).
CHARSET_TYPES = "text/css text/plain text/xml application/xml image/svg+xml"
# text/html is always compressed by nginx; these on top.
GZIP_TYPES = "text/css text/plain text/xml application/xml image/svg+xml"

# What nginx allows a client. A browser's request head is under 2 KiB; a
# header may be as long as the app's limit (8 KiB), no more. A reader on a
# slow phone sends a request in well under 10 s; a socket that trickles one
# (a "slowloris") is closed then, and costs nginx a few hundred bytes until
# it is.
LIMITS = {
    "header_timeout": "10s",
    "body_timeout": "10s",
    "send_timeout": "20s",
    "keepalive_timeout": "20s",
    "keepalive_requests": 1000,
    "header_buffer": "1k",
    "large_header_buffers": "4 8k",
    "body": "1k" if MAX_BODY_BYTES == 1024 else str(MAX_BODY_BYTES),
    # The largest page is about 50 KB uncompressed: one answer fits in the
    # buffers, and gunicorn's worker is free as soon as it has written it.
    "proxy_buffer": "16k",
    "proxy_buffers": "16 16k",
    "proxy_busy_buffers": "32k",
    "proxy_connect_timeout": "5s",
    "proxy_timeout": "30s",
}

# The errors nginx answers itself (a malformed or oversized request, a method
# it does not serve, the app unreachable). Each gets @hikaya_refused: the
# security headers, no-store and a short plain-text body.
OWN_ERRORS = (400, 405, 408, 411, 413, 414, 416, 417, 494, 500, 501, 502, 503, 504, 505)
REFUSED_BODY = "This request could not be answered."

# Mozilla's "intermediate" cipher list for TLS 1.2 (ssl-config.mozilla.org,
# version 5.7); TLS 1.3 suites are OpenSSL's defaults.
TLS_CIPHERS = (
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305"
)

TAG_RE = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
LISTEN_RE = re.compile(
    r"[A-Za-z0-9.:\[\]_-]+( (ssl|default_server|http2|reuseport|ipv6only=(on|off)))*"
)
SERVER_NAME_RE = re.compile(r"[A-Za-z0-9.*_-]+( [A-Za-z0-9.*_-]+)*")
UPSTREAM_RE = re.compile(r"https?://(?:unix:/[^\s;{}\"'$]+:|[A-Za-z0-9.\[\]:_-]+)")


def nginx_string(value: str) -> str:
    if '"' in value or "\\" in value or "\n" in value or "\r" in value:
        raise ValueError(f"cannot put {value!r} in an nginx string")
    return f'"{value}"'


def nginx_regex(value: str) -> str:
    """A regular expression as a quoted nginx string. nginx keeps a backslash
    before most characters, so \\s and \\. reach PCRE as written; it would
    rewrite \\", \\', \\\\ and \\t, \\r, \\n, which are refused."""
    if '"' in value or "\n" in value or re.search(r"\\[\\\"'trn]", value):
        raise ValueError(f"cannot put {value!r} in an nginx string")
    return f'"{value}"'


def _checked(pattern: re.Pattern, value: str, what: str) -> str:
    if not pattern.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid {what}")
    return value


# HTTPS-only headers carry a variable that is empty over plain HTTP, and
# nginx sends no header whose value is empty.
_HTTPS_ONLY = {name: f"$hikaya_https_{i}" for i, name in enumerate(HTTPS_HEADERS)}


def header_set(extra: dict[str, str]) -> dict[str, str]:
    """The headers one block sends: every security header, then its own."""
    return {**SECURITY_HEADERS, **_HTTPS_ONLY, **extra}


def accept_language_regex(alternation: str) -> str:
    """The first of the first ACCEPT_LANGUAGE_MAX_ENTRIES entries of
    Accept-Language that names one of the site's languages and does not
    refuse it with q=0 (q=0, q=0.0, q=0.000): header order stands in for
    the other q-weights. Bounded, so a 700-entry header costs what 16 do."""
    before = ACCEPT_LANGUAGE_MAX_ENTRIES - 1
    refused = r"[^,]*;\s*q\s*=\s*0(?:\.0{0,3})?\s*(?:[,;]|$)"
    return (
        rf"~*^(?:[^,]*,){{0,{before}}}?\s*(?<hikaya_al>{alternation})(?:-[^,;\s]*)?\s*"
        rf"(?!{refused})(?:;[^,]*)?(?:,|$)"
    )


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["nginx_string"] = nginx_string
    env.filters["nginx_regex"] = nginx_regex
    env.filters["regex_escape"] = re.escape
    env.filters["combine"] = lambda first, second: {**first, **second}
    env.globals["header_set"] = header_set
    return env


def render_site_conf(
    *,
    tags: list[str],
    default: str,
    root: str | Path | None = None,
    upstream: str | None = None,
    cookie: str = "hikaya_lang",
    cookie_max_age: int = 365 * 24 * 3600,
    listen: str | list[str] | tuple[str, ...] | None = None,
    server_name: str = "_",
    tls_certificate: str | Path | None = None,
    tls_key: str | Path | None = None,
    http_listen: str | list[str] | tuple[str, ...] = (DEFAULT_LISTEN,),
    error_log: str | Path = DEFAULT_ERROR_LOG,
) -> str:
    """The maps and server blocks for the site: the frozen site at `root`,
    or the app at `upstream` (an http:// URL, or http://unix:/path:).

    tags: the published languages' URL prefixes (BCP 47), default among them.
    With tls_certificate and tls_key the site is served over HTTPS on
    `listen` (default 443) and plain HTTP on `http_listen` (default 80) only
    redirects to it, on the first of `server_name`'s names."""
    if (root is None) == (upstream is None):
        raise ValueError("give either root (the frozen site) or upstream (the app)")
    for tag in tags:
        _checked(TAG_RE, tag, "language tag")
    if default not in tags:
        raise ValueError(f"default language {default!r} is not among {tags}")
    if upstream is not None:
        _checked(UPSTREAM_RE, upstream.rstrip("/"), "upstream URL (http://HOST:PORT)")
    _checked(SERVER_NAME_RE, server_name, "server name")
    _checked(re.compile(r"[A-Za-z0-9_-]+"), cookie, "cookie name")
    tls = None
    if (tls_certificate is None) != (tls_key is None):
        raise ValueError("TLS needs both a certificate and its key")
    if tls_certificate is not None:
        name = server_name.split()[0]
        if "*" in name or name == "_":
            raise ValueError("TLS needs --server-name: the name plain HTTP redirects to")
        http_listen = [http_listen] if isinstance(http_listen, str) else list(http_listen)
        tls = {
            "certificate": str(tls_certificate),
            "key": str(tls_key),
            "ciphers": TLS_CIPHERS,
            "http_listen": [_checked(LISTEN_RE, a, "listen address") for a in http_listen],
            "origin": f"https://{name}",
        }
    if listen is None:
        listen = [DEFAULT_TLS_LISTEN if tls else DEFAULT_LISTEN]
    elif isinstance(listen, str):
        listen = [listen]
    listen = [_checked(LISTEN_RE, address, "listen address") for address in listen]

    alternation = "|".join(re.escape(tag) for tag in tags)
    revalidate = {"Cache-Control": "no-cache"}
    # Answers that depend on one reader's cookie or languages: no shared
    # cache may keep them (the app sends the same).
    personal = {"Cache-Control": PERSONAL_CACHE_CONTROL}
    return _environment().get_template("nginx.conf.j2").render(
        mode="root" if root is not None else "upstream",
        root=str(root) if root is not None else "",
        upstream=upstream.rstrip("/") if upstream is not None else "",
        tags=tags,
        default=default,
        alternation=alternation,
        accept_regex=accept_language_regex(alternation),
        accept_entries=ACCEPT_LANGUAGE_MAX_ENTRIES,
        cookie=cookie,
        cookie_var="$cookie_" + cookie.replace("-", "_"),
        cookie_max_age=int(cookie_max_age),
        listen=listen,
        server_name=server_name,
        tls=tls,
        error_log=str(error_log),
        limits=LIMITS,
        own_errors=OWN_ERRORS,
        refused_status=200,
        refused_body=REFUSED_BODY,
        https_maps=[(var, HTTPS_HEADERS[name]) for name, var in _HTTPS_ONLY.items()],
        hidden_headers=[*SECURITY_HEADERS, *HTTPS_HEADERS],
        charset_types=CHARSET_TYPES,
        gzip_types=GZIP_TYPES,
        fingerprinted=rf"^/static/.+\.[0-9a-f]{{{DIGEST_LENGTH}}}\.[A-Za-z0-9]+$",
        personal=personal,
        revalidate=revalidate,
        immutable={"Cache-Control": f"public, max-age={ONE_YEAR}, immutable"},
        negotiated={**revalidate, "Vary": "Accept-Language, Cookie"},
    )


def site_conf_for(app: Flask, root: str | Path | None = None, **options) -> str:
    """render_site_conf with the app's languages and cookie."""
    from .freeze import site_languages

    with app.app_context():
        tags = [language.tag for language in site_languages()]
        default = app.config["DEFAULT_LOCALE"].replace("_", "-")
    return render_site_conf(
        root=root,
        tags=tags,
        default=default,
        cookie=app.config["LANGUAGE_COOKIE"],
        cookie_max_age=app.config["LANGUAGE_COOKIE_MAX_AGE"],
        **options,
    )


@click.command("nginx-config")
@click.option("--upstream", metavar="URL",
              help="The app's address (gunicorn's bind, e.g. http://127.0.0.1:8000): nginx "
                   "in front of the app. Without it, nginx serves the frozen site at --root.")
@click.option("--root", default=None, help=f"The frozen site's folder [default: {DEFAULT_ROOT}].")
@click.option("--listen", multiple=True,
              help="nginx listen value; repeat for more [default: 80, or 443 ssl with TLS].")
@click.option("--server-name", default="_", show_default=True,
              help="The site's host name(s), space-separated.")
@click.option("--tls-certificate", metavar="PATH", help="Serve HTTPS with this certificate...")
@click.option("--tls-key", metavar="PATH", help="...and key; plain HTTP then only redirects.")
@click.option("--http-listen", multiple=True,
              help="With TLS: where plain HTTP is redirected from [default: 80].")
@click.option("--error-log", default=DEFAULT_ERROR_LOG, show_default=True,
              help="nginx error log: stderr (the journal) or a file; only start-up "
                   "failures are written.")
@with_appcontext
def nginx_config(upstream, root, listen, server_name, tls_certificate, tls_key, http_listen,
                 error_log) -> None:
    """Print the nginx configuration: in front of the app (--upstream) or
    serving the frozen site (--root)."""
    if upstream and root:
        raise click.UsageError("give --upstream (the app) or --root (the frozen site), not both")
    if not upstream and not root:
        root = DEFAULT_ROOT
    try:
        text = site_conf_for(
            current_app._get_current_object(),
            root,
            upstream=upstream or None,
            listen=list(listen) or None,
            server_name=server_name,
            tls_certificate=tls_certificate,
            tls_key=tls_key,
            http_listen=list(http_listen) or [DEFAULT_LISTEN],
            error_log=error_log,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(text, nl=False)
