"""Each page as it was last sent (compressed, with its ETag), sent again from
memory. Only what is safe to hand to anyone: a 200 to a GET with no query
string, Set-Cookie, `private` or `no-store`, keyed by scheme, Host, path and
Accept-Encoding; at most PAGE_CACHE_MAX_BYTES, oldest dropped first."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from flask import Flask
from werkzeug.wrappers import Response

from ..site import generation as site_generation

STORABLE_LIMIT = 1024 * 1024  # a page is kilobytes; anything this big goes straight through


class PageCache:
    def __init__(self, app: Flask):
        self.app = app
        self.wsgi_app = app.wsgi_app
        self.max_bytes = app.config["PAGE_CACHE_MAX_BYTES"]
        # key -> (status, headers, body, cost in bytes), oldest first.
        self.entries: OrderedDict[tuple, tuple[str, list, bytes, int]] = OrderedDict()
        self.size = 0
        self.current: object = object()
        self.lock = threading.Lock()
        self.hits = 0  # the tests' witness that a page came from here

    def generation(self) -> object:
        """In production nothing is reread under a running app."""
        if not self.app.extensions["hikaya_catalogs"].reload:
            return None
        with self.app.app_context():
            return site_generation()

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if (method not in ("GET", "HEAD") or environ.get("QUERY_STRING")
                or not self.app.config["PAGE_CACHE"]):
            return self.wsgi_app(environ, start_response)
        generation = self.generation()
        with self.lock:
            if generation != self.current:
                self.entries.clear()
                self.size, self.current = 0, generation
            key = (environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST", ""),
                   environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
                   "".join(environ.get("HTTP_ACCEPT_ENCODING", "").lower().split()))
            stored = self.entries.get(key)
            if stored is not None:
                self.entries.move_to_end(key)
                self.hits += 1
        if stored is not None:
            status, headers, body, _ = stored
            response = Response(body, status=status, headers=headers)
            # If-None-Match: 304, no body; HEAD: the headers alone.
            response.make_conditional(environ)
            return response(environ, start_response)
        if method == "HEAD":  # no body to keep; the GET that follows fills it
            return self.wsgi_app(environ, start_response)
        return self._fill(key, environ, start_response)

    def _fill(self, key: tuple, environ, start_response) -> Iterable[bytes]:
        captured: list = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, list(headers)]
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        if not captured or not _storable(*captured):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        cost = len(body) + sum(len(n) + len(v) for n, v in captured[1]) + 200
        if len(body) <= STORABLE_LIMIT and cost <= self.max_bytes:
            with self.lock:
                old = self.entries.pop(key, None)
                self.size += cost - (old[3] if old else 0)
                self.entries[key] = (*captured, body, cost)
                while self.size > self.max_bytes:
                    self.size -= self.entries.popitem(last=False)[1][3]
        return [body]


def _storable(status: str, headers: list) -> bool:
    for name, value in headers:
        if name.lower() == "set-cookie":
            return False
        if name.lower() == "cache-control" and ("private" in value or "no-store" in value):
            return False
    return status.startswith("200")


def init_app(app: Flask) -> None:
    """Wrap the app's WSGI callable (PageCache keeps the one it wraps)."""
    app.wsgi_app = app.extensions["hikaya_page_cache"] = PageCache(app)
