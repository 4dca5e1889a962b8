"""What the tests share: the one list of locales (the app's own setting),
every page x locale as pytest parameters, app builders over a copy of the
catalogs, and small helpers for reading pages and raw HTTP answers.

Imported by test modules; the fixtures that use it are in tests/conftest.py.
"""

from __future__ import annotations

import functools
import hashlib
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import polib
import pytest
from babel import Locale
from bs4 import BeautifulSoup
from flask import Flask, url_for

from app import create_app
from app.catalogs.files import ENGINE_TRANSLATIONS
from app.catalogs.files import po_path as catalog_po_path
from app.config import ROOT, defaults
from app.delivery.security import SECURITY_HEADERS
from app.site.availability import is_published
from app.site.languages import languages
from app.site.pages import all_pages

# The languages the tests walk: LOCALES as the app reads it (HIKAYA_LOCALES,
# else its default), never a list of the tests' own.
LOCALES: list[str] = list(defaults()["LOCALES"])

# The site the engine's tests run against: its own content and catalogs,
# made for the engine's cases (a story in English only beside translated
# ones; Arabic, right to left, and Turkish, left to right), so the
# repository's site can change without breaking them. Only
# tests/site/test_repository_site.py and the tests that run the app as it is
# deployed (subprocesses, gunicorn) look at the repository's own site.
FIXTURE_SITE = Path(__file__).resolve().parent / "fixture_site"


def site_settings(site: Path = FIXTURE_SITE) -> dict[str, str]:
    """The settings that point an app at the site folder `site`."""
    return {"SITE_DIR": str(site)}


def make_app(**config) -> Flask:
    """The app as tests use it: TESTING (errors raised, catalogs read from
    .po), on the fixture site and the configured locales, with `config` on
    top."""
    return create_app({"TESTING": True, "LOCALES": LOCALES, **site_settings(), **config})


@functools.cache
def repository_app() -> Flask:
    """The repository's own site, as committed (content/, translations/):
    for the few tests about that site rather than the engine."""
    return create_app({"TESTING": True, "LOCALES": LOCALES})


def compiled_site(target: Path, site: Path = FIXTURE_SITE) -> Path:
    """A copy of the site with its catalogs compiled, as a deployment has
    them: an app outside TESTING reads the .mo files."""
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("*.mo", ".translate.lock"))
    runner = make_app(**site_settings(target)).test_cli_runner()
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
    return target


@functools.cache
def shared_app() -> Flask:
    """One app per test process, built on first use, for every test that
    only reads pages and changes no setting (the `client` fixture, the page
    list below, the session fixtures of the test folders)."""
    return make_app()


def direction(lang: str) -> str:
    """"rtl" or "ltr" for a language tag, as CLDR says (never a list of ours)."""
    return Locale.parse(lang.replace("-", "_")).text_direction


def native_name(lang: str) -> str:
    """The language named in itself, as CLDR says, capitalised as a menu shows it."""
    locale = Locale.parse(lang.replace("-", "_"))
    name = locale.get_display_name(locale)
    return name[:1].upper() + name[1:]


def page_paths(app: Flask, lang: str, *, published_only: bool = False) -> list[str]:
    """The path of every page in the page registry, in one language (with
    `published_only`, only the pages published in it: a story not yet
    translated is not a page of that language's site)."""
    with app.test_request_context():
        language = languages()[lang]
        return [
            url_for(page.endpoint, lang=lang, **page.values)
            for page in all_pages()
            if not published_only or is_published(page, language)
        ]


def stories(app: Flask | None = None) -> list:
    """The site's stories, read from content/stories/ by the app."""
    app = app or shared_app()
    return app.extensions["hikaya_content"].story_list()


@functools.cache
def _paths_for_params(app: Flask | None = None) -> tuple[tuple[str, str], ...]:
    app = app or shared_app()
    return tuple((lang, path) for lang in LOCALES
                 for path in page_paths(app, lang, published_only=True))


def page_params(app: Flask) -> list:
    """Every page of `app`'s site x locale it is published in, as pytest
    parameters named like "ar:/ar/stories/"."""
    return [pytest.param(lang, path, id=f"{lang}:{path}") for lang, path in _paths_for_params(app)]


def __getattr__(name: str):
    """PAGE_PARAMS: every page x locale it is published in, as pytest
    parameters named like "ar:/ar/stories/". Made when a test module first
    imports it (PEP 562), from the shared app the tests reading these pages
    then use: collection builds no app of its own, and none at all for a
    run of modules that do not walk the pages."""
    if name == "PAGE_PARAMS":
        return page_params(shared_app())
    raise AttributeError(name)


