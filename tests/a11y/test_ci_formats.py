"""`--junit` and `--sarif`: what CI shows, read back by a widely used JUnit
parser (junitparser) and validated against the SARIF 2.1.0 JSON schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml, Skipped

from app.a11y.findings import OWN_RULES

from .conftest import invoke
from .test_canaries import EXPECTED

pytestmark = pytest.mark.browser

SCHEMA = Path(__file__).parent / "schemas" / "sarif-2.1.0-rtm.5.json"


def cases(path: Path) -> dict[str, object]:
    xml = JUnitXml.fromfile(str(path))
    return {case.name: case for suite in xml for case in suite}


def views_checked(output: str) -> int:
    return int(re.search(r"(\d+) page views, ", output).group(1))


def test_junit_has_a_case_per_view_failing_with_each_new_finding(canary_run):
    found = cases(canary_run.out / "junit.xml")
    assert len(found) == views_checked(canary_run.output)
    failures = {
        name: [r for r in case.result if isinstance(r, Failure)] for name, case in found.items()
    }
    assert sum(len(f) for f in failures.values()) == len(canary_run.results)
    for path, rule, target, viewports in EXPECTED:
        page, locale = path.split("/", 2)[2], path.split("/")[1]
        for viewport in viewports:
            # Reflow is judged at 320 px in the narrow pass: the 390 px case.
            case = f"/{page} [{locale}] {'390x844' if viewport == '320x844' else viewport}"
            assert any(f.type == rule and target in f.text for f in failures[case]), (case, rule)
    clean = [name for name in found if "/canary/skip-main/" in name]
    assert len(clean) == 2 and all(found[name].is_passed for name in clean)


def test_sarif_validates_and_has_a_result_per_new_finding(canary_run):
    log = json.loads((canary_run.out / "a11y.sarif").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    (run,) = log["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(OWN_RULES) <= set(rules)
    assert len(run["results"]) == len(canary_run.results)
    for result, finding in zip(run["results"], canary_run.results, strict=True):
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["ruleId"] == finding["rule"]
        assert result["message"]["text"] == finding["message"]
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == finding["url"]
        if finding["target"]:
            assert location["logicalLocations"][0]["fullyQualifiedName"] == finding["target"]
        assert result["properties"]["wcag"] == finding["wcag"]
    contrast = rules["color-contrast"]
    assert contrast["properties"]["wcag"] == "1.4.3" and contrast["helpUri"].startswith("https://")
    assert rules["skip-link-keyboard"]["properties"]["tags"] == ["accessibility", "WCAG 2.4.1"]


def test_a_sarif_log_missing_what_the_schema_requires_is_refused(canary_run):
    """The validation can fail: a result without its message is not SARIF."""
    log = json.loads((canary_run.out / "a11y.sarif").read_text(encoding="utf-8"))
    del log["runs"][0]["results"][0]["message"]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validators.validator_for(schema)(schema).validate(log)


def test_findings_the_baseline_accepts_are_skipped_not_failed(canary_server, tmp_path):
    app, base_url = canary_server
    baseline = tmp_path / "baseline.toml"
    baseline.write_text(
        '[accepted."tr::/canary/wrong-lang/::html-lang-locale"]\n'
        'reason = "a canary: the wrong lang is the point"\n',
        encoding="utf-8",
    )
    junit, sarif = tmp_path / "junit.xml", tmp_path / "a11y.sarif"
    urls = [f"{base_url}/{lang}/canary/wrong-lang/" for lang in ("en", "tr")]
    run = invoke(
        app,
        [*urls, "--baseline", str(baseline), "--junit", str(junit), "--sarif", str(sarif)],
        tmp_path / "out",
    )
    found = cases(junit)
    assert sorted(found) == [
        "/canary/wrong-lang/ [en] 1280x900",
        "/canary/wrong-lang/ [en] 390x844",
        "/canary/wrong-lang/ [tr] 1280x900",
        "/canary/wrong-lang/ [tr] 390x844",
    ]
    for name, case in found.items():
        (result,) = case.result
        if "[tr]" in name:
            assert isinstance(result, Skipped) and "the wrong lang is the point" in result.message
        else:
            assert isinstance(result, Failure) and result.type == "html-lang-locale"
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert {r["properties"]["locale"] for r in results} == {"en"} and len(results) == 2
    assert run.exit_code == 1
