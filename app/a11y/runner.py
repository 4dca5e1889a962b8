"""Drive one browser over every target page at every viewport and collect
findings. Each page is loaded fresh per viewport, so the keyboard walk starts
from a page nobody has touched, as a reader's would."""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import axe, checks, contrast
from .findings import Finding, own
from .scripts import script

VIEWPORTS: tuple[tuple[int, int], ...] = ((390, 844), (1280, 900))
REFLOW_WIDTH = 320  # WCAG 1.4.10: 320 CSS px, as 1280 px at 400 % zoom
FOCUS_RULES = {"focus-visible", "focus-not-obscured", "focus-order", "skip-link-keyboard"}


# Makes every lazy image load and waits for them, at most 3 s.
LOAD_ALL_IMAGES = """
const done = arguments[arguments.length - 1];
const pending = [...document.images].map((img) => {
  img.loading = "eager";
  return img.complete ? null : new Promise((ok) => { img.onload = img.onerror = ok; });
});
setTimeout(() => done(false), 3000);
Promise.all(pending).then(() => done(true));
"""


@dataclass(frozen=True)
class Target:
    url: str
    locale: str  # BCP 47 tag the page should be in; "" when the URL does not say
    direction: str  # "ltr" or "rtl" from CLDR; "" when unknown
    page: str  # the path under the locale prefix: "/", "/stories/elias/"


@dataclass
class Run:
    findings: list[Finding] = field(default_factory=list)
    checked: list[tuple[str, str, str]] = field(default_factory=list)  # (locale, page, viewport)
    screenshots: list[tuple[str, str, str, str]] = field(default_factory=list)  # + relative path
    axe_version: str = ""
    seconds: float = 0.0


def site_targets(base_url: str, languages, pages=None) -> list[Target]:
    """Pages of the site (all by default) in the given languages (app context needed)."""
    from flask import current_app, url_for

    from ..site.pages import all_pages

    targets = []
    with current_app.test_request_context(base_url=base_url):
        for language in languages:
            prefix = f"/{language.tag}"
            for page in pages or all_pages():
                path = url_for(page.endpoint, lang=language.tag, **page.values)
                targets.append(
                    Target(
                        url=base_url.rstrip("/") + path,
                        locale=language.tag,
                        direction=language.direction,
                        page=path[len(prefix) :] or "/",
                    )
                )
    return targets


def url_target(url: str, languages) -> Target:
    """A page given by URL, on any host: its first path segment names its
    locale when it is one of the site's languages, or a tag CLDR knows."""
    from ..site.languages import Language

    path = urlsplit(url).path or "/"
    first, _, rest = path.lstrip("/").partition("/")
    known = {language.tag.lower(): language for language in languages}
    language = known.get(first.lower())
    if language is None and first and 2 <= len(first.split("-")[0]) <= 3:
        try:
            language = Language.from_code(first)
        except RuntimeError:
            language = None
    if language is None:
        return Target(url=url, locale="", direction="", page=path)
    return Target(url=url, locale=language.tag, direction=language.direction, page="/" + rest)


def slug(page: str) -> str:
    return page.strip("/").replace("/", "_") or "home"


