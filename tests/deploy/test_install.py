"""The production recipes of docs/operators.md work on a stock Debian nginx: run on a copy
of Debian's /etc/nginx (default site included), the site -- not Debian's
default one -- answers, with its headers, over the ports the recipe names."""

from __future__ import annotations

import socket

import pytest

from app.delivery.security import HTTPS_HEADERS, SECURITY_HEADERS

from .conftest import SITE_NAME, SITE_URL, exchange, parse, request


def headers_missing(headers: dict[str, str], https: bool) -> dict:
    wanted = {**SECURITY_HEADERS, **(HTTPS_HEADERS if https else {})}
    return {name: headers.get(name.lower()) for name, value in wanted.items()
            if headers.get(name.lower()) != value}


@pytest.mark.parametrize("site", ["upstream_site", "frozen_site"])
def test_the_recipe_replaces_debians_default_site(request_fixture, site):
    installed = request_fixture(site)
    enabled = installed.nginx.etc / "sites-enabled"
    assert sorted(p.name for p in enabled.iterdir()) == ["hikaya"]
    assert (enabled / "hikaya").resolve() == installed.nginx.etc / "sites-available" / "hikaya"
    with pytest.raises(OSError):  # nothing answers where Debian's default site was
        socket.create_connection(("127.0.0.1", installed.nginx.default_port), timeout=1).close()
    # Any Host reaches this site, never Debian's welcome page.
    for host in (SITE_NAME, "127.0.0.1", "other.example"):
        status, headers, body = parse(exchange(
            installed.port, request("GET", "/ar/", host=host), tls=installed.tls))
        assert b"Welcome to nginx" not in body
        assert headers_missing(headers, installed.tls) == {}, host
        assert status in (200, 400), (host, status)


@pytest.fixture
def request_fixture(request):
    return request.getfixturevalue


def test_the_app_is_served_over_https(upstream_site):
    status, headers, body = parse(exchange(upstream_site.port, request("GET", "/ar/stories/"),
                                           tls=True))
    assert status == 200
    assert headers_missing(headers, https=True) == {}
    assert headers["content-security-policy"].count("default-src") == 1, "sent once, not twice"
    assert '<html lang="ar" dir="rtl">' in body.decode()
    assert f'<link rel="canonical" href="{SITE_URL}/ar/stories/">' in body.decode()


def test_plain_http_only_redirects_to_the_sites_own_name(upstream_site):
    for host in (SITE_NAME, "evil.example"):
        status, headers, _ = parse(exchange(
            upstream_site.http_port, request("GET", "/ar/join/?x=1", host=host), tls=False))
        assert status == 301
        assert headers["location"] == f"{SITE_URL}/ar/join/?x=1"
        assert headers_missing(headers, https=False) == {}


def test_the_cookie_is_secure_behind_tls(upstream_site):
    status, headers, _ = parse(exchange(
        upstream_site.port, request("GET", "/tr/?chosen=1"), tls=True))
    assert status == 303
    assert "Secure" in [part.strip() for part in headers["set-cookie"].split(";")]


def test_a_forged_https_claim_over_http_is_not_believed(upstream_site):
    """nginx sets X-Forwarded-Proto itself; a client's X-Forwarded-Ssl is dropped."""
    status, headers, _ = parse(exchange(
        upstream_site.port,
        request("GET", "/en/", {"X-Forwarded-Proto": "http", "X-Forwarded-Ssl": "off"}),
        tls=True))
    assert status == 200
    assert headers["strict-transport-security"] == HTTPS_HEADERS["Strict-Transport-Security"]


def test_the_frozen_site_is_served(frozen_site):
    status, headers, body = parse(exchange(frozen_site.port, request("GET", "/ar/"), tls=False))
    assert status == 200
    assert '<html lang="ar" dir="rtl">' in body.decode()
    assert headers_missing(headers, https=False) == {}


def test_a_trimmed_url_gets_the_localized_404(frozen_site):
    """/ar/programs/ is a folder without a page: the Arabic 404, not nginx's 403."""
    status, headers, body = parse(exchange(
        frozen_site.port, request("GET", "/ar/programs/"), tls=False))
    assert status == 404
    assert '<html lang="ar" dir="rtl">' in body.decode()
    assert headers_missing(headers, https=False) == {}
