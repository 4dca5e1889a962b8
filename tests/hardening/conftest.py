"""Servers and a browser shared by the hardening tests, each started once per
session: the app under Werkzeug's server and under gunicorn (as it is
deployed), and one Chromium that records every network request."""

from __future__ import annotations

import http.client
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from app import create_app
from app.browser import start_chromium
from app.liveserver import serve
from app.security import SECURITY_HEADERS
from bench.load import gunicorn_server

from ..conftest import LOCALES


def production_app() -> Flask:
    """Built as it is served: not TESTING, so errors are handled, not raised."""
    return create_app({"LOCALES": LOCALES})


@pytest.fixture(scope="session")
def live_url() -> Iterator[str]:
    with serve(production_app()) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def gunicorn_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"


@pytest.fixture(scope="session")
def gunicorn_url(gunicorn_log) -> Iterator[str]:
    with gunicorn_server(gunicorn_log) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    driver = start_chromium(1024, 768, performance_log=True)
    try:
        yield driver
    finally:
        driver.quit()


def raw_request(base_url: str, data: bytes, timeout: float = 5) -> tuple[int, bytes]:
    """Send bytes as they are (no client tidies them up) and return the status
    code and the raw response. 0 means the server answered nothing at all."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server refused mid-request; its answer may still be there
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if _complete(b"".join(chunks)):
                    break
        except ConnectionResetError:
            pass
        except TimeoutError:
            # Werkzeug's server answers a refused upload, then waits on the
            # unread body instead of closing; the answer is what counts.
            if not chunks:
                raise
    response = b"".join(chunks)
    status_line = response.split(b"\r\n", 1)[0].split()
    status = int(status_line[1]) if len(status_line) > 1 and status_line[1].isdigit() else 0
    return status, response


def _complete(response: bytes) -> bool:
    """A whole response has arrived: its head, and as much body as it said."""
    head, separator, body = response.partition(b"\r\n\r\n")
    if not separator:
        return False
    match = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
    return match is not None and len(body) >= int(match.group(1))


def missing_security_headers(headers) -> dict[str, tuple[str | None, str]]:
    """{name: (got, wanted)} for every promised header absent or different."""
    return {
        name: (headers.get(name), value)
        for name, value in SECURITY_HEADERS.items()
        if headers.get(name) != value
    }


# What a strict Content-Security-Policy would block, breaking the page.
EVENT_HANDLER = re.compile(r"^on[a-z]+$")


def inline_code(html: str) -> list[str]:
    doc = BeautifulSoup(html, "html.parser")
    found = [f"<{tag.name}>" for tag in doc.find_all(["script", "style"])]
    for tag in doc.find_all(True):
        for name, value in tag.attrs.items():
            if name == "style" or EVENT_HANDLER.match(name):
                found.append(f"<{tag.name} {name}=...>")
            text = " ".join(value) if isinstance(value, list) else str(value)
            if text.strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}=javascript:...>")
    # Belt and braces against markup the parser would not see as a tag.
    lowered = html.lower()
    found += [needle for needle in ("<script", "<style", " style=") if needle in lowered]
    return found


def fetch(base_url: str, path: str, headers: dict | None = None, method: str = "GET"):
    """One request with http.client, which sends the path exactly as given
    (no normalising of `..` or `//`); returns (status, headers, body)."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()
