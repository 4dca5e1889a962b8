"""Static URLs carry a hash of the file (css/site.3f2a9c01be.css) and are
cached for a year, so a reader on metered data downloads each file once;
pages are revalidated by ETag (a 304 costs ~200 bytes); text is compressed."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, request
from flask_compress import Compress
from werkzeug.security import safe_join

from .. import theme
from ..config import static_folders
from ..content import sitefiles

# 40 bits: short URLs, and no collision between two versions of one file.
DIGEST_LENGTH = 10
FINGERPRINTED = re.compile(rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})"
                           r"(?P<suffix>\.[A-Za-z0-9]+)$")
IMMUTABLE = f"public, max-age={365 * 24 * 3600}, immutable"


@dataclass(frozen=True)
class StaticFile:
    data: bytes
    digest: str
    mimetype: str


class StaticFolder:
    """Static files over layered folders (the site's over the engine's), with
    their hashes, for serving, fingerprints and the freeze. A file is read
    again only when its stat changes: a render costs a stat() per asset."""

    def __init__(self, *folders: str | Path, appended: dict[str, bytes] | None = None) -> None:
        self.folders = [str(folder) for folder in folders]
        # Bytes added to a file as it is read (the site's colours, app/theme.py).
        self.appended = appended or {}
        self._cache: dict[tuple[str, str], tuple[tuple, StaticFile]] = {}

    def get(self, filename: str) -> StaticFile | None:
        """The first layer's file, or None: missing, or refused by the gate
        every site file passes (app/content/sitefiles.py: a symlink out...)."""
        if any(sitefiles.hidden(part) for part in filename.split("/")):
            return None
        for folder in self.folders:
            path = safe_join(folder, filename)
            try:
                link, stat = os.lstat(path), os.stat(path)
            except (OSError, TypeError, ValueError):  # None, missing, a loop, a NUL byte
                continue
            version = (link.st_ino, link.st_mtime_ns, stat.st_mtime_ns, stat.st_size)
            cached = self._cache.get((folder, filename))
            if cached and cached[0] == version:
                return cached[1]
            try:
                data = sitefiles.read(path, folder, sitefiles.MAX_STATIC_BYTES)
                data += self.appended.get(filename, b"")
            except sitefiles.Refused:
                continue
            mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            entry = StaticFile(data, hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH], mimetype)
            self._cache[folder, filename] = (version, entry)
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
    stem, suffix = posixpath.splitext(filename)
    return f"{stem}.{digest}{suffix}"


def init_app(app: Flask) -> None:
    app.extensions["hikaya_static"] = files = StaticFolder(
        *static_folders(app.config), appended=theme.appended(app.config))

    @app.url_defaults
    def fingerprint_static_urls(endpoint: str, values: dict) -> None:
        # A file that does not exist keeps its name and 404s as it would have.
        if endpoint != "static" or "filename" not in values:
            return
        entry = files.get(values["filename"])
        if entry is not None:
            values["filename"] = fingerprinted(values["filename"], entry.digest)

    def serve_static(filename: str) -> Response:
        match = FINGERPRINTED.match(filename)
        entry = files.get(match["stem"] + match["suffix"] if match else filename)
        # An old hash is a 404, not today's file: caching today's bytes for a
        # year under yesterday's URL would pin the wrong version.
        if entry is None or (match and entry.digest != match["digest"]):
            abort(404)
        response = Response(entry.data, mimetype=entry.mimetype,
                            headers={"Cache-Control": IMMUTABLE if match else "no-cache"})
        response.set_etag(entry.digest)
        # Compressed answers are flask-compress's, whose ETag names the encoding.
        return response.make_conditional(request)

    # From memory rather than send_file: flask-compress leaves file wrappers alone.
    app.view_functions["static"] = serve_static
    compress = Compress(app)

    @app.after_request
    def compress_error_page(response: Response) -> Response:
        """flask-compress compresses only 2xx, but a 404 page costs a reader
        on metered data as much as any page: it is lent a 200 for the call."""
        if response.status_code < 400:
            return response
        status = response.status
        response.status_code = 200
        response = compress.after_request(response)
        response.status = status
        return response

    # Registered after Compress so that it runs before it: the ETag is the
    # uncompressed page's, which flask-compress suffixes with the encoding.
    @app.after_request
    def revalidate(response: Response) -> Response:
        if (request.method in ("GET", "HEAD") and response.status_code == 200
                and not response.is_streamed and not response.direct_passthrough
                and response.get_etag()[0] is None):
            response.add_etag()
            response.cache_control.no_cache = True
            response.make_conditional(request)
        return response
