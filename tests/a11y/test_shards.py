"""`--shard K/N` and `flask a11y merge`: three shards of the canary run
check every page view exactly once, and merged they give what one run gives."""

from __future__ import annotations

import json
import re

import pytest
from junitparser import JUnitXml

from app.a11y.cli import a11y

from .canary_app import canary_paths
from .conftest import invoke

pytestmark = pytest.mark.browser


def views(output: str) -> int:
    return int(re.search(r"(\d+) page views, ", output).group(1))


def case_names(path) -> list[str]:
    return [case.name for suite in JUnitXml.fromfile(str(path)) for case in suite]


@pytest.fixture(scope="module")
def shard_dirs(canary_server, tmp_path_factory):
    app, base_url = canary_server
    urls = [base_url + path for path in canary_paths()]
    root = tmp_path_factory.mktemp("a11y-shards")
    runs = []
    for k in (1, 2, 3):
        out = root / f"shard-{k}"
        run = invoke(app, [*urls, "--shard", f"{k}/3", "--junit", str(out / "junit.xml")], out)
        assert f"shard {k}/3: " in run.output
        runs.append(run)
    return app, runs


def test_three_shards_check_every_view_exactly_once(canary_run, shard_dirs):
    _, runs = shard_dirs
    names = [name for run in runs for name in case_names(run.out / "junit.xml")]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(case_names(canary_run.out / "junit.xml"))
    assert all(case_names(run.out / "junit.xml") for run in runs)  # no shard is empty


def test_merged_shards_equal_one_run(canary_run, shard_dirs, tmp_path):
    app, runs = shard_dirs
    out = tmp_path / "merged"
    merged = invoke(
        app,
        [
            "merge",
            *(str(run.out) for run in reversed(runs)),
            "--junit",
            str(out / "junit.xml"),
            "--sarif",
            str(out / "a11y.sarif"),
        ],
        out,
    )
    assert merged.exit_code == canary_run.exit_code == 1
    assert merged.results == canary_run.results
    assert case_names(out / "junit.xml") == case_names(canary_run.out / "junit.xml")
    sarif = json.loads((out / "a11y.sarif").read_text(encoding="utf-8"))
    whole = json.loads((canary_run.out / "a11y.sarif").read_text(encoding="utf-8"))
    assert sarif == whole
    pictures = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png"))
    assert pictures == sorted(
        p.relative_to(canary_run.out).as_posix() for p in canary_run.out.rglob("*.png")
    )
    report = (out / "report.html").read_text(encoding="utf-8")
    whole_report = (canary_run.out / "report.html").read_text(encoding="utf-8")
    assert report.count("data:image/png;base64,") == whole_report.count("data:image/png;base64,")
    assert views(merged.output) == views(canary_run.output)


def test_merge_refuses_a_missing_or_repeated_shard(shard_dirs, tmp_path):
    app, runs = shard_dirs
    missing = app.test_cli_runner().invoke(
        a11y, args=["merge", str(runs[0].out), str(runs[1].out), "--out", str(tmp_path / "a")]
    )
    assert missing.exit_code == 2 and "a shard is missing" in missing.output
    twice = app.test_cli_runner().invoke(
        a11y,
        args=[
            "merge",
            *(str(r.out) for r in runs),
            str(runs[0].out),
            "--out",
            str(tmp_path / "b"),
        ]
    )
    assert twice.exit_code == 2 and "is in both" in twice.output
    assert not (tmp_path / "b" / "results.json").exists()


def test_a_shard_must_be_k_of_n(canary_server):
    app, base_url = canary_server
    result = app.test_cli_runner().invoke(a11y, args=[base_url + "/", "--shard", "4/3"])
    assert result.exit_code == 2 and "K/N" in result.output
