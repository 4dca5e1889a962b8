"""How the site travels: static files and caching (caching), pages kept as
sent (pagecache), the security headers and request limits every response
passes through (security), what the servers may log (private_log), the
static freeze (freeze), the link to each page's PDF (downloads; the
printer, pdf, only for `flask freeze --pdf`) and the
nginx configuration in front of the app or the freeze (nginx).
"""

from __future__ import annotations

from flask import Flask

from . import caching, downloads, output, pagecache, private_log, security


def init_app(app: Flask) -> None:
    # Registered before flask-compress (caching) so that it runs after it.
    app.after_request(output.without_gzip_time)
    caching.init_app(app)
    # Inside the security wrapper: headers are added to every answer, cached
    # or not, for the request at hand (HSTS only over HTTPS).
    pagecache.init_app(app)
    downloads.init_app(app)
    private_log.init_app(app)
    # Last, so its WSGI wrapper is the outermost: the error pages' fallback
    # (app/site/errors.py) gets the security headers too.
    security.init_app(app)
