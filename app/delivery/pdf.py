"""Pages as PDF files, printed by Debian's Chromium.

A PDF is what travels through messaging apps and what field teams print for
camps and clinics, so it must read like the page: text that a screen reader
and a search can find (tagged, in the page's language), Arabic shaped and in
logical order, headings as a document outline, and small.

Chromium is driven through the same Selenium plumbing as the accessibility
tool (app/browser.py), and prints through the DevTools call
`Page.printToPDF` rather than `window.print()`, so that every option is
written here and none comes from a printer dialog's defaults. What goes on
the paper is the page's own print stylesheet (`@media print` in
static/css/site.css): A4, the content only, link addresses written out.

Only `flask freeze --pdf` imports this module (the app never does), and
Selenium only when a printer starts. Where each PDF goes and the link to it
are app/delivery/downloads.py's.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask

# A4 in inches, as Page.printToPDF takes it: 210 x 297 mm, 595 x 842 pt.
A4_INCHES = (8.27, 11.69)

# Every option spelled out. The margins are the stylesheet's (`@page`), which
# Chromium uses over these when a page sets them; the zeros only stop
# Chromium's own 1 cm default from adding to a page that sets none.
PRINT_OPTIONS = {
    "paperWidth": A4_INCHES[0],
    "paperHeight": A4_INCHES[1],
    # The paper is A4 whatever a stylesheet's `@page { size }` says.
    "preferCSSPageSize": False,
    "marginTop": 0,
    "marginBottom": 0,
    "marginLeft": 0,
    "marginRight": 0,
    "scale": 1,
    "landscape": False,
    # Tints of figure cards and the call to action carry meaning.
    "printBackground": True,
    # No browser header or footer: its date and loopback URL mean nothing
    # on paper; the page prints its own address and source at its end.
    "displayHeaderFooter": False,
    # Structure tags (headings, lists, links, /Lang on every element) for
    # screen readers, reflow and text extraction in logical order.
    "generateTaggedPDF": True,
    # Bookmarks from the page's headings.
    "generateDocumentOutline": True,
    "transferMode": "ReturnAsBase64",
}

# Runs in the page before it is printed (an async script: the last argument
# is the callback). The page is served from a loopback port while it is
# printed, and a PDF keeps its links: each one that stays on the site is
# written against the site's public address instead, which the print
# stylesheet then also prints after the link. Lazy images are loaded and
# fonts settled, so nothing is missing from the paper. Returns what the PDF
# takes from the page, for the printer to check.
PREPARE = """
const site = arguments[0].replace(/\\/$/, "");
const done = arguments[arguments.length - 1];
for (const link of document.querySelectorAll("a[href]")) {
  const url = new URL(link.href);
  if (url.origin !== location.origin) continue;
  const samePage = url.pathname === location.pathname && url.search === location.search;
  if (samePage && url.hash) continue;
  link.setAttribute("href", site + url.pathname + url.search + url.hash);
}
for (const image of document.images) image.loading = "eager";
const images = Array.from(document.images, (image) => image.decode().catch(() => null));
Promise.all([document.fonts.ready, ...images]).then(() => {
  const h1 = document.querySelector("h1");
  done({
    title: document.title,
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    h1: h1 ? h1.innerText : "",
  });
});
"""


class PrintError(RuntimeError):
    """A page could not be printed as an accessible PDF."""


@dataclass(frozen=True)
class PrintedPage:
    url: str
    title: str  # the page's <title>: Chromium writes it as the PDF's Title
    lang: str  # <html lang>: the PDF's /Lang
    direction: str
    h1: str
    pdf: bytes
    seconds: float


class Printer:
    """One headless Chromium that prints page after page."""

    def __init__(self, driver, site_url: str) -> None:
        self.driver = driver
        self.site_url = site_url

    def print(self, url: str) -> PrintedPage:
        started = time.perf_counter()
        self.driver.get(url)
        page = self.driver.execute_async_script(PREPARE, self.site_url)
        if not page["lang"]:
            raise PrintError(f"{url}: <html> has no lang, so the PDF would have no language")
        if not page["title"].strip():
            raise PrintError(f"{url}: the page has no <title> for the PDF's title")
        result = self.driver.execute_cdp_cmd("Page.printToPDF", PRINT_OPTIONS)
        pdf = base64.b64decode(result["data"])
        if not pdf.startswith(b"%PDF-"):
            raise PrintError(f"{url}: Chromium returned no PDF")
        return PrintedPage(
            url=url,
            title=page["title"],
            lang=page["lang"],
            direction=page["dir"],
            h1=page["h1"],
            pdf=pdf,
            seconds=time.perf_counter() - started,
        )


@contextmanager
def printer(
    site_url: str, *, chromium: str | None = None, chromedriver: str | None = None
) -> Iterator[Printer]:
    """A Printer whose PDFs link to `site_url` (the public origin, as in
    canonical URLs), in a Chromium that lives as long as the block."""
    from ..browser import start_chromium

    driver = start_chromium(1280, 900, chromium=chromium, chromedriver=chromedriver)
    try:
        yield Printer(driver, site_url)
    finally:
        driver.quit()


def print_pages(
    app: Flask,
    paths: list[str],
    *,
    chromium: str | None = None,
    chromedriver: str | None = None,
) -> dict[str, PrintedPage]:
    """Print the app's pages at `paths` (/ar/stories/elias/...), served on a
    free loopback port, in one Chromium.

    The PDFs name the site as the freeze does: the origin of SITE_URL, else
    http://localhost (Frozen-Flask's), in the page's address at its end and
    in every link. While printing, the app answers the loopback host even
    when TRUSTED_HOSTS names only the public one."""
    from ..browser import serve

    site_url = app.config.get("SITE_URL") or "http://localhost"
    saved = {key: app.config.get(key) for key in ("SITE_URL", "TRUSTED_HOSTS")}
    app.config.update(SITE_URL=site_url, TRUSTED_HOSTS=None)
    try:
        with serve(app) as base, printer(
            site_url, chromium=chromium, chromedriver=chromedriver
        ) as pdf_printer:
            return {path: pdf_printer.print(base + path) for path in paths}
    finally:
        app.config.update(saved)
