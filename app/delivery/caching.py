"""How responses travel: fingerprinted static files cached for a year, HTML
revalidated by ETag, and text compressed (brotli or gzip).

A reader on a metered connection should download the stylesheet and the
illustrations once, ever, and a page again only when it changed. So every
static URL carries a hash of the file's content (css/site.3f2a9c01be.css):
the URL changes when the file does, and the old one can be cached forever.
Pages keep their clean URLs and are revalidated with a cheap 304.

The same URLs are written by the freeze (app/delivery/freeze.py), so the static site
and the dynamic one reference identical files.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path

import brotli
from flask import Flask, Response, abort, current_app, request
from flask_compress import Compress
from werkzeug.security import safe_join

from .. import theme
from ..config import static_folders
from ..content import sitefiles

# Ten hex digits (40 bits) keep URLs short and a collision between two
# versions of one file out of reach.
DIGEST_LENGTH = 10
FINGERPRINTED = re.compile(
    rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})(?P<suffix>\.[A-Za-z0-9]+)$"
)
ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class StaticFile:
    data: bytes
    digest: str
    mimetype: str


class StaticFolder:
    """The static folder's files with their content hashes, read once per
    version of each file (a changed mtime or size reads it again), so a
    page render costs one stat() per asset, not one hash."""

    def __init__(self, folder: str | Path, appended: dict[str, bytes] | None = None) -> None:
        self.folder = str(folder)
        # Bytes added to a file as it is read (the site's colours, app/theme.py).
        self.appended = appended or {}
        self._cache: dict[str, tuple[tuple[int, int], StaticFile]] = {}

    def get(self, filename: str) -> StaticFile | None:
        """The file, or None: missing, or refused by the gate every site
        file passes (app/content/sitefiles.py: a symlink out of the folder,
        a FIFO, a device; app/site/content.py names them at start)."""
        path = safe_join(self.folder, filename)
        if path is None or any(sitefiles.hidden(part) for part in filename.split("/")):
            return None
        try:
            link, stat = os.lstat(path), os.stat(path)
        except (OSError, ValueError):  # missing, a loop, or a NUL byte in the name
            return None
        version = (link.st_ino, link.st_mtime_ns, stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(filename)
        if cached and cached[0] == version:
            return cached[1]
        try:
            data = sitefiles.read(path, self.folder, sitefiles.MAX_STATIC_BYTES)
            data += self.appended.get(filename, b"")
        except sitefiles.Refused:
            return None
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        entry = StaticFile(data, hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH], mimetype)
        self._cache[filename] = (version, entry)
        return entry


class StaticFolders:
    """The site's static files over the engine's, file by file: the one
    lookup of serving, fingerprints and the freeze."""

    def __init__(self, folders, appended: dict[str, bytes] | None = None) -> None:
        self.layers = [StaticFolder(folder, appended) for folder in folders]
        self.folders = [layer.folder for layer in self.layers]

    def get(self, filename: str) -> StaticFile | None:
        for layer in self.layers:
            entry = layer.get(filename)
            if entry is not None:
                return entry
        return None

    def names(self) -> list[str]:
        """Every file name a URL may ask for (the freeze writes these)."""
        found = set()
        for folder in self.folders:
            for root, dirs, files in os.walk(folder):
                dirs[:] = [d for d in dirs if not sitefiles.hidden(d)]
                rel = os.path.relpath(root, folder)
                found.update(os.path.normpath(os.path.join(rel, name)).replace(os.sep, "/")
                             for name in files if not sitefiles.hidden(name))
        return sorted(name for name in found if self.get(name) is not None)


def fingerprinted(filename: str, digest: str) -> str:
    """css/site.css -> css/site.<digest>.css"""
    stem, dot, suffix = filename.rpartition(".")
    if not dot or "/" in suffix:
        return f"{filename}.{digest}"
    return f"{stem}.{digest}.{suffix}"


def init_app(app: Flask) -> None:
    files = StaticFolders(static_folders(app.config), theme.appended(app.config))
    app.extensions["hikaya_static"] = files

    @app.url_defaults
    def fingerprint_static_urls(endpoint: str, values: dict) -> None:
        # Every url_for('static', ...) -- templates, the freeze, tests --
        # gets the content-hashed name; a file that does not exist keeps its
        # name and 404s as it would have.
        if endpoint != "static" or "filename" not in values:
            return
        entry = files.get(values["filename"])
        if entry is not None:
            values["filename"] = fingerprinted(values["filename"], entry.digest)

    def serve_static(filename: str) -> Response:
        match = FINGERPRINTED.match(filename)
        if match:
            entry = files.get(match["stem"] + match["suffix"])
            # An old hash is a 404, not today's file: caching today's bytes
            # for a year under yesterday's URL would pin the wrong version.
            if entry is None or entry.digest != match["digest"]:
                abort(404)
        else:
            entry = files.get(filename)
            if entry is None:
                abort(404)
        response = Response(entry.data, mimetype=entry.mimetype)
        response.set_etag(entry.digest)
        if match:
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        else:
            response.cache_control.no_cache = True
        # Identity requests are answered here; compressed ones by
        # flask-compress, whose ETag carries the encoding.
        return response.make_conditional(request)

    # Served from memory rather than send_file so that compression applies
    # (flask-compress leaves file-wrapper responses alone); the folder is a
    # few kilobytes.
    app.view_functions["static"] = serve_static

    # Brotli or gzip for text, as COMPRESS_* in app/config.py say.
    Compress(app)

    # flask-compress leaves every response outside 2xx alone, but the 404
    # page is a whole page too: a mistyped link costs a reader on metered
    # data as much as any other page.
    app.after_request(compress_error_page)

    # Registered after Compress so that it runs before it (Flask runs
    # after_request functions last-registered first): the ETag is the hash
    # of the uncompressed page, which flask-compress then suffixes with the
    # encoding (":br") and answers If-None-Match for.
    @app.after_request
    def revalidate(response: Response) -> Response:
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.is_streamed
            and not response.direct_passthrough
            and response.get_etag()[0] is None
        ):
            response.add_etag()
            # Keep a copy, but ask before using it: a 304 costs ~200 bytes.
            response.cache_control.no_cache = True
            response.make_conditional(request)
        return response


def compress_error_page(response: Response) -> Response:
    """Brotli or gzip for an error page (4xx, 5xx), as flask-compress does
    for every 2xx response: the same types, minimum size, algorithms in the
    same order of preference and levels, and `Vary: Accept-Encoding` added
    to the Vary the page already has."""
    config = current_app.config
    if (
        response.status_code < 400
        or response.mimetype not in config["COMPRESS_MIMETYPES"]
        or response.is_streamed
        or response.direct_passthrough
        or "Content-Encoding" in response.headers
    ):
        return response
    response.vary.add("Accept-Encoding")
    data = response.get_data()
    if len(data) < config["COMPRESS_MIN_SIZE"]:
        return response
    offered = [a for a in config["COMPRESS_ALGORITHM"] if a in ERROR_PAGE_COMPRESSORS]
    algorithm = request.accept_encodings.best_match(offered)
    if algorithm is None:
        return response
    response.set_data(ERROR_PAGE_COMPRESSORS[algorithm](data, config))
    response.headers["Content-Encoding"] = algorithm
    return response


ERROR_PAGE_COMPRESSORS = {
    "br": lambda data, config: brotli.compress(data, quality=config["COMPRESS_BR_LEVEL"]),
    "gzip": lambda data, config: gzip.compress(
        data, compresslevel=config["COMPRESS_LEVEL"], mtime=0
    ),
}
