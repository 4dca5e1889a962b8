"""axe-core through axe-selenium-python 3.x, without its pitfalls.

The package's Axe.run() pastes options into JavaScript with %r/%s (Python's
True/None break it) and only wires the promise's success path, so a rejected
run shows up as a 30-second timeout. Here axe.min.js is injected with the
package's own inject(), and axe.run is called by our script with the options
as a real script argument and both outcomes reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .scripts import script

# What js/axe_run.js says when the page has no axe-core in it.
NOT_LOADED = "axe-core is not loaded in this page"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def default_options() -> dict[str, Any]:
    # Passing nodes are not needed node by node (axe then describes one per
    # rule): js/axe_run.js records the elements color-contrast examined
    # itself, for the contrast coverage check.
    # Before rules that need them, axe preloads the page's style sheets
    # (cssom) and media; only css-orientation-lock reads the style sheets,
    # and it is tagged experimental, so none of TAGS runs it: the sheets are
    # not read for nothing (tests/a11y/test_axe_targets.py checks this).
    return {
        "runOnly": {"type": "tag", "values": list(TAGS)},
        "resultTypes": ["violations", "incomplete"],
        "preload": {"assets": ["media"]},
    }


class AxeError(RuntimeError):
    """axe-core did not run, or ran no rule: the page is unchecked, not clean."""


@dataclass
class AxeResult:
    violations: list[dict]
    incomplete: list[dict]
    unexamined: list[dict]
    counts: dict[str, int]
    version: str


def inject(driver) -> None:
    """Make axe-core available in the loaded page: already there when
    preload() was called on this driver, else injected now."""
    if driver.execute_script("return typeof axe === 'object' && !!axe.run"):
        return
    # Imported here so that the site never needs selenium or axe installed.
    from axe_selenium_python import Axe

    Axe(driver).inject()


def preload(driver) -> None:
    """Have the browser evaluate axe.min.js in every new document, instead of
    sending its 550 KB through WebDriver for each page. DevTools-added
    scripts run whatever the page's CSP says, as injected ones do."""
    from axe_selenium_python.axe import _DEFAULT_SCRIPT

    if getattr(driver, "hikaya_axe_preloaded", False):
        return  # a second copy would evaluate axe twice in every page
    with open(_DEFAULT_SCRIPT, encoding="utf-8") as f:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": f.read()})
    driver.hikaya_axe_preloaded = True


def run(driver, options: dict[str, Any] | None = None, *, fix_ligatures: bool = True) -> AxeResult:
    """Run axe on the loaded page, injecting it first if preload() did not
    put it there. Raises AxeError with axe's own message when the run is
    rejected, and when no rule ran."""
    options = default_options() if options is None else options
    raw = driver.execute_async_script(script("axe_run"), options, fix_ligatures)
    if isinstance(raw, dict) and raw.get("error") == NOT_LOADED:
        inject(driver)
        raw = driver.execute_async_script(script("axe_run"), options, fix_ligatures)
    if not isinstance(raw, dict):
        raise AxeError(f"axe returned {raw!r}")
    if "error" in raw:
        raise AxeError(f"axe.run failed: {raw['error']}")
    counts = raw["counts"]
    # An unknown tag selects no rule and axe "passes" the page: count it as
    # the failure it is. Inapplicable rules did not test anything.
    if counts["passes"] + counts["violations"] + counts["incomplete"] == 0:
        raise AxeError(f"axe ran no rules with options {options!r}")
    return AxeResult(
        violations=raw["violations"],
        incomplete=raw["incomplete"],
        unexamined=raw["unexamined"],
        counts=counts,
        version=raw["version"],
    )
