"""Accepted findings pass, new ones fail, stale entries are reported."""

from __future__ import annotations

import pytest

from app.a11y.cli import a11y

from .conftest import invoke

pytestmark = pytest.mark.browser


def test_baseline_accepts_known_findings_and_reports_stale_ones(canary_server, tmp_path):
    app, base_url = canary_server
    baseline = tmp_path / "baseline.toml"
    baseline.write_text(
        '[accepted."en::/canary/wrong-lang/::html-lang-locale"]\n'
        'reason = "canary: the wrong lang is the point"\n'
        '[accepted."en::/canary/wrong-lang/::image-alt"]\n'
        'reason = "there was an image here once"\n'
        '[accepted."ar::/canary/wrong-lang/::html-dir-locale"]\n'
        'reason = "a page this run does not check: not stale"\n',
        encoding="utf-8",
    )
    run = invoke(
        app, [base_url + "/en/canary/wrong-lang/", "--baseline", str(baseline)], tmp_path / "out"
    )
    assert run.exit_code == 0, run.output
    assert all(r["accepted"] and r["reason"] for r in run.results)
    assert "STALE baseline entry en::/canary/wrong-lang/::image-alt" in run.output
    assert "ar::/canary/wrong-lang/" not in run.output


def test_a_baseline_entry_without_a_reason_is_refused(site_app, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(
        '{"accepted": {"ar::/::language-of-parts": {"reason": ""}}}', encoding="utf-8"
    )
    result = site_app.test_cli_runner().invoke(a11y, args=["--baseline", str(baseline)])
    assert result.exit_code == 2
    assert "has no reason" in result.output
