"""results.json and report.html for QA.

report.html is one static file: styles inline and element crops embedded as
data: URIs, so it opens from a CI artifact, an e-mail or a USB stick with
nothing fetched. Findings are grouped by rule, then page, then locale. It is
rendered from templates/report.html with autoescaping on: messages and HTML
taken from checked pages are text there, never markup.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .baseline import Baseline, Verdict, suggestion
from .findings import Finding, about
from .runner import Run

IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3, "": 4}
TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def write(out: Path, run: Run, verdict: Verdict, baseline: Baseline, plan=None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    reasons = baseline.accepted
    results = [
        {**f.to_json(), "accepted": f.key in reasons, "reason": reasons.get(f.key, "")}
        for f in run.findings
    ]
    (out / "results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (out / "baseline-suggested.json").write_text(
        json.dumps(suggestion(run.findings), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (out / "report.html").write_text(html(run, verdict, baseline, plan), encoding="utf-8")


def html(run: Run, verdict: Verdict, baseline: Baseline, plan=None) -> str:
    accepted_keys = {f.key for f in verdict.accepted}
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in run.findings:
        by_rule[f.rule].append(f)
    order = sorted(
        by_rule, key=lambda r: (min(IMPACT_ORDER.get(f.impact, 4) for f in by_rule[r]), r)
    )
    rules = []
    for rule in order:
        items = by_rule[rule]
        first = items[0]
        by_page: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for f in items:
            by_page[f.page][f.locale].append(
                {
                    "finding": f,
                    "accepted": f.key in accepted_keys,
                    "reason": baseline.accepted.get(f.key, ""),
                }
            )
        rules.append(
            {
                "id": rule,
                "count": len(items),
                "wcag": first.wcag,
                "about": about(rule, first),
                "help_url": first.help_url,
                "pages": [
                    {
                        "page": page,
                        "locales": [
                            {"locale": locale, "findings": by_page[page][locale]}
                            for locale in sorted(by_page[page])
                        ],
                    }
                    for page in sorted(by_page)
                ],
            }
        )
    return (
        environment()
        .get_template("report.html")
        .render(
            run=run,
            verdict=verdict,
            baseline=baseline,
            plan=plan,
            new_count=len(verdict.new),
            rules=rules,
            pages=sorted({(loc, page) for loc, page, _ in run.checked}),
            viewports=sorted({v for _, _, v in run.checked}),
            screenshots=sorted(run.screenshots),
        )
    )
