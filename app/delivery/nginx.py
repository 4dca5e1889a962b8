"""`flask nginx-config`: nginx in front of gunicorn (`--upstream`) or serving
the frozen site (`--root`), from templates/deploy/nginx.conf.j2 with the
app's own headers, languages, cookie and limits, so it cannot drift from the
app. Every value put in is checked here."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..config import ENGINE, MAX_BODY_BYTES
from ..site.languages import ACCEPT_LANGUAGE_MAX_ENTRIES
from .caching import DIGEST_LENGTH, IMMUTABLE
from .security import HTTPS_HEADERS, PERSONAL_CACHE_CONTROL, SECURITY_HEADERS

DEFAULT_ROOT = "/srv/hikaya/site"
DEFAULT_LISTEN = "80"
DEFAULT_ERROR_LOG = "stderr"  # start-up failures only; nginx starts as any user

TAG_RE = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
LISTEN_RE = re.compile(r"[A-Za-z0-9.:\[\]_-]+"
                       r"( (ssl|default_server|http2|reuseport|ipv6only=(on|off)))*")
SERVER_NAME_RE = re.compile(r"[A-Za-z0-9.*_-]+( [A-Za-z0-9.*_-]+)*")
UPSTREAM_RE = re.compile(r"https?://(?:unix:/[^\s;{}\"'$]+:|[A-Za-z0-9.\[\]:_-]+)")


def nginx_string(value: str, refused: str = r'["\\\n\r]') -> str:
    """`value` quoted for nginx; refused where quoting would not hold."""
    if re.search(refused, value):
        raise ValueError(f"cannot put {value!r} in an nginx string")
    return f'"{value}"'


# nginx keeps a backslash before most characters, so \s and \. reach PCRE as
# written; it would rewrite \", \', \\ and \t, \r, \n, which are refused.
nginx_regex = partial(nginx_string, refused=r'["\n]|\\[\\"\'trn]')


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
    """The first of Accept-Language's first ACCEPT_LANGUAGE_MAX_ENTRIES that
    names a site language not refused with q=0 (header order stands in for
    other q-weights); bounded, so a 700-entry header costs what 16 do."""
    before = ACCEPT_LANGUAGE_MAX_ENTRIES - 1
    refused = r"[^,]*;\s*q\s*=\s*0(?:\.0{0,3})?\s*(?:[,;]|$)"
    return (rf"~*^(?:[^,]*,){{0,{before}}}?\s*(?<hikaya_al>{alternation})(?:-[^,;\s]*)?\s*"
            rf"(?!{refused})(?:;[^,]*)?(?:,|$)")


REVALIDATE = {"Cache-Control": "no-cache"}
# What the template takes from the app and never from a caller.
CONSTANTS = {
    "accept_entries": ACCEPT_LANGUAGE_MAX_ENTRIES,
    "body_limit": "1k" if MAX_BODY_BYTES == 1024 else str(MAX_BODY_BYTES),
    "https_maps": [(var, HTTPS_HEADERS[name]) for name, var in _HTTPS_ONLY.items()],
    "hidden_headers": [*SECURITY_HEADERS, *HTTPS_HEADERS],
    "fingerprinted": rf"^/static/.+\.[0-9a-f]{{{DIGEST_LENGTH}}}\.[A-Za-z0-9]+$",
    # Answers about one reader's cookie or languages: no shared cache keeps them.
    "personal": {"Cache-Control": PERSONAL_CACHE_CONTROL},
    "revalidate": REVALIDATE,
    "immutable": {"Cache-Control": IMMUTABLE},
    "negotiated": {**REVALIDATE, "Vary": "Accept-Language, Cookie"},
}


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(ENGINE / "templates" / "deploy"),
                      undefined=StrictUndefined, autoescape=False, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(nginx_string=nginx_string, nginx_regex=nginx_regex,
                       regex_escape=re.escape, combine=lambda one, two: {**one, **two})
    env.globals.update(CONSTANTS, header_set=header_set)
    return env


def _addresses(value: str | list[str]) -> list[str]:
    return [_checked(LISTEN_RE, address, "listen address")
            for address in ([value] if isinstance(value, str) else value)]


def site_conf_for(app: Flask, root: str | Path | None = None, *, upstream: str | None = None,
                  listen: str | list[str] | None = None, server_name: str = "_",
                  tls_certificate: str | Path | None = None, tls_key: str | Path | None = None,
                  http_listen: str | list[str] = DEFAULT_LISTEN,
                  error_log: str | Path = DEFAULT_ERROR_LOG) -> str:
    """The maps and server blocks for the app's languages and cookie: the
    frozen site at `root`, or the app at `upstream` (an http:// URL, or
    http://unix:/path:). With tls_certificate and tls_key the site is
    served over HTTPS on `listen` (default 443), and plain HTTP on
    `http_listen` only redirects to it, on the first of `server_name`'s."""
    from .freeze import site_languages

    with app.app_context():
        tags = [_checked(TAG_RE, language.tag, "language tag") for language in site_languages()]
    default = app.config["DEFAULT_LOCALE"].replace("_", "-")
    cookie = app.config["LANGUAGE_COOKIE"]
    if (root is None) == (upstream is None):
        raise ValueError("give --upstream (the app) or --root (the frozen site): one, not both")
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
        tls = {"certificate": str(tls_certificate), "key": str(tls_key),
               "http_listen": _addresses(http_listen), "origin": f"https://{name}"}
    if listen is None:
        listen = "443 ssl" if tls else DEFAULT_LISTEN
    alternation = "|".join(re.escape(tag) for tag in tags)
    return _environment().get_template("nginx.conf.j2").render(
        mode="root" if root is not None else "upstream", root=str(root or ""),
        upstream=(upstream or "").rstrip("/"), tags=tags, default=default,
        alternation=alternation, accept_regex=accept_language_regex(alternation),
        cookie=cookie, cookie_var="$cookie_" + cookie.replace("-", "_"),
        cookie_max_age=int(app.config["LANGUAGE_COOKIE_MAX_AGE"]),
        listen=_addresses(listen), server_name=server_name, tls=tls, error_log=str(error_log))


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
    try:
        text = site_conf_for(
            current_app._get_current_object(), root or (None if upstream else DEFAULT_ROOT),
            upstream=upstream or None, listen=list(listen) or None, server_name=server_name,
            tls_certificate=tls_certificate, tls_key=tls_key,
            http_listen=list(http_listen) or [DEFAULT_LISTEN], error_log=error_log)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(text, nl=False)
