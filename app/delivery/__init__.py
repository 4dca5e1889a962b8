"""How the site travels: static files and caching (caching), pages kept as
sent (pagecache), the security headers and request limits every response
passes through (security), the static freeze (freeze) and the nginx
configuration that serves it (nginx).
"""

from __future__ import annotations

from flask import Flask

from . import caching, pagecache, security


def init_app(app: Flask) -> None:
    caching.init_app(app)
    # Inside the security wrapper: headers are added to every answer, cached
    # or not, for the request at hand (HSTS only over HTTPS).
    pagecache.init_app(app)
    # Last, so its WSGI wrapper is the outermost: the error pages' fallback
    # (app/site/errors.py) gets the security headers too.
    security.init_app(app)
