"""Every response carries the security headers, the web servers' own refusals
included: nginx's (a request it cannot parse, a method it does not serve, a
body or URL too large, a chunked body), gunicorn's own (through nginx, which
supplies the headers gunicorn's error responses lack), and with the app
stopped, nginx's 502. Each with the status the fault deserves and no
server banner."""

from __future__ import annotations

import pytest

from .conftest import exchange, parse, request
from .test_install import headers_missing

CLOSE = b"Connection: close\r\n\r\n"
HOST = b"Host: syria.example.org\r\n"

NGINX_OWN = [
    pytest.param(b"\x00\xff garbage\r\n\r\n", (400,), id="binary request line"),
    pytest.param(b"GET /en/ HTTP/9.9\r\n" + HOST + CLOSE, (505,), id="HTTP/9.9"),
    pytest.param(b"GET /en/ HTTP/1.1\r\n" + CLOSE, (400,), id="HTTP/1.1 without Host"),
    pytest.param(b"TRACE /en/ HTTP/1.1\r\n" + HOST + CLOSE, (405,), id="TRACE"),
    pytest.param(b"GET /en/" + b"a" * 70_000 + b" HTTP/1.1\r\n" + HOST + CLOSE, (414,),
                 id="70 KB URL"),
    pytest.param(b"GET /en/ HTTP/1.1\r\n" + HOST + b"X-Big: " + b"a" * 70_000 + b"\r\n" + CLOSE,
                 (400, 494), id="70 KB header"),
    pytest.param(b"POST /en/ HTTP/1.1\r\n" + HOST + b"Content-Length: 5000\r\n" + CLOSE
                 + b"a" * 5000, (413,), id="5 KB body"),
    pytest.param(b"GET /en/ HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n" + CLOSE
                 + b"5\r\nhello\r\n0\r\n\r\n", (413,), id="chunked GET"),
    pytest.param(b"HEAD /en/ HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n" + CLOSE
                 + b"400\r\n" + b"a" * 1024 + b"\r\n" * 2000, (413,), id="chunked HEAD"),
    pytest.param(b"GET /en/ HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: gzip\r\n" + CLOSE,
                 (413, 501), id="unknown transfer coding"),
    pytest.param(b"GET /en/ HTTP/1.1\r\n" + HOST + b"Content-Length: -1\r\n" + CLOSE, (400,),
                 id="negative length"),
]


@pytest.mark.parametrize(("data", "statuses"), NGINX_OWN)
@pytest.mark.parametrize("site", ["upstream_site", "frozen_site"], ids=["upstream", "frozen"])
def test_nginx_refusals_carry_the_headers(request, site, data, statuses):
    installed = request.getfixturevalue(site)
    status, headers, body = parse(exchange(installed.port, data, tls=installed.tls))
    assert status in statuses, (status, body[:200])
    assert headers_missing(headers, https=installed.tls) == {}
    assert "/" not in headers.get("server", "") and b"nginx/" not in body, "no version banner"


def test_gunicorns_own_refusals_get_the_headers_from_nginx(upstream_site):
    """60 header lines pass nginx; gunicorn.conf.py allows 50 and answers
    itself, with a bare error page nginx completes."""
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(60))
    status, headers, _ = parse(exchange(
        upstream_site.port, b"GET /en/ HTTP/1.1\r\n" + HOST + many + CLOSE, tls=True))
    assert 400 <= status < 500
    assert headers_missing(headers, https=True) == {}


def test_the_app_unreachable_is_a_502_with_the_headers(tmp_path):
    from app import create_app
    from app.delivery.nginx import site_conf_for
    from harness.nginx import free_port, run_nginx

    app = create_app({"TESTING": True})
    nowhere = f"http://127.0.0.1:{free_port()}"
    with run_nginx(lambda listen: site_conf_for(
            app, upstream=nowhere, listen=listen, error_log=tmp_path / "error.log")) as nginx:
        status, headers, body = parse(exchange(nginx.port, request("GET", "/en/"), tls=False))
    assert status == 502
    assert headers_missing(headers, https=False) == {}
    assert headers["cache-control"] == "no-store"
    assert body == b"This request could not be answered.\n"


def test_the_apps_own_answers_pass_through_with_the_headers(upstream_site):
    for path, wanted in (("/en/no-such-page/", 404), ("/", 302), ("/sitemap.xml", 200)):
        status, headers, _ = parse(exchange(upstream_site.port, request("GET", path), tls=True))
        assert status == wanted
        assert headers_missing(headers, https=True) == {}
        assert headers["content-security-policy"].count("default-src") == 1
