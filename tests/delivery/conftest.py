"""Fixtures for the delivery tests: one freeze of the real app per session
(through the real `flask freeze` command), and nginx serving it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from harness.nginx import Nginx, serve_frozen

from ..support import make_app


@dataclass(frozen=True)
class Frozen:
    site: Path
    zip: Path
    output: str  # what the command printed


@pytest.fixture(scope="session")
def delivery_app() -> Flask:
    return make_app()


@pytest.fixture(scope="session")
def frozen(tmp_path_factory, delivery_app) -> Frozen:
    out = tmp_path_factory.mktemp("freeze")
    site, bundle = out / "site", out / "offline.zip"
    result = delivery_app.test_cli_runner().invoke(
        args=["freeze", "--out", str(site), "--zip", str(bundle)]
    )
    assert result.exit_code == 0, result.output + repr(result.exception)
    return Frozen(site, bundle, result.output)


# The public origin the PDFs link to (canonical URLs name it too).
PDF_SITE = "https://syria.example.org"


@pytest.fixture(scope="session")
def frozen_pdf(tmp_path_factory) -> Frozen:
    """One freeze with every page printed to PDF (Debian's Chromium), and an
    offline bundle that carries them: `flask freeze --pdf --zip-pdf`."""
    app = make_app(SITE_URL=PDF_SITE)
    out = tmp_path_factory.mktemp("freeze-pdf")
    site, bundle = out / "site", out / "offline.zip"
    result = app.test_cli_runner().invoke(
        args=["freeze", "--out", str(site), "--zip", str(bundle), "--pdf", "--zip-pdf"]
    )
    assert result.exit_code == 0, result.output + repr(result.exception)
    return Frozen(site, bundle, result.output)


@pytest.fixture(scope="session")
def nginx(frozen, delivery_app) -> Nginx:
    with serve_frozen(delivery_app, frozen.site) as server:
        yield server
