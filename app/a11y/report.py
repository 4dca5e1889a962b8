"""results.json, baseline-suggested.json and report.html for QA.

report.html is one static file (styles inline, element crops as data:
URIs) that opens from a CI artifact with nothing fetched. It is rendered
with autoescaping on: text taken from checked pages is never markup there.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .baseline import Baseline, Verdict, suggestion
from .findings import Finding, about
from .runner import Run

IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3, "": 4}
TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def write(out: Path, run: Run, verdict: Verdict, baseline: Baseline, plan=None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    reasons = baseline.accepted
    results = [
        {**f.to_json(), "accepted": f.key in reasons, "reason": reasons.get(f.key, "")}
        for f in run.findings
    ]
    for name, data in (("results.json", results),
                       ("baseline-suggested.json", suggestion(run.findings))):
        (out / name).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "report.html").write_text(html(run, verdict, baseline, plan), encoding="utf-8")


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
