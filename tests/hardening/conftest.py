"""Servers and a browser shared by the hardening tests, each started once per
session: the app under Werkzeug's server and under gunicorn (as it is
deployed), its freeze under nginx, and one Chromium that records every
network request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from app.browser import serve, start_chromium
from harness.gunicorn import gunicorn_server
from harness.nginx import serve_frozen

from ..support import LOCALES, site_settings


@pytest.fixture(scope="session")
def production_app(deployed_site) -> Flask:
    """The fixture site built as it is served: not TESTING, so errors are
    handled, not raised, and catalogs read compiled."""
    return create_app({"LOCALES": LOCALES, **site_settings(deployed_site)})


@pytest.fixture(scope="session")
def live_url(production_app) -> Iterator[str]:
    with serve(production_app) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def gunicorn_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"


@pytest.fixture(scope="session")
def gunicorn_url(gunicorn_log) -> Iterator[str]:
    with gunicorn_server(gunicorn_log) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def frozen_site(frozen) -> Path:
    """The session's one freeze (tests/conftest.py)."""
    return frozen.site


@pytest.fixture(scope="session")
def nginx_url(production_app, frozen_site) -> Iterator[str]:
    """The frozen site under nginx with the configuration the app generates."""
    with serve_frozen(production_app, frozen_site) as nginx:
        yield nginx.base_url


@pytest.fixture(scope="session")
def browser():
    driver = start_chromium(1024, 768, performance_log=True)
    try:
        yield driver
    finally:
        driver.quit()
