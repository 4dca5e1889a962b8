"""Fixtures shared by every test: an app built by the real factory on the
real catalogs, its test client and CLI runner, and a private copy of the
catalogs for tests that write translations. Helpers are in tests/support.py.

The run writes nothing into the checkout: the build outputs every app (and
every subprocess it starts) would put under build/ go to a folder of the
session's own (HIKAYA_CATALOG_CACHE, HIKAYA_CONTENT_CACHE, HIKAYA_FREEZE_CACHE,
HIKAYA_PSEUDO_DIR, and Hypothesis's HYPOTHESIS_STORAGE_DIRECTORY), and the
session fails if the checkout's files changed while it ran (see
checkout_state)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from flask import Flask

# Set before any app is built (support.py builds none at import), so apps
# built here and in every subprocess keep their build outputs in it.
_BUILD = Path(tempfile.mkdtemp(prefix="hikaya-test-build-"))
os.environ.update({
    "HIKAYA_CATALOG_CACHE": str(_BUILD / "catalog-cache.json"),
    "HIKAYA_CONTENT_CACHE": str(_BUILD / "content-cache.json"),
    "HIKAYA_FREEZE_CACHE": str(_BUILD / "freeze-cache.json"),
    "HIKAYA_PSEUDO_DIR": str(_BUILD / "pseudo-translations"),
    # Hypothesis keeps its examples and Unicode tables in ./.hypothesis.
    "HYPOTHESIS_STORAGE_DIRECTORY": str(_BUILD / "hypothesis"),
})

from .support import (  # noqa: E402
    Frozen,
    checkout_state,
    compiled_site,
    extracted_catalogs,
    freeze,
    make_app,
    shared_app,
)


def pytest_collection_modifyitems(config, items):
    """With workers (`-n`, `--dist loadgroup`, scripts/test.sh), the browser
    tests all go to one worker: their session fixtures (a whole-site
    `flask a11y` run, Chromium) are made once, not once per worker."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))


def pytest_configure(config):
    # The controller (or a run without workers) watches the checkout.
    if not hasattr(config, "workerinput"):
        config.stash[_BEFORE] = checkout_state()


_BEFORE = pytest.StashKey[dict]()


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    shutil.rmtree(_BUILD, ignore_errors=True)
    if hasattr(config, "workerinput") or _BEFORE not in config.stash:
        return
    before, after = config.stash[_BEFORE], checkout_state()
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    if changed:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        lines = [f"  {p}: {before.get(p)} -> {after.get(p)}" for p in changed[:40]]
        message = "the test run changed files in the checkout:\n" + "\n".join(lines)
        if reporter:
            reporter.write_sep("=", "checkout changed", red=True)
            reporter.write_line(message)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def app() -> Flask:
    """An app of the test's own: for tests that change its settings or
    state. Tests that only read pages use `client`, on one shared app."""
    return make_app()


@pytest.fixture
def client(request):
    """A test client: on the test's own `app` when it asks for one (it may
    have changed it), else on the session's shared app."""
    if "app" in request.fixturenames:
        return request.getfixturevalue("app").test_client()
    return shared_app().test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def frozen(tmp_path_factory) -> Frozen:
    """The one freeze of the site per test process (and its offline bundle),
    for every test that reads or serves the frozen site without changing it."""
    return freeze(shared_app(), tmp_path_factory.mktemp("freeze"))


@pytest.fixture(scope="session")
def deployed_site(tmp_path_factory) -> Path:
    """A copy of the fixture site with compiled catalogs, for apps built as
    they are served (not TESTING: they read the .mo files)."""
    return compiled_site(tmp_path_factory.mktemp("deployed") / "site")


@pytest.fixture(scope="session")
def current_translations(tmp_path_factory) -> Path:
    """The fixture site's catalogs, merged with the strings the code has now (as a
    translator's checkout would be after `extract` and `update`)."""
    return extracted_catalogs(tmp_path_factory.mktemp("current") / "checkout")


@pytest.fixture
def translations(tmp_path, current_translations) -> Path:
    """A copy of the catalogs this test may write into, with no record of
    pages published before (published.txt): a page shows in a language only
    when every string is translated, unless the test writes that record."""
    target = tmp_path / "translations"
    shutil.copytree(current_translations, target, ignore=shutil.ignore_patterns("published.txt"))
    return target
