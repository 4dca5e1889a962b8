"""The frozen site under nginx (Debian's, on a loopback port) behaves like the
app for a reader: same pages byte for byte, same types and charset, same
security headers, the same language at "/", localized 404s, and caching that
lets a phone keep what it already has.

URLs are identical in the freeze and the app (both name /ar/join/, and the
same fingerprinted /static/ files), so pages are compared as they are,
with nothing normalized."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from app.delivery.nginx import DEFAULT_LISTEN, DEFAULT_ROOT, site_conf_for
from app.delivery.security import SECURITY_HEADERS

from ..support import PAGE_PARAMS, fetch, soup

ROOT = Path(__file__).resolve().parents[2]


def get(nginx, path: str, headers: dict | None = None):
    return fetch(nginx.base_url, path, headers)


def assert_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        assert response.getheader(name) == value, name


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_every_page_is_served_as_the_app_renders_it(nginx, delivery_app, frozen, lang, path):
    if not (frozen.site / path.lstrip("/") / "index.html").exists():
        # Not yet published in this language, so not in the static site.
        assert lang != "en", "every page is published in English"
        assert get(nginx, path).status == 404
        return
    dynamic = delivery_app.test_client().get(path).get_data()
    plain = get(nginx, path)
    assert plain.status == 200
    assert plain.getheader("Content-Type") == "text/html; charset=utf-8"
    assert plain.body == dynamic
    compressed = get(nginx, path, {"Accept-Encoding": "gzip"})
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(compressed.body) == dynamic
    assert_security_headers(plain)


def test_pages_are_revalidated_with_etag(nginx):
    first = get(nginx, "/ar/stories/", {"Accept-Encoding": "gzip"})
    assert first.getheader("Cache-Control") == "no-cache"
    etag = first.getheader("ETag")
    again = get(nginx, "/ar/stories/", {"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    assert_security_headers(again)


def test_static_files_match_the_app_and_are_immutable(nginx, delivery_app):
    client = delivery_app.test_client()
    doc = soup(client.get("/en/"))
    urls = {tag.get("href") or tag.get("src") for tag in doc.select("link[rel~=stylesheet], img")}
    for url in urls:
        response = get(nginx, url)
        assert response.status == 200, url
        assert response.body == client.get(url).get_data()
        assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
        assert response.getheader("Content-Type") == client.get(url).content_type
        assert_security_headers(response)


def test_sitemap_matches_the_app(nginx, delivery_app):
    dynamic = delivery_app.test_client().get("/sitemap.xml")
    response = get(nginx, "/sitemap.xml")
    assert response.status == 200
    assert response.getheader("Content-Type") == dynamic.content_type
    assert response.body == dynamic.get_data()


def test_robots_txt_matches_the_app(nginx, delivery_app):
    dynamic = delivery_app.test_client().get("/robots.txt")
    response = get(nginx, "/robots.txt")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert response.getheader("Content-Type") == dynamic.content_type
    assert response.body == dynamic.get_data()
    assert_security_headers(response)
    assert get(nginx, "/robots.txt/").status == 404


@pytest.mark.parametrize(
    ("path", "accept_language"),
    [
        ("/ar/no-such-page/", ""),
        ("/tr/stories/nobody/", "ar"),
        ("/xx/no-such-page/", "ar-SY,ar;q=0.9"),
        ("/nothing/here", "tr-TR,tr;q=0.9,en;q=0.5"),
        ("/static/css/site.0000000000.css", ""),
        # A folder with no page: a reader who trimmed /ar/programs/syria/.
        ("/ar/programs/", "tr"),
    ],
)
def test_missing_pages_get_the_apps_localized_404(nginx, delivery_app, path, accept_language):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    dynamic = delivery_app.test_client().get(path, headers=headers)
    response = get(nginx, path, headers)
    assert response.status == dynamic.status_code == 404
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.body == dynamic.get_data()
    assert_security_headers(response)


@pytest.mark.parametrize("path", ["/ar/no-such-page/", "/nothing/here", "/robots.txt/"])
def test_missing_pages_are_sent_gzipped_like_the_app(nginx, delivery_app, path):
    headers = {"Accept-Encoding": "gzip", "Accept-Language": "tr"}
    dynamic = delivery_app.test_client().get(path, headers={"Accept-Language": "tr"})
    response = get(nginx, path, headers)
    assert response.status == 404
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(response.body) == dynamic.get_data()
    vary = {v.strip() for v in ",".join(response.headers.get_all("Vary")).split(",")}
    assert vary == {"Accept-Language", "Cookie", "Accept-Encoding"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Accept-Language": "ar-SY,ar;q=0.9,en;q=0.8"},
        {"Accept-Language": "TR"},
        {"Accept-Language": "de-DE,de;q=0.9,tr;q=0.8,en;q=0.7"},
        {"Accept-Language": "fr-FR,fr;q=0.9"},
        {"Accept-Language": "en-GB,en;q=0.9,ar;q=0.8"},
        {"Accept-Language": "tr", "Cookie": "hikaya_lang=ar"},
        {"Accept-Language": "tr", "Cookie": "hikaya_lang=xx"},
        # q=0 is "not this one".
        {"Accept-Language": "ar;q=0, tr"},
        {"Accept-Language": "AR-SY; Q=0.000, en"},
        {"Accept-Language": "ar;x=1;q=0,tr;q=0.5"},
        {"Accept-Language": "ar;q=0.001, fr"},
        # Only the first 16 entries count, in both.
        {"Accept-Language": ",".join(["fr"] * 15 + ["tr"])},
        {"Accept-Language": ",".join(["fr"] * 16 + ["tr"])},
        {"Accept-Language": ", ".join(f"x{i};q=0.5" for i in range(650)) + ", ar"},
    ],
    ids=lambda headers: ("|".join(headers.values()) or "no-headers")[:60],
)
def test_root_sends_the_reader_where_the_app_would(nginx, delivery_app, headers):
    client = delivery_app.test_client()
    if "Cookie" in headers:  # the test client sends its own cookie jar, not the header
        name, _, value = headers["Cookie"].partition("=")
        client.set_cookie(name, value)
    dynamic = client.get("/", headers={k: v for k, v in headers.items() if k != "Cookie"})
    response = get(nginx, "/", headers)
    assert response.status == 302
    assert response.getheader("Location") == dynamic.headers["Location"]
    assert {"Accept-Language", "Cookie"} <= {
        v.strip() for v in response.getheader("Vary").split(",")
    }
    assert response.getheader("Cache-Control") == dynamic.headers["Cache-Control"]
    assert_security_headers(response)


def test_switcher_choice_sets_the_cookie_like_the_app(nginx, delivery_app):
    path = "/ar/programs/syria/?chosen=1"
    dynamic = delivery_app.test_client().get(path)
    response = get(nginx, path)
    assert response.status == dynamic.status_code == 303
    assert response.getheader("Location") == dynamic.headers["Location"] == "/ar/programs/syria/"
    cookie = response.getheader("Set-Cookie")
    assert cookie.startswith("hikaya_lang=ar;")
    for flag in ("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"):
        assert flag in cookie
    assert "Secure" not in cookie, "plain HTTP here; Secure is added under HTTPS"
    assert response.getheader("Cache-Control") == dynamic.headers["Cache-Control"]
    assert response.getheader("Strict-Transport-Security") is None, "HSTS only under HTTPS"
    assert_security_headers(response)
    back = get(nginx, "/", {"Cookie": "hikaya_lang=ar", "Accept-Language": "tr"})
    assert back.getheader("Location") == "/ar/"


@pytest.mark.parametrize(
    ("fetch_site", "remembered"),
    [(None, True), ("same-origin", True), ("none", True),
     ("cross-site", False), ("same-site", False), ("nonsense", False)],
)
def test_only_a_choice_made_on_the_site_sets_the_cookie(nginx, delivery_app, fetch_site,
                                                       remembered):
    headers = {"Sec-Fetch-Site": fetch_site} if fetch_site else {}
    dynamic = delivery_app.test_client().get("/tr/join/?chosen=1", headers=headers)
    response = get(nginx, "/tr/join/?chosen=1", headers)
    assert response.status == dynamic.status_code == 303
    assert response.getheader("Location") == dynamic.headers["Location"] == "/tr/join/"
    assert (response.getheader("Set-Cookie") is not None) is remembered
    assert ("Set-Cookie" in dynamic.headers) is remembered
    assert_security_headers(response)


@pytest.mark.parametrize(
    "path", ["/ar/%0d%0aSet-Cookie:%20x=1?chosen=1", "//evil.example/ar/?chosen=1",
             "/ar/../../etc/passwd?chosen=1"]
)
def test_switcher_redirect_cannot_be_bent(nginx, path):
    response = get(nginx, path)
    location = response.getheader("Location") or ""
    assert "\n" not in location and "\r" not in location
    for cookie in response.headers.get_all("Set-Cookie") or []:
        assert cookie.startswith("hikaya_lang=")
    assert not location.startswith("//") and "evil" not in location
    assert response.status < 500


@pytest.mark.parametrize(
    ("file", "args"),
    [("nginx-site.conf", []), ("nginx-upstream.conf", ["--upstream", "http://127.0.0.1:8000"])],
)
def test_committed_config_is_what_the_app_generates(delivery_app, file, args):
    result = delivery_app.test_cli_runner().invoke(args=["nginx-config", *args])
    assert result.exit_code == 0, result.output
    assert (ROOT / "deploy" / file).read_text() == result.output, (
        f"deploy/{file} is stale: run `make nginx-config`"
    )


def test_generated_config_matches_the_defaults(delivery_app):
    assert site_conf_for(delivery_app, DEFAULT_ROOT, listen=DEFAULT_LISTEN) == (
        ROOT / "deploy" / "nginx-site.conf").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--upstream", "http://127.0.0.1:8000;evil"], "not a valid upstream URL"),
        (["--server-name", "x; include /etc/shadow"], "not a valid server name"),
        (["--listen", "80; evil"], "not a valid listen address"),
        (["--root", '/srv/"x'], "cannot put"),
        (["--upstream", "http://127.0.0.1:8000", "--root", "/srv"], "not both"),
        (["--tls-certificate", "/c.pem"], "both a certificate and its key"),
        (["--tls-certificate", "/c.pem", "--tls-key", "/k.pem"], "needs --server-name"),
    ],
)
def test_nginx_config_refuses_what_would_break_or_bend_the_file(delivery_app, args, message):
    result = delivery_app.test_cli_runner().invoke(args=["nginx-config", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
