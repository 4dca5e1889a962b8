"""How the site travels: caching and compression, the page cache, security
headers and limits, private logs, the freeze (with its PDFs and bundle) and
the nginx configuration in front of the app or the freeze.
"""

from __future__ import annotations

from flask import Flask

from . import caching, downloads, output, pagecache, private_log, security


def init_app(app: Flask) -> None:
    # Registered before flask-compress (caching) so that it runs after it.
    app.after_request(output.without_gzip_time)
    caching.init_app(app)
    # Inside the security wrapper, which adds headers for the request at hand.
    pagecache.init_app(app)
    downloads.init_app(app)
    private_log.init_app(app)
    # Last, so its WSGI wrapper is the outermost: every answer gets the headers.
    security.init_app(app)