def published_in(path: str) -> set[str]:
    """The languages the page at `path` (in any language) is published in."""
    lang = path.split("/")[1]
    rest = path[len(lang) + 1:]
    return {other for other, p in _paths_for_params() if p == "/" + other + rest}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def build_environment() -> dict[str, str]:
    """The environment that keeps an app's build outputs in the session's
    folder (set by tests/conftest.py): for a server started with an
    environment of its own."""
    keys = ("HIKAYA_CATALOG_CACHE", "HIKAYA_CONTENT_CACHE", "HIKAYA_FREEZE_CACHE",
            "HIKAYA_PSEUDO_DIR")
    return {key: os.environ[key] for key in keys if key in os.environ}


# --- the checkout a run must leave as it found it ----------------------------------

# What scripts/setup.sh rewrites each time it runs in the checkout, and the
# test of the development server runs it (through scripts/serve.sh, as the
# README's serve command does): the editable install's metadata, when
# pyproject.toml changed, and the catalog lock `translate compile` takes
# (with its holder's process id). The compiled .mo files it writes again
# are the same bytes, so they are no change.
SETUP_WRITES = ("hikaya.egg-info/", "translations/.translate.lock")


def checkout_state(root: Path = ROOT) -> dict[str, tuple[str, str]]:
    """What `git status --porcelain --ignored` shows, file by file (ignored
    folders such as build/ opened up), with a digest of each file's bytes,
    so a file rewritten with other bytes counts as a change too (rewritten
    with the same bytes, as `translate compile` does to an unchanged .mo
    when scripts/serve.sh sets up, it does not).
    Left out: the virtual environment and Python's bytecode caches, which
    the interpreter writes, not the tests; and SETUP_WRITES."""
    listing = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all", "-z"],
        cwd=root, capture_output=True, check=True,
    ).stdout.decode("utf-8", "replace")
    state = {}
    for entry in filter(None, listing.split("\0")):
        code, path = entry[:2], entry[3:]
        if (path.startswith((".venv/", *SETUP_WRITES)) or "__pycache__/" in path
                or path.endswith(".pyc")):
            continue
        try:
            state[path] = (code, hashlib.blake2b((root / path).read_bytes()).hexdigest())
        except OSError:
            state[path] = (code, "")  # deleted, or a folder git lists whole
    return state



# --- a freeze -----------------------------------------------------------------------


@dataclass(frozen=True)
class Frozen:
    site: Path
    zip: Path
    output: str  # what the command printed


def freeze(app: Flask, out: Path, *options: str) -> Frozen:
    """A freeze of `app` into `out` (site/ and its offline.zip) through the
    real `flask freeze` command, as an operator runs it."""
    site, bundle = out / "site", out / "offline.zip"
    result = app.test_cli_runner().invoke(
        args=["freeze", "--out", str(site), "--zip", str(bundle), *options])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return Frozen(site, bundle, result.output)


# --- catalogs in a temporary folder ---------------------------------------------


def extracted_catalogs(work: Path, site: Path = FIXTURE_SITE) -> Path:
    """A copy of the site's catalogs after `flask translate extract` and
    `update` over its content and templates: as a translator's checkout is
    once the code's strings changed. It runs on a copy of the whole site
    folder under `work`, so the site itself is never written."""
    copy = work / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.mo", ".translate.lock", "build"))
    runner = make_app(**site_settings(copy)).test_cli_runner()
    for command in ("extract", "update"):
        result = runner.invoke(args=["translate", command])
        assert result.exit_code == 0, result.output
    (copy / "translations" / ".translate.lock").unlink(missing_ok=True)
    return copy / "translations"


def po_path(translations: Path, code: str) -> Path:
    return catalog_po_path(translations, code)


def build(translations: Path, **config) -> Flask:
    """An app reading the catalogs in `translations` (see the `translations`
    fixture), its pseudo-locales beside them."""
    settings = {
        "TRANSLATIONS_DIR": str(translations),
        "PSEUDO_DIR": str(translations.parent / "pseudo"),
    }
    return make_app(**{**settings, **config})


def content_site(content: Path, translations: Path, **config) -> Flask:
    """An app reading the content files in `content` (a temporary copy),
    every file read afresh (no cache)."""
    return build(translations, CONTENT_DIR=str(content), CONTENT_CACHE=None, **config)


