"""Drive a browser's tabs over the target pages at every viewport and collect
findings, in the order of the targets whatever finished first."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..browser import cdp, navigate, set_viewport
from . import axe, checks
from .checks import evaluate, run_batch, script
from .findings import Finding, own
from .targets import Target, resolve, slug

VIEWPORTS: tuple[tuple[int, int], ...] = ((390, 844), (1280, 900))
REFLOW_WIDTH = 320  # WCAG 1.4.10: 320 CSS px, as 1280 px at 400 % zoom
FOCUS_RULES = {"focus-visible", "focus-not-obscured", "focus-order", "skip-link-keyboard"}


@dataclass
class Run:
    findings: list[Finding] = field(default_factory=list)
    checked: list[tuple[str, str, str]] = field(default_factory=list)  # (locale, page, viewport)
    screenshots: list[tuple[str, str, str, str]] = field(default_factory=list)  # + relative path
    axe_version: str = ""
    seconds: float = 0.0
    jobs: int = 1
    position: int = 0  # of one page's part: its target's position
    parts: list[Run] = field(default_factory=list, repr=False)  # one per page, in order

    def __post_init__(self) -> None:
        """A whole run holds what its pages' parts found."""
        for part in self.parts:
            self.findings += part.findings
            self.checked += part.checked
            self.screenshots += part.screenshots
            self.axe_version = self.axe_version or part.axe_version


class PageError(RuntimeError):
    """The page did not answer as it should: nothing on it can be checked."""


class Checker:
    def __init__(self, driver, *, out: Path | None = None, axe_options: dict | None = None,
                 fix_ligatures: bool = True, screenshots: bool = False, one_load: bool = True,
                 replay: bool = True):
        self.driver, self.out, self.screenshots = driver, out, screenshots
        self.one_load, self.replay = one_load, replay
        self.axe_options, self.fix_ligatures = axe_options, fix_ligatures
        self.axe_version = ""
        axe.preload(driver)

    def check_page(self, target: Target, viewports, run: Run) -> list[Finding]:
        """The page at every viewport: loaded once and resized when only the
        viewport can change it (js/view.js), else loaded per width. Its skip
        link is tried last, once per distinct walk, as activating it scrolls."""
        found: list[Finding] = []
        deferred: list[tuple] = []
        loaded = False
        for viewport in viewports:
            set_viewport(self.driver, *viewport)
            if loaded:
                _, measured = run_batch(self.driver, ("view", "settle"), ("page_language",))
            else:
                navigate(self.driver, target.url)
                page, measured = run_batch(self.driver, ("view", "loaded"), ("page_language",))
                problem = status_problem(target, page["status"])
                if problem:
                    raise PageError(problem)
                loaded = self.one_load and page["oneLoad"]
            first_walk = deferred[0][1][2] if deferred and self.replay else ""
            more, skip = self.check(target, viewport, run, measured, replay=first_walk)
            found += more
            if loaded:
                deferred.append((viewport, skip))
            else:
                found += self._skip_link(viewport, skip, {})
        # Last width first (the page is at it); one activation per distinct walk.
        tried: dict[str, dict] = {}
        for viewport, skip in reversed(deferred):
            found += self._skip_link(viewport, skip, tried)
        return found

    def _skip_link(self, viewport, skip, tried: dict) -> list[Finding]:
        stops, where, label, walk = skip

        def activate(first):
            if walk not in tried:
                set_viewport(self.driver, *viewport)  # reflow or a later width changed it
                tried[walk] = checks.activate_skip_link(self.driver, first, label)
            return tried[walk]

        found = checks.skip_link(stops, where=where, activate=activate)
        if found and self.out:
            set_viewport(self.driver, *viewport)  # the element's picture at this width
        return self._crop(found)

    def check(self, target: Target, viewport: tuple[int, int], run: Run, measured: dict,
              replay: str = ""):
        """Every check but the skip link's at one width: the findings, and what
        the skip-link check needs."""
        width, height = viewport
        label = f"{width}x{height}"
        locale, direction, page = resolve(target, measured["lang"])
        where = {"url": target.url, "locale": locale, "page": page, "viewport": label}
        run.checked.append((locale, page, label))
        found = checks.page_language(
            measured, expected=target.locale, locale=locale, direction=direction, where=where)
        try:
            result = axe.run(self.driver, self.axe_options, fix_ligatures=self.fix_ligatures)
            self.axe_version = result["version"]
            found += axe.findings(result, where=where)
        except axe.AxeError as error:
            found.append(own("axe-error", message=str(error), **where))
        self._crop(found)
        if self.out and self.screenshots:
            run.screenshots.append((locale, page, label, self._screenshot(locale, page, label)))

        stops, walk = checks.tab_walk(self.driver, label, replay=replay)
        rtl = (direction or measured["direction"]) == "rtl"
        found += self._crop(checks.focus_visible(stops, where=where)
                            + checks.focus_not_obscured(stops, where=where)
                            + checks.focus_order(stops, rtl=rtl, where=where))

        spaced, _ = run_batch(
            self.driver, ("layout", "spacing-apply"), ("layout", "spacing-remove"))
        spacing = checks.text_spacing(spaced, where=where)
        if spacing and self.out:
            # Pictured with the spacing applied, as the reader would see it.
            checks.run(self.driver, "layout", "spacing-apply")
            self._crop(spacing)
            checks.run(self.driver, "layout", "spacing-remove")
        found += spacing
        if width < 600:
            # 1.4.10 once per page, in the narrow pass, as a desktop browser
            # zoomed to 400 %: phone emulation could widen the layout
            # viewport to fit the overflow and hide it.
            set_viewport(self.driver, REFLOW_WIDTH, height, mobile=False)
            narrow = {**where, "viewport": f"{REFLOW_WIDTH}x{height}"}
            found += self._crop(
                checks.reflow(checks.run(self.driver, "layout", "reflow"), where=narrow))
        return found, (stops, where, label, walk)

    def _capture(self, clip: dict, **settings) -> str:
        shot = cdp(self.driver, "Page.captureScreenshot",
                   {"format": "png", "clip": {**clip, "scale": 1}, **settings})
        return shot["data"]

    def _screenshot(self, locale: str, page: str, label: str) -> str:
        """The whole page, for translators to see their text in context."""
        rel = Path("screenshots") / locale / f"{slug(page)}@{label}.png"
        evaluate(self.driver, script("load_images"), wait=True)
        size = cdp(self.driver, "Page.getLayoutMetrics")["cssContentSize"]
        data = self._capture({"x": 0, "y": 0, "width": size["width"], "height": size["height"]},
                             optimizeForSpeed=True, captureBeyondViewport=True)
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return rel.as_posix()

    def _crop(self, found: list[Finding]) -> list[Finding]:
        """A picture of each finding's element as it shows the problem: a focus
        finding's element focused again, with whatever fixed content covers it."""
        if not self.out:
            return found
        for finding in found:
            if not finding.target or finding.crop:
                continue
            focus = finding.rule in FOCUS_RULES
            try:
                rect = checks.run(self.driver, "layout", "rect", finding.target, focus)
            except Exception:  # an axe selector this browser cannot parse: no picture
                rect = None
            if not rect or rect["width"] < 1 or rect["height"] < 1:
                continue
            pad = 8
            clip = {"x": max(rect["x"] - pad, 0), "y": max(rect["y"] - pad, 0),
                    "width": min(rect["width"] + 2 * pad, 1400),
                    "height": min(rect["height"] + 2 * pad, 600)}
            # Beyond the viewport, fixed content would be drawn where the page
            # is not scrolled to: keep a focus picture as seen.
            finding.crop = self._capture(clip, captureBeyondViewport=not focus)
        return found


