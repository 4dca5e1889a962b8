"""The promised headers on every kind of response, and pages that a strict
Content-Security-Policy cannot break: no inline script or style anywhere."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import url_for

from app.delivery.security import HTTPS_HEADERS, SECURITY_HEADERS

from ..support import (
    LOCALES,
    PAGE_PARAMS,
    inline_code,
    missing_security_headers,
    page_paths,
    stories,
)


def test_policy_allows_nothing_inline_nor_from_elsewhere():
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    # 'self', not 'none': with no script allowed, nothing on a page can open
    # a connection, and 'self' names no other host; it lets audit tools that
    # fetch from the page (Lighthouse's robots.txt check) read this origin.
    assert directives["connect-src"] == "'self'"
    # Only this site's own origin, never another host, a scheme or a wildcard.
    for directive, sources in directives.items():
        for source in sources.split():
            assert source in ("'self'", "'none'"), (directive, source)
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"
    assert SECURITY_HEADERS["Referrer-Policy"] == "no-referrer"
    for feature in ("camera", "microphone", "geolocation", "interest-cohort"):
        assert f"{feature}=()" in SECURITY_HEADERS["Permissions-Policy"]


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_every_page_has_the_headers(client, lang, path):
    response = client.get(path)
    assert response.status_code == 200
    assert missing_security_headers(response.headers) == {}
    assert "Strict-Transport-Security" not in response.headers, "HSTS is for HTTPS only"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_every_page_has_hsts_under_https(app, lang, path):
    response = app.test_client().get(path, base_url="https://localhost")
    assert response.status_code == 200
    assert missing_security_headers(response.headers) == {}
    for name, value in HTTPS_HEADERS.items():
        assert response.headers[name] == value


# Every kind of response that is not a page: error pages, each redirect, the
# refusals of absurd requests, static files and the sitemap.
OTHER_RESPONSES = [
    pytest.param("GET", "/en/no-such-page/", {}, 404, id="404 in a language"),
    pytest.param("GET", "/xx/", {}, 404, id="404 unknown language"),
    pytest.param("GET", "/static/nothing.css", {}, 404, id="404 static"),
    pytest.param("GET", "/", {}, 302, id="root redirect"),
    pytest.param("GET", "/en/join", {}, 308, id="trailing-slash redirect"),
    pytest.param("GET", "/tr/join/?chosen=1", {}, 303, id="language choice"),
    pytest.param("POST", "/en/", {}, 405, id="405"),
    pytest.param("HEAD", "/ar/", {}, 200, id="HEAD"),
    pytest.param("OPTIONS", "/ar/", {}, 200, id="OPTIONS"),
    pytest.param("GET", "/en/" + "a" * 3000, {}, 414, id="414"),
    pytest.param("GET", "/en/", {"X-Big": "a" * 9000}, 431, id="431"),
    pytest.param("GET", "/sitemap.xml", {}, 200, id="sitemap"),
    pytest.param("GET", "/robots.txt", {}, 200, id="robots.txt"),
]


@pytest.mark.parametrize(("method", "path", "headers", "status"), OTHER_RESPONSES)
def test_every_other_response_has_the_headers(client, method, path, headers, status):
    response = client.open(path, method=method, headers=headers)
    assert response.status_code == status
    assert missing_security_headers(response.headers) == {}


def test_stylesheet_has_the_headers(client):
    page = BeautifulSoup(client.get("/en/").get_data(as_text=True), "html.parser")
    href = page.find("link", rel="stylesheet")["href"]
    response = client.get(href)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert missing_security_headers(response.headers) == {}


@pytest.mark.parametrize(
    ("path", "query"),
    [("/", ""), ("/ar/?chosen=1", "")],
    ids=["root redirect", "language choice"],
)
def test_personal_responses_are_never_kept_by_shared_caches(client, path, query):
    """The / redirect depends on the reader's cookie and languages, and the
    choice sets a cookie: a shared cache must not hand either to someone else."""
    response = client.get(path, headers={"Accept-Language": "ar"})
    cache_control = response.headers["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_language_cookie_flags_over_http(client):
    cookie = client.get("/ar/stories/?chosen=1").headers["Set-Cookie"]
    attributes = [part.strip() for part in cookie.split(";")]
    assert attributes[0] == "hikaya_lang=ar"
    assert "HttpOnly" in attributes and "SameSite=Lax" in attributes and "Path=/" in attributes
    assert "Secure" not in attributes, "a Secure cookie would never come back over plain HTTP"


def test_language_cookie_is_secure_under_https(app):
    response = app.test_client().get("/tr/?chosen=1", base_url="https://localhost")
    attributes = [part.strip() for part in response.headers["Set-Cookie"].split(";")]
    assert attributes[0] == "hikaya_lang=tr"
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= set(attributes)


def test_inline_code_detector_sees_each_kind():
    for html in (
        "<p style='color:red'>x</p>",
        "<style>p{}</style>",
        "<script>1</script>",
        '<a href="#" onclick="x()">x</a>',
        '<svg><rect onload="x()"/></svg>',
        '<a href="javascript:x()">x</a>',
    ):
        assert inline_code(html), html
    assert inline_code('<p class="on">stone</p>') == []


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_no_inline_script_or_style_on_any_page(client, lang, path):
    assert inline_code(client.get(path).get_data(as_text=True)) == []


@pytest.mark.parametrize("lang", LOCALES)
def test_no_inline_script_or_style_on_the_404_page(client, lang):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    assert inline_code(response.get_data(as_text=True)) == []


def test_illustrations_have_the_headers_and_no_inline_code(client, app):
    """An SVG opened on its own is a document too; the policy covers it."""
    names = {"img/logo.svg", "img/favicon.svg",
             *(f"img/{s.illustration.file}" for s in stories(app))}
    for name in sorted(names):
        with app.test_request_context():
            url = url_for("static", filename=name)
        response = client.get(url)
        assert missing_security_headers(response.headers) == {}
        assert response.status_code == 200, name
        assert inline_code(response.get_data(as_text=True)) == [], name


def test_every_page_is_covered(app):
    """PAGE_PARAMS walks the site's page list in every locale it is
    published in: every page in English, and in every other language the
    pages published there."""
    walked = [tuple(param.values) for param in PAGE_PARAMS]
    expected = [(lang, path) for lang in LOCALES
                for path in page_paths(app, lang, published_only=True)]
    assert walked == expected
    english = app.config["DEFAULT_LOCALE"]
    assert [p for lang, p in walked if lang == english] == page_paths(app, english) != []


@pytest.mark.parametrize(
    ("fetch_site", "remembered"),
    [(None, True), ("same-origin", True), ("none", True),
     ("cross-site", False), ("same-site", False), ("nonsense", False)],
)
def test_only_a_choice_made_on_this_site_sets_the_cookie(app, fetch_site, remembered):
    """A link on another site carrying ?chosen=1 is not the reader's choice."""
    headers = {"Sec-Fetch-Site": fetch_site} if fetch_site else {}
    response = app.test_client().get("/ar/stories/?chosen=1", headers=headers)
    assert response.status_code == 303
    assert response.headers["Location"] == "/ar/stories/"
    assert ("Set-Cookie" in response.headers) is remembered
