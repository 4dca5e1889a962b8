"""What a freeze writes: each file, and beside each text file the gzipped
twin nginx's gzip_static sends, made from the bytes as they are written
(nothing is read back from disk). Gzip here and in the app's responses
carries no timestamp, so the same site gives the same bytes."""

from __future__ import annotations

import contextvars
import gzip
import posixpath
import shutil
from pathlib import Path

from werkzeug.wrappers import Response

GZIP_MAGIC = b"\x1f\x8b\x08"  # gzip, deflate (RFC 1952)
NO_TIME = b"\0\0\0\0"

# Files nginx may send gzipped; each gets a .gz twin when that saves bytes.
PRECOMPRESS = {".html", ".css", ".svg", ".xml", ".txt"}


def write_twin(path: Path, packed: bytes) -> None:
    gz = path.with_name(path.name + ".gz")
    gz.write_bytes(packed)
    shutil.copystat(path, gz)


def gzipped(data: bytes) -> bytes | None:
    """The twin nginx's gzip_static sends, when it is smaller. mtime=0: the
    same site gives the same bytes, which rsync and CDNs like."""
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    return packed if len(packed) < len(data) else None


def without_gzip_time(response: Response) -> Response:
    """A gzip response as `gzipped` would make it: no timestamp in the header.

    flask-compress calls gzip.compress without mtime, so the header carries
    the second of compression: the same page sent twice (two workers, two
    starts, the page cache against a fresh render) differed in four bytes,
    defeating byte comparisons and rsync-style deploys. RFC 1952 gives MTIME
    (bytes 4-7) the value 0 for "no time stamp", which is exactly what
    gzip.compress(mtime=0) writes; nothing else in the stream depends on it."""
    if (
        response.headers.get("Content-Encoding") == "gzip"
        and not response.is_streamed
        and not response.direct_passthrough
    ):
        data = response.get_data()
        if data[:3] == GZIP_MAGIC and data[4:8] != NO_TIME:
            response.set_data(data[:4] + NO_TIME + data[8:])
    return response


def precompress(files: list[Path]) -> None:
    for path in files:
        if path.suffix not in PRECOMPRESS:
            continue
        packed = gzipped(path.read_bytes())
        if packed is not None:
            write_twin(path, packed)


class Recorder:
    """The app as the freeze asks it for pages: each request in a context of
    its own (see `isolated`), and the gzipped twin of each text file made
    from the bytes as they are sent, so nothing is read back from disk."""

    def __init__(self, wsgi_app):
        self.wsgi_app = isolated(wsgi_app)
        self.packed: dict[str, bytes] = {}

    def __call__(self, environ, start_response):
        sent = self.wsgi_app(environ, start_response)
        try:
            body = b"".join(sent)
        finally:
            if hasattr(sent, "close"):
                sent.close()
        path = environ.get("PATH_INFO", "")
        name = path.rsplit("/", 1)[-1] or "index.html"
        if posixpath.splitext(name)[1] in PRECOMPRESS:
            packed = gzipped(body)
            if packed is not None:
                self.packed[path] = packed
        return [body]


def isolated(wsgi_app):
    """Run each request in a context of its own (static files and the 404s;
    pages are rendered by the freeze in contexts of their own too).

    Frozen-Flask requests pages while its own request context is pushed, so
    Flask would reuse that app context -- and its `g` -- for every page, and
    the site settles the language and the page on `g`: every page would
    come out as the first one rendered. A fresh contextvars.Context per
    request gives each page a fresh app context, as a real server does."""

    def app(environ, start_response):
        return contextvars.Context().run(wsgi_app, environ, start_response)

    return app
