"""What a run writes: for QA, results.json, baseline-suggested.json and a
self-contained, autoescaped report.html; for CI, JUnit XML (a test case per
page x language x width) and SARIF 2.1.0 (a result per new finding)."""

import json
from collections import defaultdict
from dataclasses import asdict
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .findings import OWN_RULES, Baseline, Finding, Verdict, about
from .runner import Run

IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3, "": 4}
TEMPLATES = Path(__file__).parent / "templates"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL = "hikaya-a11y"
# SARIF levels from axe's impact scale (this tool's rules use the same scale).
LEVELS = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "note"}
PROPERTIES = ("wcag", "impact", "locale", "page", "viewport", "html", "source")


@cache
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES),
                       autoescape=select_autoescape(["html", "xml"]), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def write(out: Path | None, junit_file: Path | None, sarif_file: Path | None, run: Run,
          verdict: Verdict, baseline: Baseline, plan=None) -> None:
    """The files asked for: the QA report in `out`, JUnit, SARIF."""
    reasons = baseline.accepted
    if out is not None:
        results = [{**{k: v for k, v in asdict(f).items() if k != "crop"}, "key": f.key,
                    "accepted": f.key in reasons, "reason": reasons.get(f.key, "")}
                   for f in run.findings]
        _write(out / "results.json", results)
        # Every finding accepted, for QA to write the reasons: load() refuses it until then.
        keys = sorted({f.key for f in run.findings})
        _write(out / "baseline-suggested.json", {"accepted": {k: {"reason": ""} for k in keys}})
        _write(out / "report.html", html(run, verdict, baseline, plan))
    if junit_file is not None:
        _write(junit_file, junit(run.checked, verdict, reasons, run.seconds))
    if sarif_file is not None:
        _write(sarif_file, sarif(verdict, run.axe_version))


def _write(path: Path, data: str | dict | list) -> None:
    """Text as it is, anything else as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")


def html(run: Run, verdict: Verdict, baseline: Baseline, plan=None) -> str:
    """Rules by their worst impact, then name; the template groups each
    rule's findings by page, then locale."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in run.findings:
        by_rule[f.rule].append(f)
    order = sorted(
        by_rule, key=lambda r: (min(IMPACT_ORDER.get(f.impact, 4) for f in by_rule[r]), r))
    return environment().get_template("report.html").render(
        run=run, verdict=verdict, baseline=baseline, plan=plan, new_count=len(verdict.new),
        rules=[(rule, by_rule[rule], about(rule, by_rule[rule][0])) for rule in order],
        pages=sorted({(loc, page) for loc, page, _ in run.checked}),
        viewports=sorted({v for _, _, v in run.checked}), screenshots=sorted(run.screenshots))


def views(checked, findings: list[Finding]) -> dict[tuple[str, str, str], list[Finding]]:
    """(locale, page, viewport) of every checked view -> its findings, in
    run order. A finding at a width no view has (reflow's 320 px) belongs to
    the page's narrowest view; a page not checked at all is a view of its own."""
    out: dict[tuple[str, str, str], list[Finding]] = {tuple(v): [] for v in checked}
    for finding in findings:
        view = (finding.locale, finding.page, finding.viewport)
        if view not in out:
            same_page = [v for v in out if v[:2] == view[:2]]
            view = min(same_page, key=lambda v: int(v[2].split("x")[0]), default=view)
        out.setdefault(view, []).append(finding)
    return out


def junit(checked, verdict: Verdict, reasons: dict[str, str], seconds: float) -> str:
    new = {id(f) for f in verdict.new}
    cases = []
    for (locale, page, viewport), found in views(checked, verdict.new + verdict.accepted).items():
        accepted = {f"{f.key}: {reasons.get(f.key, '')}" for f in found if id(f) not in new}
        cases.append({"locale": locale, "name": f"{page} [{locale}] {viewport}",
                      "fresh": [f for f in found if id(f) in new],
                      "accepted": "; ".join(sorted(accepted))})
    return environment().get_template("junit.xml").render(tool=TOOL, cases=cases, seconds=seconds)


def sarif(verdict: Verdict, axe_version: str) -> dict:
    rules: dict[str, dict] = {rule: _rule(rule, None) for rule in OWN_RULES}
    for f in verdict.new:
        rules.setdefault(f.rule, _rule(f.rule, f))
    ids = list(rules)
    results = []
    for f in verdict.new:
        location: dict = {"physicalLocation": {"artifactLocation": {"uri": f.url}}}
        if f.target:
            location["logicalLocations"] = [{"fullyQualifiedName": f.target, "kind": "element"}]
        results.append({
            "ruleId": f.rule,
            "ruleIndex": ids.index(f.rule),
            "level": LEVELS.get(f.impact, "warning"),
            "message": {"text": f.message},
            "locations": [location],
            "partialFingerprints": {"hikayaKey/v1": f"{f.key}::{f.viewport}::{f.target}"},
            "properties": {"selector": f.target, **{p: getattr(f, p) for p in PROPERTIES}},
        })
    driver = {"name": TOOL, "rules": list(rules.values())}
    if axe_version:
        driver["version"] = f"axe-core {axe_version}"
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "results": results}]}


def _rule(rule: str, example: Finding | None) -> dict:
    spec = OWN_RULES.get(rule)
    wcag = spec.wcag if spec else (example.wcag if example else "")
    tags = ["accessibility"] + ([f"WCAG {wcag}"] if wcag and wcag != "tool" else [])
    out = {"id": rule, "shortDescription": {"text": about(rule, example)},
           "properties": {"wcag": wcag, "tags": tags}}
    if example is not None and example.help_url:
        out["helpUri"] = example.help_url
    return out
