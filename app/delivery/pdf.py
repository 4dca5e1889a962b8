"""Pages as PDF files (what travels through messaging apps and what field
teams print), by Chromium's `Page.printToPDF`: tagged text in the page's
language, Arabic shaped, headings as an outline. Only `flask freeze --pdf`
imports this module; downloads.py says where PDFs go."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask

PRINT_OPTIONS = {
    # A4 in inches, whatever a stylesheet's `@page { size }` says.
    "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": False,
    # The margins are the stylesheet's (`@page`): no Chromium 1 cm default too.
    "marginTop": 0, "marginBottom": 0, "marginLeft": 0, "marginRight": 0,
    "scale": 1, "landscape": False,
    # Tints of figure cards and the call to action carry meaning.
    "printBackground": True,
    # No browser header or footer: its date and loopback URL mean nothing.
    "displayHeaderFooter": False,
    # Structure tags and /Lang for screen readers; bookmarks from headings.
    "generateTaggedPDF": True, "generateDocumentOutline": True,
    "transferMode": "ReturnAsBase64",
}

# Runs in the page before it is printed: links to the site (served from a
# loopback port meanwhile) are written against its public address, lazy
# images loaded and fonts settled. Returns what the PDF takes from the page.
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
  done({title: document.title, lang: document.documentElement.lang});
});
"""


class PrintError(RuntimeError):
    """A page could not be printed as an accessible PDF."""


@dataclass(frozen=True)
class PrintedPage:
    lang: str  # <html lang>: the PDF's /Lang
    pdf: bytes


@dataclass(frozen=True)
class Printer:
    """One headless Chromium that prints page after page."""

    driver: object  # Selenium's WebDriver
    site_url: str

    def print(self, url: str) -> PrintedPage:
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
        return PrintedPage(page["lang"], pdf)


@contextmanager
def printer(site_url: str, *, chromium: str | None = None,
            chromedriver: str | None = None) -> Iterator[Printer]:
    """A Printer whose PDFs link to `site_url` (the public origin), in a
    Chromium that lives as long as the block."""
    from ..browser import start_chromium

    driver = start_chromium(1280, 900, chromium=chromium, chromedriver=chromedriver)
    try:
        yield Printer(driver, site_url)
    finally:
        driver.quit()


def print_pages(app: Flask, paths: list[str], *, chromium: str | None = None,
                chromedriver: str | None = None) -> dict[str, PrintedPage]:
    """Print the app's pages at `paths`, served on a free loopback port, in
    one Chromium. The PDFs name the site as the freeze does (SITE_URL, else
    http://localhost); meanwhile the app answers the loopback host too."""
    from ..browser import serve

    site_url = app.config.get("SITE_URL") or "http://localhost"
    saved = {key: app.config.get(key) for key in ("SITE_URL", "TRUSTED_HOSTS")}
    app.config.update(SITE_URL=site_url, TRUSTED_HOSTS=None)
    try:
        with (serve(app) as base,
              printer(site_url, chromium=chromium, chromedriver=chromedriver) as pdf_printer):
            return {path: pdf_printer.print(base + path) for path in paths}
    finally:
        app.config.update(saved)
