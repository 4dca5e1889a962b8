"""Findings from axe's results, with the color-contrast gap closed.

The fix itself runs in the page (js/axe_run.js, installLigatureFix): axe's
icon-ligature heuristic no longer gets to call joined Arabic text an icon.
As a second line, every visible text element that color-contrast did not
examine at all (in passes, violations or incomplete) comes back as
`unexamined`, with a contrast ratio computed in the page from the computed
text colour over the background colours painted beneath it. Failing ratios
are reported as color-contrast; text whose background cannot be known from
styles (an image, overlapping content) as color-contrast-unverified, so no
text is silently skipped again, whatever axe version is bundled.
"""

from __future__ import annotations

from .axe import AxeResult
from .findings import Finding, own


def findings(result: AxeResult, *, where: dict) -> list[Finding]:
    out = []
    for violation in result.violations:
        wcag = ", ".join(_criterion(t) for t in violation["tags"] if _criterion(t))
        for node in violation["nodes"]:
            out.append(
                Finding(
                    rule=violation["id"],
                    impact=node["impact"] or violation["impact"] or "",
                    target=node["target"],
                    html=node["html"],
                    message=f"{violation['help']}. {node['message']}",
                    wcag=wcag,
                    source="axe",
                    help_url=violation["helpUrl"],
                    **where,
                )
            )
    for item in result.incomplete:
        for node in item["nodes"]:
            out.append(
                own(
                    "color-contrast-unverified", node,
                    message=f"axe could not tell this text's contrast: {node['message']}",
                    **where,
                )
            )
    for item in result.unexamined:
        c = item["contrast"]
        if "unknown" in c:
            out.append(
                own(
                    "color-contrast-unverified", item,
                    message=(
                        f"axe's color-contrast skipped “{item['text']}”, and its contrast "
                        f"cannot be computed here: {c['unknown']}"
                    ),
                    **where,
                )
            )
        elif c["ratio"] < c["expected"]:
            out.append(
                Finding(
                    rule="color-contrast",
                    impact="serious",
                    wcag="1.4.3",
                    target=item["target"],
                    html=item["html"],
                    message=(
                        f"Contrast {c['ratio']}:1 is below {c['expected']}:1 "
                        f"({c['fg']} on {c['bg']}); "
                        f"found by this tool's own check because axe skipped “{item['text']}”"
                    ),
                    **where,
                )
            )
    return out


def _criterion(tag: str) -> str:
    """axe's "wcag143" tag -> "1.4.3"."""
    digits = tag[4:] if tag.startswith("wcag") else ""
    if not digits.isdigit() or len(digits) < 3:
        return ""
    return f"{digits[0]}.{digits[1]}.{digits[2:]}"
