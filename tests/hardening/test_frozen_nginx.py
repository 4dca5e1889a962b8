"""The frozen site under nginx (the real generated configuration, on a
loopback port) keeps the app's promises: the headers on every page and every
other kind of response, no inline code in any file, no traversal out of the
site folder, and absurd requests refused with a 4xx (no redirect off the
site: test_real_servers.py asks nginx with the app's servers). The delivery
tests compare pages byte for byte; these are the hostile side."""

from __future__ import annotations

import pytest

from ..support import (
    PAGE_PARAMS,
    fetch,
    inline_code,
    missing_security_headers,
    raw_request,
)
from .hostile import (
    LEAKED,
    TRAVERSALS,
    location_problem,
)


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_every_page_has_the_headers(nginx_url, frozen_site, lang, path):
    status, headers, _ = fetch(nginx_url, path)
    published = (frozen_site / path.lstrip("/") / "index.html").is_file()
    assert status == (200 if published else 404)
    assert missing_security_headers(headers) == {}
    assert headers.get("Set-Cookie") is None
    assert "Strict-Transport-Security" not in headers, "HSTS is for HTTPS only"


def test_no_file_of_the_frozen_site_holds_inline_code(frozen_site):
    documents = sorted(
        p for p in frozen_site.rglob("*") if p.suffix in (".html", ".svg") and p.is_file()
    )
    assert len(documents) > len(PAGE_PARAMS) // 2
    for document in documents:
        found = inline_code(document.read_text(encoding="utf-8"))
        assert found == [], f"{document.relative_to(frozen_site)}: {found}"


OTHER_RESPONSES = [
    ("/", 302),
    ("/en/no-such-page/", 404),
    ("/xx/", 404),
    ("/static/nothing.css", 404),
    ("/sitemap.xml", 200),
    ("/robots.txt", 200),
    ("/ar/?chosen=1", 303),
    ("/en/join", 301),
]


@pytest.mark.parametrize(("path", "status"), OTHER_RESPONSES, ids=[p for p, _ in OTHER_RESPONSES])
def test_every_other_response_has_the_headers(nginx_url, path, status):
    got, headers, _ = fetch(nginx_url, path)
    assert got == status
    assert missing_security_headers(headers) == {}
    if 300 <= got < 400:
        assert location_problem(headers["Location"]) is None


def test_static_files_have_the_headers(nginx_url, frozen_site):
    files = [p for p in (frozen_site / "static").rglob("*") if p.is_file() and p.suffix != ".gz"]
    assert files
    for file in files:
        status, headers, _ = fetch(nginx_url, "/" + str(file.relative_to(frozen_site)))
        assert status == 200, file
        assert missing_security_headers(headers) == {}, file


def test_the_language_cookie_flags(nginx_url):
    _, headers, _ = fetch(nginx_url, "/tr/stories/?chosen=1")
    attributes = [part.strip() for part in headers["Set-Cookie"].split(";")]
    assert attributes[0] == "hikaya_lang=tr"
    assert "HttpOnly" in attributes and "SameSite=Lax" in attributes
    assert "Secure" not in attributes


@pytest.mark.parametrize("target", TRAVERSALS, ids=[t.decode() for t in TRAVERSALS])
def test_traversal_finds_nothing_outside_the_site(nginx_url, target):
    status, response = raw_request(
        nginx_url, b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % target
    )
    assert status in (400, 404), response[:200]
    assert not any(leak in response for leak in LEAKED)


CLOSE = b"Connection: close\r\n\r\n"


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /en/" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n" + CLOSE,
        b"GET /en/ HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70_000 + b"\r\n" + CLOSE,
        b"GET /en/ HTTP/1.1\r\nHost: x\r\nCookie: " + b"a" * 20_000 + b"\r\n" + CLOSE,
    ],
    ids=["70 KB URL", "70 KB header", "20 KB cookie"],
)
def test_oversized_requests_get_a_4xx(nginx_url, request_bytes):
    status, _ = raw_request(nginx_url, request_bytes)
    assert 400 <= status < 500
    assert fetch(nginx_url, "/en/")[0] == 200
