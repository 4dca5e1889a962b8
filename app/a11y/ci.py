"""What CI systems read: JUnit XML (test-report views in GitLab, Jenkins and
GitHub actions) and SARIF 2.1.0 (code scanning), written from a run's
checked page views and the baseline's verdict.

JUnit: one test case per page x language x width, a <failure> per new
finding, <skipped> when the baseline accepts everything found there.
SARIF: one result per new finding, with its rule, WCAG criterion, URL, CSS
selector (as a logical location of kind "element": a selector is no line
or column of a file) and message; every rule the results use, and all of
this tool's own, are described in tool.driver.rules.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from .baseline import Verdict
from .findings import OWN_RULES, Finding, about

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL = "hikaya-a11y"
# SARIF levels from axe's impact scale (this tool's rules use the same scale).
LEVELS = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "note"}


def views(checked, findings: list[Finding]) -> dict[tuple[str, str, str], list[Finding]]:
    """(locale, page, viewport) of every checked view -> its findings, in
    run order. A finding at a width no view has (reflow, at 320 px, is
    checked in the narrow pass) belongs to the page's narrowest view; a
    page that could not be checked at all is one view of its own."""
    out: dict[tuple[str, str, str], list[Finding]] = {tuple(v): [] for v in checked}
    narrowest: dict[tuple[str, str], tuple[str, str, str]] = {}
    for view in out:
        page = view[:2]
        if page not in narrowest or _width(view[2]) < _width(narrowest[page][2]):
            narrowest[page] = view
    for finding in findings:
        view = (finding.locale, finding.page, finding.viewport)
        if view not in out:
            view = narrowest.get(view[:2], view)
        out.setdefault(view, []).append(finding)
    return out


def _width(viewport: str) -> int:
    head = viewport.split("x")[0]
    return int(head) if head.isdigit() else 0


def junit(checked, verdict: Verdict, baseline_reasons: dict[str, str], seconds: float) -> str:
    new = {id(f) for f in verdict.new}
    findings = verdict.new + verdict.accepted
    order = {id(f): n for n, f in enumerate(findings)}
    cases = views(checked, sorted(findings, key=lambda f: order[id(f)]))
    failures = sum(1 for found in cases.values() if any(id(f) in new for f in found))
    skipped = sum(1 for found in cases.values() if found and not any(id(f) in new for f in found))
    attrs = {
        "name": TOOL,
        "tests": str(len(cases)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
        "time": f"{seconds:.3f}",
    }
    root = ET.Element("testsuites", attrs)
    suite = ET.SubElement(root, "testsuite", attrs)
    for (locale, page, viewport), found in cases.items():
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": f"{TOOL}.{locale}", "name": f"{page} [{locale}] {viewport}"},
        )
        fresh = [f for f in found if id(f) in new]
        for f in fresh:
            failure = ET.SubElement(
                case, "failure", {"message": f"{f.rule}: {f.message}", "type": f.rule}
            )
            failure.text = _detail(f)
        accepted = [f for f in found if id(f) not in new]
        if accepted:
            said = "; ".join(
                sorted({f"{f.key}: {baseline_reasons.get(f.key, '')}" for f in accepted})
            )
            if fresh:
                ET.SubElement(case, "system-out").text = f"accepted by the baseline: {said}"
            else:
                ET.SubElement(case, "skipped", {"message": f"accepted by the baseline: {said}"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _detail(f: Finding) -> str:
    return (
        f"{f.message}\nrule: {f.rule} (WCAG {f.wcag or '-'}, impact {f.impact or '-'})\n"
        f"url: {f.url}\nviewport: {f.viewport}\nelement: {f.target or '(page)'}\n{f.html}"
    )


def sarif(verdict: Verdict, axe_version: str) -> dict:
    rules: dict[str, dict] = {rule: _rule(rule, None) for rule in OWN_RULES}
    for f in verdict.new:
        if f.rule not in rules:
            rules[f.rule] = _rule(f.rule, f)
    ids = list(rules)
    results = []
    for f in verdict.new:
        location: dict = {"physicalLocation": {"artifactLocation": {"uri": f.url}}}
        if f.target:
            location["logicalLocations"] = [{"fullyQualifiedName": f.target, "kind": "element"}]
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": ids.index(f.rule),
                "level": LEVELS.get(f.impact, "warning"),
                "message": {"text": f.message},
                "locations": [location],
                "partialFingerprints": {"hikayaKey/v1": f"{f.key}::{f.viewport}::{f.target}"},
                "properties": {
                    "wcag": f.wcag,
                    "impact": f.impact,
                    "locale": f.locale,
                    "page": f.page,
                    "viewport": f.viewport,
                    "selector": f.target,
                    "html": f.html,
                    "source": f.source,
                },
            }
        )
    driver = {"name": TOOL, "rules": list(rules.values())}
    if axe_version:
        driver["version"] = f"axe-core {axe_version}"
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }


def _rule(rule: str, example: Finding | None) -> dict:
    spec = OWN_RULES.get(rule)
    wcag = spec.wcag if spec else (example.wcag if example else "")
    out = {
        "id": rule,
        "shortDescription": {"text": about(rule, example)},
        "properties": {
            "wcag": wcag,
            "tags": ["accessibility"] + ([f"WCAG {wcag}"] if wcag and wcag != "tool" else []),
        },
    }
    if example is not None and example.help_url:
        out["helpUri"] = example.help_url
    return out


def write(junit_file: Path | None, sarif_file: Path | None, run, verdict, baseline) -> None:
    """Write whichever of the two files was asked for."""
    if junit_file is not None:
        junit_file.parent.mkdir(parents=True, exist_ok=True)
        junit_file.write_text(
            junit(run.checked, verdict, baseline.accepted, run.seconds), encoding="utf-8"
        )
    if sarif_file is not None:
        sarif_file.parent.mkdir(parents=True, exist_ok=True)
        sarif_file.write_text(
            json.dumps(sarif(verdict, run.axe_version), ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
