"""`flask freeze`: the whole site as static files that any static host or
nginx serves without Python (pages, static files, sitemap, robots.txt,
404s, a root language chooser); `--zip` adds the offline bundle (bundle.py),
`--pdf` each page's PDF (pdf.py), linked from the page."""

from __future__ import annotations

import contextvars
import multiprocessing
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import click
from flask import Flask, current_app, render_template, url_for
from flask.cli import with_appcontext
from flask.testing import EnvironBuilder
from werkzeug.exceptions import HTTPException

from ..browser import browser_options
from ..catalogs.gettext import render_text
from ..site.availability import published_languages
from ..site.depends import CHOOSER_TEMPLATE
from ..site.languages import Language, default_language
from ..site.pages import find_page
from ..writing import replaced
from . import incremental, publish
from .bundle import ZIP_TOP, write_offline_zip
from .caching import fingerprinted
from .downloads import DOWNLOADS, Download, pdf_path
from .incremental import NOT_FOUND, SITEMAP
from .output import file_name, write
from .parallel import freeze_workers, in_workers

if TYPE_CHECKING:  # the printer is imported only by --pdf
    from .pdf import PrintedPage


def site_languages() -> list[Language]:
    """The languages the root sends a reader to: the home page's (no pseudo-locale)."""
    return published_languages(find_page("pages.home", {}))


@dataclass(frozen=True)
class FreezeResult:
    out: Path
    pages: int  # page x language HTML files, 404s and chooser not counted
    files: int  # every file written, .gz twins included
    seconds: float
    pdfs: dict[str, Download]  # page path -> its PDF
    print_seconds: float
    decision: incremental.Decision
    printed: int  # PDFs printed by this freeze (the others were kept)


def freeze_site(app: Flask, out: Path, pdfs: dict | None = None,
                *, full: bool = False) -> FreezeResult:
    """Write the static site to `out` (publish.py), only the pages whose
    inputs changed unless `full` (incremental.py). With `pdfs` (the printer's
    options), pages are printed first, so that each links its PDF's size."""
    out = Path(os.path.abspath(out))  # not resolve(): DIR is the link, not its target
    try:
        with publish.locked(out):
            publish.check_replaceable(out)
            started = time.perf_counter()
            publish.sweep(out)
            last = (None, None) if full else incremental.last_freeze(out)
            # The spare tree, when a freeze can keep pages, is made the
            # published one's copy meanwhile (incremental.mirror).
            building, reused = publish.new_tree(out, spare=last[1] is not None)
            mirrored = incremental.mirror(building, *last) if reused else None
            try:
                try:
                    decision = _in_context(app, partial(incremental.decide, app, last, out,
                                                        full=full, pdfs=pdfs is not None))
                finally:
                    names = mirrored() if mirrored else None  # not a file written after this
                decision.keep(building, names)  # a page whose files are gone is rendered
                printed: dict[str, PrintedPage] = {}
                if pdfs is not None and decision.render:
                    from .pdf import print_pages  # the printer, only when asked for

                    printed = print_pages(app, decision.render, **pdfs)
                print_seconds = time.perf_counter() - started
                downloads = {**decision.downloads,
                             **{path: Download("/" + pdf_path(path), len(page.pdf), page.lang)
                                for path, page in printed.items()}}
                # A full render's manifest inputs are made while its workers render.
                pages, written = _build(app, building, downloads, printed, decision.render,
                                        kept=decision.others,
                                        meanwhile=partial(_in_context, app, decision.settle))
                _in_context(app, decision.settle)
                files = len(written) + sum(map(len, [*decision.kept.values(),
                                                     *decision.others.values()]))
                decision.record(building, set(written), downloads)
                publish.swap(building, out)
            except BaseException:
                publish.remove(building)
                raise
    except OSError as exc:
        raise publish.fault(exc, out) from None
    return FreezeResult(out, pages + len(decision.kept), files, time.perf_counter() - started,
                        downloads, print_seconds, decision, len(printed))


