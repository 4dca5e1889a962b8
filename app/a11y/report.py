"""results.json and report.html for QA.

report.html is one static file: styles inline and element crops embedded as
data: URIs, so it opens from a CI artifact, an e-mail or a USB stick with
nothing fetched. Findings are grouped by rule, then page, then locale.
"""

from __future__ import annotations

import json
from collections import defaultdict
from html import escape
from pathlib import Path

from .baseline import Baseline, Verdict, suggestion
from .findings import OWN_RULES, Finding
from .runner import Run

IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3, "": 4}


def write(out: Path, run: Run, verdict: Verdict, baseline: Baseline) -> None:
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
    (out / "report.html").write_text(html(run, verdict, baseline), encoding="utf-8")


STYLE = """
body{font:16px/1.5 system-ui,"Noto Sans","Noto Sans Arabic",sans-serif;
  margin:0 auto;max-width:75rem;padding:1rem;color:#1b1b1b}
h1,h2,h3,h4{line-height:1.25;color:#073a44}
table{border-collapse:collapse}
td,th{border:1px solid #c5d6d9;padding:.25rem .5rem;text-align:start}
.finding{border:1px solid #c5d6d9;border-radius:6px;padding:.75rem;margin:.5rem 0}
.new{border-inline-start:6px solid #b3261e}
.accepted{border-inline-start:6px solid #8a8a8a;opacity:.85}
.msg{white-space:pre-line}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#eef5f6;padding:.5rem;
  border-radius:4px;font-size:.85rem}
code{font-size:.9rem}
img.crop{max-width:100%;border:1px dashed #4a4a4a;display:block;margin-block:.5rem}
.badge{display:inline-block;padding:0 .4rem;border-radius:4px;background:#073a44;color:#fff;
  font-size:.8rem}
.badge.accepted{background:#4a4a4a}
nav ul{columns:3}
"""


def html(run: Run, verdict: Verdict, baseline: Baseline) -> str:
    accepted_keys = {f.key for f in verdict.accepted}
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in run.findings:
        by_rule[f.rule].append(f)
    rules = sorted(
        by_rule, key=lambda r: (min(IMPACT_ORDER.get(f.impact, 4) for f in by_rule[r]), r)
    )
    pages = sorted({(loc, page) for loc, page, _ in run.checked})
    parts = [
        '<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Accessibility report: {len(verdict.new)} new findings</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header><h1>Accessibility report</h1>",
        f"<p>{len(run.checked)} page views checked ({len(pages)} pages × locales, viewports "
        f"{escape(', '.join(sorted({v for _, _, v in run.checked})))}) "
        f"in {run.seconds:.1f} s with axe-core "
        f"{escape(run.axe_version)} and this tool's own checks.</p>",
        f"<p><strong>{len(verdict.new)} new</strong> findings fail the run; "
        f"{len(verdict.accepted)} are "
        f"accepted by the baseline{(' ' + escape(baseline.path)) if baseline.path else ''}; "
        f"{len(verdict.stale)} baseline entries are stale.</p></header>",
    ]
    if rules:
        parts.append('<nav aria-label="Rules"><h2>Rules</h2><ul>')
        for rule in rules:
            parts.append(
                f'<li><a href="#rule-{escape(rule)}">{escape(rule)}</a> ({len(by_rule[rule])})</li>'
            )
        parts.append("</ul></nav>")
    parts.append("<main>")
    if not rules:
        parts.append("<p>No findings.</p>")
    for rule in rules:
        items = by_rule[rule]
        spec = OWN_RULES.get(rule)
        first = items[0]
        about = spec.summary if spec else first.message.split(". ")[0]
        link = f' <a href="{escape(first.help_url)}">axe help</a>' if first.help_url else ""
        parts.append(
            f'<section id="rule-{escape(rule)}"><h2>{escape(rule)}</h2>'
            f"<p>WCAG {escape(first.wcag or '-')}: {escape(about)}.{link}</p>"
        )
        by_page: dict[str, list[Finding]] = defaultdict(list)
        for f in items:
            by_page[f.page].append(f)
        for page in sorted(by_page):
            parts.append(f"<h3>Page <code>{escape(page)}</code></h3>")
            by_locale: dict[str, list[Finding]] = defaultdict(list)
            for f in by_page[page]:
                by_locale[f.locale].append(f)
            for locale in sorted(by_locale):
                parts.append(f"<h4>Locale {escape(locale)}</h4>")
                for f in by_locale[locale]:
                    parts.append(
                        _finding(f, f.key in accepted_keys, baseline.accepted.get(f.key, ""))
                    )
        parts.append("</section>")
    if verdict.stale:
        parts.append(
            '<section id="stale"><h2>Stale baseline entries</h2><p>These pages were checked '
            "and no longer show the accepted problem: remove the entries.</p><ul>"
        )
        for key, reason in sorted(verdict.stale.items()):
            parts.append(f"<li><code>{escape(key)}</code>: {escape(reason)}</li>")
        parts.append("</ul></section>")
    if run.screenshots:
        parts.append(
            '<section id="screenshots"><h2>Screenshots</h2><table><thead><tr><th>Locale</th>'
            "<th>Page</th><th>Viewport</th><th>Full page</th></tr></thead><tbody>"
        )
        for locale, page, viewport, rel in sorted(run.screenshots):
            parts.append(
                f"<tr><td>{escape(locale)}</td><td><code>{escape(page)}</code></td>"
                f"<td>{escape(viewport)}</td>"
                f'<td><a href="{escape(rel)}">{escape(rel)}</a></td></tr>'
            )
        parts.append("</tbody></table></section>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _finding(f: Finding, accepted: bool, reason: str) -> str:
    status = (
        f'<span class="badge accepted">accepted</span> {escape(reason)}'
        if accepted
        else '<span class="badge">new</span>'
    )
    crop = (
        f'<img class="crop" alt="The element {escape(f.target)} as rendered" '
        f'src="data:image/png;base64,{f.crop}">'
        if f.crop
        else ""
    )
    return (
        f'<article class="finding {"accepted" if accepted else "new"}">'
        f"<p>{status} <strong>{escape(f.viewport)}</strong> · impact {escape(f.impact or '-')} · "
        f'<a href="{escape(f.url)}">{escape(f.url)}</a></p>'
        f'<p class="msg">{escape(f.message)}</p>'
        f"<p>Target: <code>{escape(f.target or '(page)')}</code></p>"
        f"{crop}" + (f"<pre><code>{escape(f.html)}</code></pre>" if f.html else "") + "</article>"
    )
