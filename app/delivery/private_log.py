"""Server logs that keep nothing about readers (address, user agent, cookie,
referrer, Accept-Language), malformed requests included: a reader may be in
danger if their visit is seen. For gunicorn (gunicorn.conf.py) and Werkzeug."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from flask import Flask
from gunicorn import glogging

# "127.0.0.1 - - [04/Dec/2026 10:00:00] " before every request line.
WERKZEUG_PREFIX = re.compile(r"^\S+ - - \[[^\]]*\] ")


def without_address(record: logging.LogRecord) -> bool:
    """Cut the client's address and the time from Werkzeug's request lines."""
    if isinstance(record.msg, str):
        record.msg = WERKZEUG_PREFIX.sub("", record.msg, count=1)
    return True


def init_app(app: Flask) -> None:
    """Filter Werkzeug's logger, process-wide as the logger is."""
    logging.getLogger("werkzeug").addFilter(without_address)  # once, however often called


# The kind of fault, before the bytes the request carried: "Invalid HTTP
# Version: 'HTTP/9.9'" -> "Invalid HTTP Version".
FAULT_KIND = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.-]*")

# Access-log atoms about the reader (address, identity, user, user agent,
# referrer); request headers ({name}i) and environ ({name}e) go too.
READER_ATOMS = ("h", "l", "u", "a", "f")


def scrub_gunicorn(record: logging.LogRecord) -> bool:
    """gunicorn logs `Invalid request from ip=ADDR: <the request's bytes>`
    whatever its access-log settings: keep the kind of fault only; and a
    failed request's path without its query string."""
    try:
        message = record.getMessage()
    except Exception:  # a line that cannot be formatted is not kept either
        record.msg, record.args = "unformattable log line dropped", ()
        return True
    if message.startswith("Invalid request from ip="):
        # "ip=ADDR: error"; an IPv6 address has colons but no ": ".
        _, _, error = message.partition(": ")
        kind = FAULT_KIND.match(error)
        record.msg = "refused a malformed request (%s)"
        record.args = (kind.group(0).strip(" ,.") if kind else "unreadable",)
    elif message.startswith("Error handling request ") and record.args:
        # (method, uri) or (uri,): keep the path, not the query string.
        record.args = tuple(urlsplit(arg).path if isinstance(arg, str) and arg.startswith("/")
                            else arg for arg in record.args)
    return True


class GunicornLogger(glogging.Logger):
    """gunicorn's logger: scrub_gunicorn on its error log, and no atom about
    the reader in its access log, whatever access_log_format says."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.error_log.addFilter(scrub_gunicorn)  # once: logging skips a filter it has

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        kept = {key: value for key, value in atoms.items() if not key.endswith(("}i", "}e"))}
        return {**kept, **dict.fromkeys(READER_ATOMS, "-")}