def _build(app: Flask, building: Path, downloads: dict[str, Download],
           printed: dict[str, PrintedPage], paths: list[str], *,
           kept: dict[str, list[str]], meanwhile=None) -> tuple[int, list[str]]:
    """Render `paths` and the site's other files but the `kept` sitemap and
    404 pages into `building`: (pages, the files written). `meanwhile()`
    runs while the workers render."""
    urls = [*paths, *_in_context(app, lambda: [url_for("site.robots"), *(
        [] if SITEMAP in kept else [url_for("site.sitemap")])])]
    # Pages link their PDF (templates/layouts/base.html) only while this is set.
    app.extensions[DOWNLOADS] = downloads
    try:
        workers = freeze_workers(app, len(urls))
        files = in_workers(workers, partial(_freeze_share, app, building, Deck(urls, workers)),
                           meanwhile)
        languages = _in_context(app, site_languages)
        if not {f"/{NOT_FOUND}", *(f"/{lang.tag}/{NOT_FOUND}" for lang in languages)} <= {
                url for url, names in kept.items() if names}:
            files += _write_not_found_pages(app, building, languages)
        chooser = _in_context(app, partial(_render_chooser, app, languages))
        files += write(building, "index.html", chooser.encode())
    finally:
        app.extensions.pop(DOWNLOADS, None)
    for path, page in printed.items():
        files += write(building, downloads[path].href.lstrip("/"), page.pdf)
    return sum(1 for url in paths if url.endswith("/")), files


def _freeze_share(app: Flask, root: Path, deck: Deck, share: int) -> list[str]:
    """Write the URLs this worker draws from `deck` and (share 0) the static
    files: the files written."""
    written = []
    if share == 0:
        files = app.extensions["hikaya_static"]
        static = app.static_url_path.strip("/")
        for name in files.names():
            entry = files.get(name)
            written += write(root, f"{static}/{fingerprinted(name, entry.digest)}", entry.data)
    base = EnvironBuilder(app, "/").get_environ()  # made once: a tenth of the freeze
    for url in deck.draw():
        written += write(root, file_name(url), contextvars.Context().run(_render, app, url, base))
    return written


class Deck:
    """The URLs to render, a page's languages together (/ar/join/ with
    /en/join/: they show the same language links, built once in one worker),
    in hands the workers draw in turn until none is left: a worker slowed by
    its pages or by the machine draws fewer, and all end together."""

    HAND = 8  # pages a draw: a few milliseconds of work, a lock taken a few hundred times

    def __init__(self, urls: list[str], workers: int):
        pages: dict[str, list[str]] = {}
        for url in urls:
            pages.setdefault(url.split("/", 2)[-1], []).append(url)
        groups = list(pages.values())
        self.hands = [[url for group in groups[at:at + self.HAND] for url in group]
                      for at in range(0, len(groups), self.HAND)]
        # Shared by the forked workers; one worker needs no sharing.
        self.next = multiprocessing.get_context("fork").Value("i", 0) if workers > 1 else None

    def draw(self) -> Iterator[str]:
        if self.next is None:
            for hand in self.hands:
                yield from hand
            return
        while True:
            with self.next.get_lock():
                number = self.next.value
                self.next.value += 1
            if number >= len(self.hands):
                return
            yield from self.hands[number]


def _render(app: Flask, url: str, base: dict) -> bytes:
    """The body of the page at `url` by Flask's dispatch alone: a test
    client's layers and the after-request functions only make headers
    (a quarter of the cost); `base` is a test client's environ."""
    raw = url.encode().decode("latin1")  # WSGI: UTF-8 bytes as latin-1
    environ = {**base, "PATH_INFO": unquote(url).encode().decode("latin1"),
               "REQUEST_URI": raw, "RAW_URI": raw, "wsgi.input": BytesIO()}
    with app.request_context(environ):
        try:
            answer = app.preprocess_request() or app.dispatch_request()
        except HTTPException as exc:
            answer = exc.get_response()
        response = app.make_response(answer)
        if response.status_code != 200:
            raise ValueError(f"Unexpected status {response.status!r} on URL {url}")
        return response.get_data()


def _in_context(app: Flask, function):
    """function() in a request context of its own: Flask would otherwise
    reuse the command's app context, and its `g`, for everything."""
    def call():
        with app.test_request_context("/"):
            return function()

    return contextvars.Context().run(call)


