"""Servers and a browser shared by the hardening tests, each started once per
session: the app under Werkzeug's server and under gunicorn (as it is
deployed), and one Chromium that records every network request."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
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


def raw_request(base_url: str, data: bytes, timeout: float = 10) -> tuple[int, bytes]:
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
        except ConnectionResetError:
            pass
    response = b"".join(chunks)
    status_line = response.split(b"\r\n", 1)[0].split()
    status = int(status_line[1]) if len(status_line) > 1 and status_line[1].isdigit() else 0
    return status, response


def missing_security_headers(headers) -> dict[str, tuple[str | None, str]]:
    """{name: (got, wanted)} for every promised header absent or different."""
    return {
        name: (headers.get(name), value)
        for name, value in SECURITY_HEADERS.items()
        if headers.get(name) != value
    }
