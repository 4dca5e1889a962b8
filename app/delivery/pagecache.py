"""Keep each page as it was last sent (rendered, compressed, with its ETag)
and send it again from memory, per page x language x encoding.

A page changes only when a catalog, a content file or the code changes, yet
the dynamic app would render it again for every reader: measured at a
seventh of what the same bytes cost to serve. This WSGI layer answers a
repeated GET or HEAD from memory, including the `304 Not Modified` a reader
who has it already gets, and stores only what is safe to hand to anyone:

- a 200 answer to a GET without a query string (the switcher's `?chosen=1`
  sets a cookie and is never stored);
- without Set-Cookie, and without `Cache-Control: private` or `no-store`
  (the `/` redirect, error pages and faults are never stored);
- keyed by scheme, Host, path and the reader's Accept-Encoding header (all
  the compressor decides from), so a page for one host name or encoding is
  never sent for another. Browsers each send one fixed header, so keying by
  the header, not the compressor's choice, costs a few entries at most.

`generation()` is asked first on every request: in development it rereads
changed catalogs and content files and returns a new value when anything
changed, which empties the cache; in production nothing changes under a
running app. The cache holds at most `max_bytes` (oldest dropped first), so
no request pattern can grow it without bound.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask
from werkzeug.wrappers import Response

from ..site import generation as site_generation

Key = tuple[str, str, str, str]
STORABLE_LIMIT = 1024 * 1024  # a page is kilobytes; anything this big goes straight through


@dataclass(frozen=True)
class Stored:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


class PageCache:
    def __init__(
        self,
        app,
        *,
        generation: Callable[[], object] = lambda: None,
        max_bytes: int = 64 * 1024 * 1024,
        enabled: Callable[[], bool] = lambda: True,
    ):
        self.app = app
        self.enabled = enabled
        self.generation = generation
        self.max_bytes = max_bytes
        self.entries: OrderedDict[Key, Stored] = OrderedDict()
        self.size = 0
        self.current: object = object()
        self.lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if (
            method not in ("GET", "HEAD")
            or environ.get("QUERY_STRING")
            or not self.enabled()
        ):
            return self.app(environ, start_response)
        generation = self.generation()
        if generation != self.current:
            self.clear()
            self.current = generation
        key = (
            environ.get("wsgi.url_scheme", "http"),
            environ.get("HTTP_HOST", ""),
            environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
            "".join(environ.get("HTTP_ACCEPT_ENCODING", "").lower().split()),
        )
        with self.lock:
            stored = self.entries.get(key)
            if stored is not None:
                self.entries.move_to_end(key)
                self.hits += 1
        if stored is not None:
            return self._send(stored, environ, start_response)
        self.misses += 1
        if method == "HEAD":
            # A HEAD response has no body to keep; the GET that follows fills it.
            return self.app(environ, start_response)
        return self._fill(key, environ, start_response)

    def _fill(self, key: Key, environ, start_response) -> Iterable[bytes]:
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, list(headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not self._storable(captured):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        if len(body) <= STORABLE_LIMIT:
            self._put(key, Stored(captured["status"], tuple(captured["headers"]), body))
        return [body]

    @staticmethod
    def _storable(captured: dict) -> bool:
        if not captured.get("status", "").startswith("200"):
            return False
        for name, value in captured["headers"]:
            lower = name.lower()
            if lower == "set-cookie":
                return False
            if lower == "cache-control" and ("private" in value or "no-store" in value):
                return False
        return True

    @staticmethod
    def _cost(stored: Stored) -> int:
        return len(stored.body) + sum(len(n) + len(v) for n, v in stored.headers) + 200

    def _put(self, key: Key, stored: Stored) -> None:
        if self._cost(stored) > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= self._cost(old)
            self.entries[key] = stored
            self.size += self._cost(stored)
            while self.size > self.max_bytes and self.entries:
                _, dropped = self.entries.popitem(last=False)
                self.size -= self._cost(dropped)

    @staticmethod
    def _send(stored: Stored, environ, start_response) -> Iterable[bytes]:
        response = Response(stored.body, status=stored.status, headers=list(stored.headers))
        # If-None-Match from a reader who has this page: 304, no body. HEAD:
        # the headers alone (werkzeug drops the body).
        response.make_conditional(environ)
        return response(environ, start_response)


def init_app(app: Flask) -> PageCache:
    """Wrap the app's WSGI callable."""
    def generation() -> object:
        with app.app_context():
            return site_generation()

    if not app.extensions["hikaya_catalogs"].reload:
        # Production: nothing is reread under a running app.
        def generation() -> object:
            return None

    cache = PageCache(
        app.wsgi_app,
        generation=generation,
        max_bytes=app.config["PAGE_CACHE_MAX_BYTES"],
        enabled=lambda: bool(app.config["PAGE_CACHE"]),
    )
    app.wsgi_app = cache
    app.extensions["hikaya_page_cache"] = cache
    return cache