def _write_not_found_pages(app: Flask, root: Path, languages: list[Language]) -> list[str]:
    """The app's own 404 per language, asked for as a reader meets it; at
    the root, the default language's: the files written."""
    written = []
    client = app.test_client()
    targets = [(f"/{lang.tag}/{NOT_FOUND}", f"{lang.tag}/{NOT_FOUND}") for lang in languages]
    for url, name in [*targets, ("/not-found/", NOT_FOUND)]:
        response = contextvars.Context().run(client.get, url)
        if response.status_code != 404:
            raise RuntimeError(f"{url} answered {response.status}, expected the 404 page")
        written += write(root, name, response.get_data())
    return written


def _render_chooser(app: Flask, languages: list[Language]) -> str:
    # Each choice in its own language: site.toml's names, as catalog messages.
    choices = [{"language": language,
                "organisation": render_text(app.config["ORGANISATION"], {}, locale=language.code),
                "site_name": render_text(app.config["TITLE"], {}, locale=language.code)}
               for language in languages]
    default = default_language()
    first = next((c for c in choices if c["language"] == default), choices[0])
    return render_template(CHOOSER_TEMPLATE, choices=choices, language=default, first=first)


@click.command("freeze")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the static site: a link to the last finished freeze, swapped "
                   "in one rename [default: the site's build/site].")
@click.option("--zip", "zip_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write an offline bundle that opens from a file manager.")
@click.option("--pdf", "with_pdf", is_flag=True,
              help="Also print every page in every language to a PDF in the page's folder, "
                   "linked from the page (Debian's Chromium; needs scripts/setup.sh --test).")
@click.option("--zip-pdf", is_flag=True,
              help="Put the PDFs in the offline bundle too (implies --pdf).")
@click.option("--full", is_flag=True,
              help="Render every page, keeping nothing from the last freeze in --out.")
@click.option("--verbose", is_flag=True, help="List the pages rendered for each reason.")
@browser_options
@with_appcontext
def freeze(out: Path | None, zip_path: Path | None, with_pdf: bool, zip_pdf: bool, full: bool,
           verbose: bool, chromium: str | None, chromedriver: str | None) -> None:
    """Write the whole site as static files. Refused while a content file
    has a problem: the static site would silently lack that story."""
    if zip_pdf and not zip_path:
        raise click.UsageError("--zip-pdf puts the PDFs in the bundle: give --zip FILE too")
    pdfs = {"chromium": chromium, "chromedriver": chromedriver} if with_pdf or zip_pdf else None
    app = current_app._get_current_object()
    problems = app.extensions["hikaya_content"].problems
    if problems:
        click.echo("\n".join(map(str, problems)), err=True)
        raise click.ClickException(f"{len(problems)} problem(s) in content or static files; "
                                   "fix them to freeze the site")
    if not app.config.get("SITE_URL"):
        click.echo("note: HIKAYA_SITE_URL is not set, so canonical and sitemap URLs "
                   "name http://localhost/", err=True)
    out = out or Path(app.config["SITE_DIR"], "build", "site")
    result = freeze_site(app, out, pdfs, full=full)
    incremental.report(result.decision, verbose=verbose)
    click.echo(f"froze {result.pages} pages in {len(site_languages())} languages "
               f"({result.files} files) into {result.out} in {result.seconds:.2f} s")
    if result.pdfs:
        sizes = sorted(download.size for download in result.pdfs.values())
        kept = f", kept {len(sizes) - result.printed}" if result.printed < len(sizes) else ""
        click.echo(f"printed {result.printed} PDFs{kept} in {result.print_seconds:.1f} s: "
                   f"{sum(sizes) / 1024:.0f} KB in all, largest {sizes[-1] / 1024:.0f} KB")
    if zip_path:
        # Whole or not at all: a field team never downloads half a bundle.
        try:
            with replaced(zip_path) as tmp:
                size = write_offline_zip(result.out, tmp, pdfs=pdfs is not None and zip_pdf)
        except OSError as exc:
            raise click.ClickException(f"cannot write {zip_path}: {exc.strerror or exc}; "
                                       f"the site in {result.out} is published") from None
        click.echo(f"wrote {zip_path} ({size / 1024:.0f} KB): unzip, open {ZIP_TOP}/index.html")