def status_problem(target: Target, status: int | None) -> str | None:
    """What is wrong with the status navigation timing gives (0, or no entry:
    the browser shows its own error page)."""
    if not status:
        return f"could not fetch {target.url}: the browser got no HTTP response"
    if status != target.status:
        return f"{target.url} answered HTTP {status}, not {target.status}"
    return None


def check_target(checker: Checker, target: Target, viewports) -> Run:
    result = Run(position=target.position)
    try:
        result.findings += checker.check_page(target, viewports, result)
    except PageError as error:  # no view checked
        return Run(position=target.position, findings=[own(
            "page-error", message=str(error), url=target.url, page=target.page, viewport="-",
            locale=target.locale or target.prefix or "und")])
    result.axe_version = checker.axe_version
    return result


def run(targets: list[Target], *, driver=None, start_browser: Callable[[], object] | None = None,
        jobs: int = 1, viewports=VIEWPORTS, **options) -> Run:
    """Check every target at every viewport: in `driver`, or in `jobs` tabs
    side by side of one browser started by `start_browser` (a
    browser.Chromium), each tab in its own thread (a call waits on the
    page), the browser quit at the end."""
    started = time.monotonic()
    if not targets:
        return Run(jobs=0)
    jobs = 1 if driver is not None else max(1, min(jobs, len(targets)))
    browser = None if driver is not None else start_browser()
    local = threading.local()

    def check(target: Target) -> Run:
        if not hasattr(local, "checker"):
            local.checker = Checker(driver or browser.tab(), **options)
        return check_target(local.checker, target, viewports)

    try:
        # map keeps the targets' order and, on an error, cancels the pages not begun.
        with ThreadPoolExecutor(jobs, thread_name_prefix="a11y") as pool:
            parts = list(pool.map(check, targets))
    finally:
        if browser is not None:
            browser.quit()
    return Run(jobs=jobs, parts=parts, seconds=time.monotonic() - started)
