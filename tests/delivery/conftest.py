"""Fixtures for the delivery tests: nginx serving the session's freeze
(tests/conftest.py), and a freeze printed to PDF."""

from __future__ import annotations

import pytest
from flask import Flask

from harness.nginx import Nginx, serve_frozen

from ..support import Frozen, freeze, make_app, shared_app


@pytest.fixture(scope="session")
def delivery_app() -> Flask:
    return shared_app()


# The public origin the PDFs link to (canonical URLs name it too).
PDF_SITE = "https://syria.example.org"


@pytest.fixture(scope="session")
def frozen_pdf(tmp_path_factory) -> Frozen:
    """One freeze with every page printed to PDF (Debian's Chromium), and an
    offline bundle that carries them: `flask freeze --pdf --zip-pdf`."""
    return freeze(make_app(SITE_URL=PDF_SITE), tmp_path_factory.mktemp("freeze-pdf"),
                  "--pdf", "--zip-pdf")


@pytest.fixture(scope="session")
def nginx(frozen, delivery_app) -> Nginx:
    with serve_frozen(delivery_app, frozen.site) as server:
        yield server
