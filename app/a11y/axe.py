"""axe-core run by js/axe_run.js: options as a script argument (not pasted in
with %r) and a rejected run reported. It closes the contrast gap on Arabic
type: text color-contrast skipped comes back `unexamined`, its ratio computed."""

import re
from typing import Any

from ..browser import cdp, devtools
from .checks import evaluate, script
from .findings import Finding, own

NOT_LOADED = "axe-core is not loaded in this page"  # as js/axe_run.js says it
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def default_options() -> dict[str, Any]:
    # No passing nodes (js/axe_run.js records what color-contrast examined);
    # no cssom asset: no rule run under TAGS reads the style sheets.
    return {
        "runOnly": {"type": "tag", "values": list(TAGS)},
        "resultTypes": ["violations", "incomplete"],
        "preload": {"assets": ["media"]},
    }


class AxeError(RuntimeError):
    """axe-core did not run, or ran no rule: the page is unchecked, not clean."""


def _source() -> str:
    from axe_selenium_python.axe import _DEFAULT_SCRIPT  # the site never needs it installed

    with open(_DEFAULT_SCRIPT, encoding="utf-8") as f:
        return f.read()


def inject(driver) -> None:
    """Put axe-core in the loaded page unless preload() already has."""
    if not evaluate(driver, "return typeof axe === 'object' && !!axe.run"):
        cdp(driver, "Runtime.evaluate", {"expression": _source()})


def preload(driver) -> None:
    """Have the browser evaluate axe.min.js in every new document, instead of
    sending its 550 KB for each page (DevTools-added scripts run whatever
    the page's CSP says). The Page domain runs them only while it is
    enabled on the connection that added them."""
    if getattr(driver, "hikaya_axe_preloaded", False):
        return  # a second copy would evaluate axe twice in every page
    devtools(driver).send(("Page.enable", {}),
                          ("Page.addScriptToEvaluateOnNewDocument", {"source": _source()}))
    driver.hikaya_axe_preloaded = True


def run(driver, options: dict[str, Any] | None = None, *, fix_ligatures: bool = True) -> dict:
    """axe's results for the loaded page (violations, incomplete, unexamined,
    counts, version); AxeError with axe's own message when the run is
    rejected or no rule ran."""
    options = default_options() if options is None else options
    raw = evaluate(driver, script("axe_run"), options, fix_ligatures, wait=True)
    if isinstance(raw, dict) and raw.get("error") == NOT_LOADED:
        inject(driver)
        raw = evaluate(driver, script("axe_run"), options, fix_ligatures, wait=True)
    if not isinstance(raw, dict):
        raise AxeError(f"axe returned {raw!r}")
    if "error" in raw:
        raise AxeError(f"axe.run failed: {raw['error']}")
    # An unknown tag selects no rule and axe "passes" the page.
    if sum(raw["counts"][kind] for kind in ("passes", "violations", "incomplete")) == 0:
        raise AxeError(f"axe ran no rules with options {options!r}")
    return raw


def findings(result: dict, *, where: dict) -> list[Finding]:
    """axe's violations; what it could not judge, and the text it skipped
    whose contrast the page could not compute, as color-contrast-unverified."""
    out = []
    for violation in result["violations"]:
        wcag = ", ".join(filter(None, map(_criterion, violation["tags"])))
        out += [
            Finding(rule=violation["id"], impact=node["impact"] or violation["impact"] or "",
                    target=node["target"], html=node["html"],
                    message=f"{violation['help']}. {node['message']}", wcag=wcag,
                    source="axe", help_url=violation["helpUrl"], **where)
            for node in violation["nodes"]
        ]
    for item in result["incomplete"]:
        out += [
            own("color-contrast-unverified", node, **where,
                message=f"axe could not tell this text's contrast: {node['message']}")
            for node in item["nodes"]
        ]
    for item in result["unexamined"]:
        c = item["contrast"]
        if "unknown" in c:
            out.append(own("color-contrast-unverified", item, **where, message=(
                f"axe's color-contrast skipped “{item['text']}”, and its contrast "
                f"cannot be computed here: {c['unknown']}")))
        elif c["ratio"] < c["expected"]:
            out.append(Finding(
                rule="color-contrast", impact="serious", wcag="1.4.3", target=item["target"],
                html=item["html"], **where, message=(
                    f"Contrast {c['ratio']}:1 is below {c['expected']}:1 "
                    f"({c['fg']} on {c['bg']}); "
                    f"found by this tool's own check because axe skipped “{item['text']}”")))
    return out


def _criterion(tag: str) -> str:
    """axe's "wcag143" tag -> "1.4.3"."""
    match = re.fullmatch(r"wcag(\d)(\d)(\d+)", tag)
    return ".".join(match.groups()) if match else ""