def touch_later(path: Path) -> None:
    """Date a save two seconds back, as a save that finished a moment ago:
    the development reload adopts a changed file only once it has been
    still for CATALOG_SETTLE_SECONDS (one by default)."""
    stamp = time.time_ns() - 2_000_000_000
    os.utime(path, ns=(stamp, stamp))


def set_translation(
    translations: Path,
    code: str,
    msgid: str,
    text: str | dict[int, str],
    *,
    context: str | None = None,
    fuzzy: bool = False,
) -> Path:
    """Write one translation (a str, or {form: str} for a plural message).
    A message of the engine's (app/translations/hikaya.pot) that the site's
    catalog lacks is added to it: the site's own wording of it."""
    path = po_path(translations, code)
    po = polib.pofile(str(path), wrapwidth=100)
    entry = po.find(msgid, msgctxt=context) if context else po.find(msgid)
    if entry is None:
        engine = polib.pofile(str(ENGINE_TRANSLATIONS / "hikaya.pot"))
        found = engine.find(msgid, msgctxt=context) if context else engine.find(msgid)
        assert found is not None, msgid
        entry = polib.POEntry(msgid=found.msgid, msgid_plural=found.msgid_plural,
                              msgctxt=found.msgctxt)
        po.append(entry)
    if isinstance(text, dict):
        entry.msgstr_plural = dict(text)
    else:
        entry.msgstr = text
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if not fuzzy and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    po.save(str(path))
    touch_later(path)
    return path


def line_of(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


# --- raw HTTP against real servers ------------------------------------------------


def raw_request(base_url: str, data: bytes, timeout: float = 5) -> tuple[int, bytes]:
    """Send bytes as they are (no client tidies them up) and return the status
    code and the raw response. 0 means the server answered nothing at all."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server refused mid-request; its answer may still be there
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if _complete(b"".join(chunks)):
                    break
        except ConnectionResetError:
            pass
        except TimeoutError:
            # Werkzeug's server answers a refused upload, then waits on the
            # unread body instead of closing; the answer is what counts.
            if not chunks:
                raise
    response = b"".join(chunks)
    status_line = response.split(b"\r\n", 1)[0].split()
    status = int(status_line[1]) if len(status_line) > 1 and status_line[1].isdigit() else 0
    return status, response


def _complete(response: bytes) -> bool:
    """A whole response has arrived: its head, and as much body as it said."""
    head, separator, body = response.partition(b"\r\n\r\n")
    if not separator:
        return False
    match = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
    return match is not None and len(body) >= int(match.group(1))


class Answer(NamedTuple):
    """A real server's answer as sent: status, headers, body (neither
    decompressed nor redirected). Unpacks as (status, headers, body)."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def getheader(self, name: str) -> str | None:
        return self.headers.get(name)


# Test certificates are self-signed: HTTPS answers are read, not verified.
_UNVERIFIED = ssl.create_default_context()
_UNVERIFIED.check_hostname = False
_UNVERIFIED.verify_mode = ssl.CERT_NONE


def fetch(base_url: str, path: str, headers: dict | None = None, method: str = "GET") -> Answer:
    """The one HTTP helper of the real-server tests (Werkzeug, gunicorn,
    nginx, over HTTP or HTTPS): one request with http.client, which sends the
    path exactly as given (no normalising of `..` or `//`) and follows no
    redirect."""
    parts = urlsplit(base_url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, context=_UNVERIFIED, timeout=10)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


# --- what a page must not hold ------------------------------------------------------


def missing_security_headers(headers) -> dict[str, tuple[str | None, str]]:
    """{name: (got, wanted)} for every promised header absent or different."""
    return {
        name: (headers.get(name), value)
        for name, value in SECURITY_HEADERS.items()
        if headers.get(name) != value
    }


# What a strict Content-Security-Policy would block, breaking the page.
EVENT_HANDLER = re.compile(r"^on[a-z]+$")


def inline_code(html: str) -> list[str]:
    doc = BeautifulSoup(html, "html.parser")
    found = [f"<{tag.name}>" for tag in doc.find_all(["script", "style"])]
    for tag in doc.find_all(True):
        for name, value in tag.attrs.items():
            if name == "style" or EVENT_HANDLER.match(name):
                found.append(f"<{tag.name} {name}=...>")
            text = " ".join(value) if isinstance(value, list) else str(value)
            if text.strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}=javascript:...>")
    # Belt and braces against markup the parser would not see as a tag.
    lowered = html.lower()
    found += [needle for needle in ("<script", "<style", " style=") if needle in lowered]
    return found
