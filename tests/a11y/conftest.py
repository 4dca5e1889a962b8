"""One browser run of the whole site and one of the canary pages per test
session, through `flask a11y` itself; the tests then read what it wrote."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.a11y.cli import a11y
from app.browser import serve

from ..support import make_app
from .canary_app import canary_app, canary_paths, type_paths


@dataclass
class CliRun:
    exit_code: int
    output: str
    out: Path
    results: list[dict]

    def found(self, path: str, rule: str, target: str) -> list[dict]:
        return [
            r
            for r in self.results
            if r["url"].endswith(path) and r["rule"] == rule and r["target"] == target
        ]


def invoke(app, args: list[str], out: Path) -> CliRun:
    result = app.test_cli_runner().invoke(a11y, args=[*args, "--out", str(out)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    results_file = out / "results.json"
    results = json.loads(results_file.read_text(encoding="utf-8")) if results_file.exists() else []
    return CliRun(result.exit_code, result.output, out, results)


@pytest.fixture(scope="session")
def site_app():
    return make_app()


@pytest.fixture(scope="session")
def site_run(site_app, tmp_path_factory) -> CliRun:
    """`flask a11y --screenshots` with no URL: every page x published locale x viewport."""
    return invoke(site_app, ["--screenshots"], tmp_path_factory.mktemp("a11y-site"))


@pytest.fixture(scope="session")
def freeze_run(tmp_path_factory) -> CliRun:
    """`flask a11y --freeze DIR` over a fresh freeze of the site, under nginx."""
    from app.delivery.freeze import freeze_site

    app = make_app()
    site = tmp_path_factory.mktemp("a11y-freeze") / "site"
    freeze_site(app, site)
    return invoke(
        app, ["--freeze", str(site), "--screenshots"], tmp_path_factory.mktemp("a11y-freeze-out")
    )


@pytest.fixture(scope="session")
def canary_server():
    app = canary_app()
    with serve(app) as base_url:
        yield app, base_url


@pytest.fixture(scope="session")
def canary_run(canary_server, tmp_path_factory) -> CliRun:
    """Every canary page, with the CI formats written too (in its --out)."""
    app, base_url = canary_server
    out = tmp_path_factory.mktemp("a11y-canary")
    urls = [base_url + path for path in canary_paths()]
    ci = ["--junit", str(out / "junit.xml"), "--sarif", str(out / "a11y.sarif")]
    return invoke(app, [*urls, *ci], out)


@pytest.fixture(scope="session")
def type_run(canary_server, tmp_path_factory) -> CliRun:
    """The Arabic type canaries, clean and defective, in one run."""
    app, base_url = canary_server
    paths = type_paths("clean") + type_paths("defects")
    return invoke(app, [base_url + path for path in paths], tmp_path_factory.mktemp("a11y-type"))


@pytest.fixture(scope="session")
def driver():
    from app.browser import start_chromium

    browser = start_chromium(1280, 900)
    yield browser
    browser.quit()
