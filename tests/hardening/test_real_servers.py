"""Limits and hostile requests against the servers that really run the app:
Werkzeug's (development) and gunicorn with the repo's gunicorn.conf.py
(production). Size limits live partly in the server, which the Flask test
client skips, so these go over loopback sockets, byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.gunicorn import GUNICORN_CONFIG

from ..support import fetch, raw_request
from .hostile import (
    EVIL_HOST,
    HOSTILE,
    LEAKED,
    OFF_SITE_TARGETS,
    TRAVERSALS,
    get_over_the_wire,
    raw_paths,
    raw_queries,
)

SERVERS = ["live_url", "gunicorn_url"]


@pytest.fixture(params=SERVERS, ids=["werkzeug", "gunicorn"])
def server(request) -> str:
    return request.getfixturevalue(request.param)


def still_serving(base_url: str) -> bool:
    status, _, _ = fetch(base_url, "/en/")
    return status == 200


def get(target: bytes, *headers: bytes) -> bytes:
    lines = [b"GET " + target + b" HTTP/1.1", b"Host: 127.0.0.1", *headers, b"Connection: close"]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def test_gunicorn_runs_with_the_repo_config():
    """The limits below are the deployed ones only if the config is used."""
    assert GUNICORN_CONFIG.is_file()


@pytest.mark.parametrize("length", [3_000, 5_000, 9_000, 70_000, 1_000_000])
def test_a_very_long_url_is_refused_with_a_4xx(server, length):
    status, _ = raw_request(server, get(b"/en/" + b"a" * length))
    assert status in (400, 414), status
    assert still_serving(server)


@pytest.mark.parametrize("length", [3_000, 70_000])
def test_a_very_long_query_is_refused_with_a_4xx(server, length):
    status, _ = raw_request(server, get(b"/en/?q=" + b"a" * length))
    assert status in (400, 414), status


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param([b"X-Big: " + b"a" * 9_000], id="one 9 KB header"),
        pytest.param([b"X-Big: " + b"a" * 70_000], id="one 70 KB header"),
        pytest.param([b"X-Big: " + b"a" * 1_000_000], id="one 1 MB header"),
        pytest.param([b"Cookie: hikaya_lang=" + b"a" * 20_000], id="a 20 KB cookie"),
        pytest.param([b"Accept-Language: " + b"ar;q=0.5, " * 2_000], id="a 20 KB Accept-Language"),
        pytest.param([b"X-%d: %s" % (i, b"a" * 200) for i in range(120)], id="120 headers"),
        pytest.param([b"X-%d: %s" % (i, b"a" * 7_000) for i in range(3)], id="21 KB in 3 headers"),
    ],
)
def test_oversized_headers_are_refused_with_a_4xx(server, headers):
    status, _ = raw_request(server, get(b"/en/", *headers))
    assert status in (400, 431), status
    assert still_serving(server)


def test_a_large_body_is_refused(server):
    body = b"a" * 100_000
    request = (
        b"POST /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    ) + body
    status, _ = raw_request(server, request)
    assert status in (405, 413), status


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE"])
def test_methods_other_than_reading_are_refused(server, method):
    status, _, _ = fetch(server, "/en/", method=method)
    assert status in (405, 501), status


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"\x00\xff\xfe garbage\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET /en/ HTTP/9.9\r\nHost: x\r\n\r\n",
        b"GET /en/ HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
        b"GET /en/ HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\nConnection: close\r\n\r\n",
        b"GET /en/\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ],
    ids=["binary", "no target", "HTTP/9.9", "negative length", "NUL in header", "NUL in path"],
)
def test_malformed_requests_get_no_5xx(server, request_bytes):
    status, response = raw_request(server, request_bytes)
    assert status < 500, response[:200]
    assert b"Traceback" not in response
    assert still_serving(server)


@pytest.mark.parametrize("target", TRAVERSALS, ids=[t.decode() for t in TRAVERSALS])
def test_traversal_is_a_404(server, target):
    status, response = raw_request(server, get(target))
    assert status == 404, response[:300]
    assert not any(leak in response for leak in LEAKED)


@pytest.fixture(params=[*SERVERS, "nginx_url"], ids=["werkzeug", "gunicorn", "nginx"])
def any_server(request) -> str:
    """The app's servers and nginx over its freeze."""
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("target", OFF_SITE_TARGETS, ids=[t.decode() for t in OFF_SITE_TARGETS])
@pytest.mark.parametrize("host", [b"127.0.0.1", EVIL_HOST.encode()])
def test_no_redirect_leaves_the_site(any_server, target, host):
    status, problems, response = get_over_the_wire(any_server, target, host)
    assert 0 < status < 500, response[:300]
    assert problems == []


@HOSTILE
@given(path=raw_paths(), query=raw_queries(), host=st.sampled_from(["127.0.0.1", EVIL_HOST]))
def test_hostile_targets_over_the_wire(gunicorn_url, path, query, host):
    """The in-process property again, through gunicorn's own parsing."""
    target = (path + (f"?{query}" if query else "")).encode("ascii")
    status, problems, response = get_over_the_wire(gunicorn_url, target, host.encode())
    assert 0 < status < 500, response[:300]
    assert problems == [], target


def test_gunicorn_logs_nothing_about_the_reader(gunicorn_url, gunicorn_log):
    """With the deployed settings, what a reader sends is not written down."""
    marker = "reader-7f3a9c"
    for path in ("/ar/", "/en/no-such-page/", "/", "/tr/?chosen=1"):
        fetch(gunicorn_url, path, headers={
            "User-Agent": f"Mozilla/5.0 {marker}-agent",
            "Cookie": f"hikaya_lang=ar; session={marker}-cookie",
            "Accept-Language": "ar-SY",
            "Referer": f"https://search.example/?q={marker}-referer",
            "X-Forwarded-For": "203.0.113.77",
        })
    log = gunicorn_log.read_text(errors="replace")
    assert marker not in log
    assert "203.0.113.77" not in log


def chunked(method: bytes, size: int) -> bytes:
    head = (b"%s /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            b"Connection: close\r\n\r\n" % method)
    chunk = b"a" * 4096
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(size // len(chunk)))
    return head + body + b"0\r\n\r\n"


@pytest.mark.parametrize("method", [b"GET", b"HEAD"])
@pytest.mark.parametrize("size", [4096, 1 << 20], ids=["4 KiB", "1 MiB"])
def test_a_chunked_body_is_refused_like_a_long_one(server, method, size):
    """Content-Length is checked; a chunked body names no length up front."""
    status, response = raw_request(server, chunked(method, size))
    assert status == 413, response[:300]
    assert still_serving(server)
