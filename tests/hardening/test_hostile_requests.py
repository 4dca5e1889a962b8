"""Hostile requests, in process: whatever the path, query, languages, cookie or
Host header, the answer is never a 5xx, never a redirect off the site, never
a cookie the reader did not choose, and always carries the headers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Response

from ..support import LOCALES, make_app, stories
from .hostile import (
    EVIL_HOST,
    HOSTILE,
    accept_languages,
    answer_problems,
    cookies,
    hosts,
    location_problem,
    raw_paths,
    raw_queries,
    wsgi_path,
)

ROOT_STATIC = [Path(__file__).resolve().parents[2] / part / "static" for part in (".", "app")]


@pytest.fixture(scope="module")
def hostile_client():
    # TESTING: an exception inside the app fails the example with its traceback.
    return make_app()


def send(app, raw_path: str, query: str = "", headers: dict | None = None) -> Response:
    """Build the environ a server would from the raw request target and call
    the app with it directly: the test client would tidy the URL and the Host
    header first, hiding what the app really receives."""
    environ = EnvironBuilder(headers=headers or {}).get_environ()
    target = raw_path + (f"?{query}" if query else "")
    environ.update(
        PATH_INFO=wsgi_path(raw_path),
        QUERY_STRING=query,
        REQUEST_URI=target,
        RAW_URI=target,
    )
    app_iter, status, response_headers = run_wsgi_app(app, environ, buffered=True)
    return Response(b"".join(app_iter), status, response_headers)


@HOSTILE
@given(
    path=raw_paths(),
    query=raw_queries(),
    accept_language=st.none() | accept_languages,
    cookie=st.none() | cookies,
    host=hosts,
)
def test_any_request_gets_a_safe_answer(hostile_client, path, query, accept_language, cookie,
                                        host):
    headers = {"Host": host}
    if accept_language is not None:
        headers["Accept-Language"] = accept_language
    if cookie is not None:
        headers["Cookie"] = cookie
    response = send(hostile_client, path, query, headers)
    assert answer_problems(response.status_code, response.headers, response.data, query) == []


@HOSTILE
@given(
    lang=st.sampled_from([*LOCALES, "xx", "AR"]),
    rest=st.sampled_from(
        ["", "programs/syria/", "stories/", "join/", "join", "stories/nobody/",
         *(f"stories/{s.slug}/" for s in stories()), "//" + EVIL_HOST, "\\" + EVIL_HOST]
    ),
    query=raw_queries(),
    host=hosts,
)
def test_a_language_choice_on_any_path_stays_on_the_site(hostile_client, lang, rest, query, host):
    query = "chosen=1" + (f"&{query}" if query else "")
    response = send(hostile_client, f"/{lang}/{rest}", query, {"Host": host})
    assert answer_problems(response.status_code, response.headers, response.data, query) == []
    if response.status_code == 303:
        assert response.headers["Location"].startswith(f"/{lang}/")


@pytest.mark.parametrize(
    "raw_path",
    [
        "//" + EVIL_HOST,
        "//" + EVIL_HOST + "/",
        "//" + EVIL_HOST + "/en/join",
        "/\\" + EVIL_HOST,
        "/\\" + EVIL_HOST + "/en/join",
        "/%2F%2F" + EVIL_HOST,
        "/%2F%2F" + EVIL_HOST + "/",
        "/%2f%2f" + EVIL_HOST + "/en/join",
        "/%5C" + EVIL_HOST,
        "/%5C%5C" + EVIL_HOST + "/",
        "/%09/" + EVIL_HOST,
        "/%0a/" + EVIL_HOST + "/",
        "/http://" + EVIL_HOST,
        "/https:%2F%2F" + EVIL_HOST + "/",
        "/en/join%2F%2F" + EVIL_HOST,
        "/en//" + EVIL_HOST,
        "/en/\\" + EVIL_HOST,
        "///" + EVIL_HOST + "/en/join",
        "/" + EVIL_HOST,
        "/@" + EVIL_HOST,
    ],
)
@pytest.mark.parametrize("host", ["localhost", EVIL_HOST, "localhost@" + EVIL_HOST])
@pytest.mark.parametrize("query", ["", "chosen=1", "next=//" + EVIL_HOST])
def test_known_open_redirect_tricks(hostile_client, raw_path, host, query):
    response = send(hostile_client, raw_path, query, {"Host": host})
    assert answer_problems(response.status_code, response.headers, response.data, query) == []


@pytest.mark.parametrize("host", [EVIL_HOST, "localhost@" + EVIL_HOST, EVIL_HOST + ":8080"])
def test_host_header_never_becomes_a_redirect_target(hostile_client, host):
    """Werkzeug builds the trailing-slash redirect from the Host header; the
    app sends a path instead, so a forged Host cannot steer the reader."""
    response = send(hostile_client, "/en/join", "", {"Host": host})
    assert response.status_code == 308
    assert response.headers["Location"] == "/en/join/"


def test_a_cookie_holding_a_url_is_ignored(hostile_client):
    for value in ("//" + EVIL_HOST, "https://" + EVIL_HOST + "/", "/\\" + EVIL_HOST):
        response = send(hostile_client, "/", "", {"Cookie": f"hikaya_lang={value}"})
        assert response.status_code == 302
        assert response.headers["Location"] == "/en/"


def test_location_checker_catches_each_escape():
    for bad in ("//evil.example", "/\\evil.example", "\\\\evil", "https://evil.example/",
                "/\t/evil.example", "evil.example", "/ok\\..\\x"):
        assert location_problem(bad), bad
    assert location_problem("/ar/stories/") is None


# --- /static: nothing outside the folder, ever ------------------------------

TRAVERSALS = [
    "/static/../app/config.py",
    "/static/../../etc/passwd",
    "/static/css/../../app/config.py",
    "/static/%2e%2e/app/config.py",
    "/static/%2E%2E/%2E%2E/etc/passwd",
    "/static/..%2fapp%2fconfig.py",
    "/static/%2e%2e%2fapp%2fconfig.py",
    "/static/..%5capp%5cconfig.py",
    "/static/..\\app\\config.py",
    "/static/%252e%252e/app/config.py",
    "/static/%c0%ae%c0%ae/app/config.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/css/site.css%00.py",
    "/static/css%00/site.css",
    "/static/../README.md",
    "/static/./../pyproject.toml",
]


@pytest.mark.parametrize("raw_path", TRAVERSALS)
def test_static_traversal_is_a_404(hostile_client, raw_path):
    response = send(hostile_client, raw_path)
    assert response.status_code == 404
    assert b"[project]" not in response.data and b"SECRET_KEY" not in response.data


def static_files() -> dict[bytes, str]:
    return {path.read_bytes(): str(path)
            for folder in ROOT_STATIC for path in folder.rglob("*") if path.is_file()}


@HOSTILE
@given(path=raw_paths(prefix="/static/"))
def test_static_serves_only_files_inside_the_folder(hostile_client, path):
    response = send(hostile_client, path)
    assert response.status_code < 500
    if response.status_code == 200:
        assert response.data in static_files(), path
    if ".." in wsgi_path(path).replace("\\", "/").split("/"):
        assert response.status_code == 404, path
