"""Fixtures shared by every test: an app built by the real factory on the
real catalogs, its test client and CLI runner, and a private copy of the
catalogs for tests that write translations. Helpers are in tests/support.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from app.config import ROOT

from .support import make_app


@pytest.fixture
def app() -> Flask:
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def current_translations(tmp_path_factory) -> Path:
    """The committed catalogs, merged with the strings the code has now (as a
    translator's checkout would be after `extract` and `update`)."""
    target = tmp_path_factory.mktemp("current") / "translations"
    shutil.copytree(ROOT / "translations", target, ignore=shutil.ignore_patterns("*.mo"))
    runner = make_app(TRANSLATIONS_DIR=str(target)).test_cli_runner()
    for command in (["translate", "extract"], ["translate", "update"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def translations(tmp_path, current_translations) -> Path:
    """A copy of the catalogs this test may write into."""
    target = tmp_path / "translations"
    shutil.copytree(current_translations, target)
    return target
