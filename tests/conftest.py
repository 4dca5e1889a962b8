"""Fixtures shared by every test: an app built by the real factory on the
real catalogs, its test client and its CLI runner."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from app import create_app
from app.pages import all_pages

LOCALES = ["en", "ar", "tr"]


@pytest.fixture
def app() -> Flask:
    return create_app({"TESTING": True, "LOCALES": LOCALES})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def page_paths(app: Flask, lang: str) -> list[str]:
    """The path of every page in the site's page list, in one language."""
    with app.test_request_context():
        from flask import url_for

        return [url_for(page.endpoint, lang=lang, **page.values) for page in all_pages()]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _paths_for_params() -> list[tuple[str, str]]:
    app = create_app({"TESTING": True, "LOCALES": LOCALES})
    return [(lang, path) for lang in LOCALES for path in page_paths(app, lang)]


# Every page x locale, as pytest parameters named like "ar:/ar/stories/".
PAGE_PARAMS = [pytest.param(lang, path, id=f"{lang}:{path}") for lang, path in _paths_for_params()]
