"""`--jobs N`: N tabs of one browser side by side find what one tab finds,
in the same order."""

from __future__ import annotations

import pytest

from .canary_app import LOCALES
from .conftest import invoke

pytestmark = pytest.mark.browser


def test_two_tabs_find_what_one_finds(canary_server, tmp_path):
    app, base_url = canary_server
    urls = [
        f"{base_url}/{lang}/canary/{name}/"
        for lang in LOCALES
        for name in ("wrong-lang", "no-skip")
    ]
    one = invoke(app, [*urls, "--jobs", "1", "--screenshots"], tmp_path / "one")
    two = invoke(app, [*urls, "--jobs", "2", "--screenshots"], tmp_path / "two")
    assert "1 tab," in one.output and "2 tabs," in two.output
    assert one.results and two.results == one.results
    shots = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.png"))
    assert len(shots) == 2 * len(urls)
    assert shots == sorted(
        p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*.png")
    )