class Checker:
    def __init__(
        self,
        driver,
        *,
        out: Path | None = None,
        axe_options: dict | None = None,
        fix_ligatures: bool = True,
    ):
        self.driver = driver
        self.out = out
        self.axe_options = axe_options
        self.fix_ligatures = fix_ligatures
        self.axe_version = ""
        axe.preload(driver)

    def check(self, target: Target, viewport: tuple[int, int], run: Run) -> list[Finding]:
        from .browser import set_viewport

        width, height = viewport
        label = f"{width}x{height}"
        where = {
            "url": target.url,
            "locale": target.locale or "und",
            "page": target.page,
            "viewport": label,
        }
        run.checked.append((where["locale"], target.page, label))
        set_viewport(self.driver, width, height)
        self.driver.get(target.url)
        found: list[Finding] = []

        measured = self.driver.execute_script(script("page_language"))
        found += checks.page_language(
            measured, locale=target.locale, direction=target.direction, where=where
        )
        rtl = (target.direction or measured["direction"]) == "rtl"

        try:
            axe.inject(self.driver)
            result = axe.run(self.driver, self.axe_options, fix_ligatures=self.fix_ligatures)
            self.axe_version = result.version
            found += contrast.findings(result, where=where)
        except axe.AxeError as error:
            found.append(own("axe-error", message=str(error), **where))
        self._crop(found)

        if self.out:
            run.screenshots.append(
                (where["locale"], target.page, label, self._screenshot(target, label))
            )

        stops = checks.tab_walk(self.driver)
        state = checks.focus_visible(stops, where=where) + checks.focus_not_obscured(
            stops, where=where
        )
        state += checks.focus_order(stops, rtl=rtl, where=where)
        self._crop(state)
        found += state
        skip = checks.skip_link(self.driver, stops, where=where)
        self._crop(skip)
        found += skip

        layout = script("layout")
        spacing = checks.text_spacing(
            self.driver.execute_script(layout, "spacing-apply"), where=where
        )
        self._crop(spacing)
        self.driver.execute_script(layout, "spacing-remove")
        found += spacing

        if width < 600:
            # 1.4.10 once per page, in the narrow pass: 320 CSS px wide.
            # As a desktop browser zoomed to 400 %: phone emulation could widen
            # the layout viewport to fit the overflow and hide it.
            set_viewport(self.driver, REFLOW_WIDTH, height, mobile=False)
            narrow = {**where, "viewport": f"{REFLOW_WIDTH}x{height}"}
            wide = checks.reflow(self.driver.execute_script(layout, "reflow"), where=narrow)
            self._crop(wide)
            found += wide
        return found

    def _screenshot(self, target: Target, label: str) -> str:
        """The whole page, for translators to see their text in context."""
        rel = Path("screenshots") / (target.locale or "und") / f"{slug(target.page)}@{label}.png"
        # A capture beyond the viewport does not scroll, so lazy images below
        # the fold would show as empty boxes: load them all first.
        self.driver.execute_async_script(LOAD_ALL_IMAGES)
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics["cssContentSize"]
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "optimizeForSpeed": True,
                "captureBeyondViewport": True,
                "clip": {
                    "x": 0,
                    "y": 0,
                    "width": size["width"],
                    "height": size["height"],
                    "scale": 1,
                },
            },
        )
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return rel.as_posix()

    def _crop(self, found: list[Finding]) -> None:
        """A picture of each finding's element in the state that shows the
        problem (text spacing applied, focus walked, 320 px wide); a focus
        finding's element is focused again, so the picture shows its focus
        rendering and whatever fixed content covers it."""
        if not self.out:
            return
        layout = script("layout")
        for finding in found:
            if not finding.target or finding.crop:
                continue
            focus = finding.rule in FOCUS_RULES
            try:
                rect = self.driver.execute_script(layout, "rect", finding.target, focus)
            except Exception:  # an axe selector this browser cannot parse: no picture
                rect = None
            if not rect or rect["width"] < 1 or rect["height"] < 1:
                continue
            pad = 8
            clip = {
                "x": max(rect["x"] - pad, 0),
                "y": max(rect["y"] - pad, 0),
                "width": min(rect["width"] + 2 * pad, 1400),
                "height": min(rect["height"] + 2 * pad, 600),
                "scale": 1,
            }
            shot = self.driver.execute_cdp_cmd(
                "Page.captureScreenshot",
                # Beyond the viewport, fixed content would be drawn where the
                # page is not scrolled to: keep a focus picture as seen.
                {"format": "png", "clip": clip, "captureBeyondViewport": not focus},
            )
            finding.crop = shot["data"]


def http_problem(url: str) -> str | None:
    """A page that does not answer 200 is not a page to pass."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - QA gives the URL
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, OSError) as error:
        return f"could not fetch {url}: {error}"
    return None if status == 200 else f"{url} answered HTTP {status}"


def run(
    targets: list[Target],
    *,
    driver,
    out: Path | None = None,
    viewports=VIEWPORTS,
    axe_options: dict | None = None,
    fix_ligatures: bool = True,
) -> Run:
    started = time.monotonic()
    result = Run()
    checker = Checker(driver, out=out, axe_options=axe_options, fix_ligatures=fix_ligatures)
    for target in targets:
        problem = http_problem(target.url)
        if problem:
            result.findings.append(
                own(
                    "page-error",
                    message=problem,
                    url=target.url,
                    locale=target.locale or "und",
                    page=target.page,
                    viewport="-",
                )
            )
            continue
        for viewport in viewports:
            result.findings += checker.check(target, viewport, result)
    result.axe_version = checker.axe_version
    result.seconds = time.monotonic() - started
    return result
