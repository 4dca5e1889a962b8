"""`flask freeze [--out DIR] [--zip FILE]`: the whole site as static files.

The frozen site is how Hikaya scales out: any static host, CDN or the nginx
configuration in deploy/ serves it without Python. It holds every page in
every published language, the fingerprinted static files, sitemap.xml,
robots.txt, a 404.html per language (and one at the root), and a root
index.html where a reader picks a language without JavaScript. Text files
also get a gzipped twin (page.html.gz) for nginx's gzip_static.

`--zip` writes an offline bundle for field teams: the same pages with links
rewritten relative (directory links to index.html), so they open from a
phone's file manager over file://.

`--pdf` also prints every page in every language it is published in to
`<page folder>/hikaya-<page>-<lang>.pdf` (app/delivery/pdf.py, in Debian's Chromium),
and each frozen page links its own PDF with the file's size. `--zip-pdf`
puts the PDFs in the offline bundle too; without it the bundle leaves them
and the links to them out.
"""

from __future__ import annotations

import contextvars
import time
import warnings
from dataclasses import dataclass, field
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING
from unicodedata import normalize
from urllib.parse import unquote

import click
from flask import Flask, current_app, render_template, url_for
from flask.cli import with_appcontext
from flask.testing import EnvironBuilder
from flask_frozen import Freezer, MissingURLGeneratorWarning
from werkzeug.exceptions import HTTPException

from ..browser import browser_options
from ..catalogs.gettext import render_text
from ..site.availability import published_languages
from ..site.languages import Language, default_language
from ..site.pages import find_page
from ..writing import replaced
from . import incremental, publish
from .bundle import ZIP_TOP, write_offline_zip
from .downloads import DOWNLOADS, Download, downloads_for
from .output import PRECOMPRESS, Recorder, gzipped, precompress, write_twin
from .parallel import freeze_workers, in_workers

if TYPE_CHECKING:  # the printer is imported only by --pdf
    from .pdf import PrintedPage

# The root page of the static site: one link per language, each labelled in
# its own language and script, and nothing that needs JavaScript.
CHOOSER_TEMPLATE = "freeze/index.html"


def site_languages() -> list[Language]:
    """The languages a reader can be sent to from the root: those the home
    page is published in. Pseudo-locales are never among them."""
    return published_languages(find_page("pages.home", {}))


def published_paths(app: Flask) -> list[str]:
    """The path of every page in every language it is published in, in the
    order of the page list: what the freeze writes, and prints with --pdf."""

    return [p.path for p in contextvars.Context().run(incremental.published, app)]


@dataclass(frozen=True)
class PdfOptions:
    """--pdf: print every page; chromium and chromedriver as for flask a11y."""

    chromium: str | None = None
    chromedriver: str | None = None


@dataclass(frozen=True)
class FreezeResult:
    out: Path
    pages: int  # page x language HTML files, 404s and chooser not counted
    files: int  # every file written, .gz twins included
    seconds: float
    pdfs: dict[str, Download] = field(default_factory=dict)  # page path -> its PDF
    print_seconds: float = 0.0
    # What was rendered and why; the other pages were kept from the last freeze.
    decision: incremental.Decision | None = None
    printed: int = 0  # PDFs printed by this freeze (the others were kept)


def freeze_site(app: Flask, out: Path, pdfs: PdfOptions | None = None,
                *, full: bool = False) -> FreezeResult:
    """Write the static site to `out`, replacing a previous freeze there.

    One freeze per `out` at a time, each built in a folder of its own and
    published by one rename (app/delivery/publish.py), so a server reading
    `out` never sees half a site, and a freeze that fails or is killed
    leaves the published one as it was. An error writing files (a full
    disk, a folder it may not write) is a one-line ClickException naming
    `out`. With `pdfs`, every page is printed first, so that each page can
    link its PDF with the file's size. Only the pages whose inputs changed
    since the freeze published in `out` are rendered (and printed), unless
    `full` (app/delivery/incremental.py)."""
    out = publish.absolute(out)
    try:
        with publish.locked(out):
            publish.check_replaceable(out)
            started = time.perf_counter()
            publish.sweep(out)
            decision = contextvars.Context().run(
                _in_app_context, app,
                partial(incremental.decide, app, out, full=full, pdfs=pdfs is not None))
            building = publish.new_tree(out)
            try:
                decision.keep(building)  # a page whose files are gone is rendered
                printed: dict[str, PrintedPage] = {}
                if pdfs is not None and decision.render:
                    from .pdf import print_pages  # the printer, only when asked for

                    printed = print_pages(app, decision.render, chromium=pdfs.chromium,
                                          chromedriver=pdfs.chromedriver)
                print_seconds = time.perf_counter() - started
                downloads = {**decision.downloads, **downloads_for(printed)}
                pages, files = _build(app, building, downloads, printed, decision.render)
                decision.record(building, downloads)
                publish.swap(building, out)
            except BaseException:
                publish.remove(building)
                raise
    except OSError as exc:
        raise publish.fault(exc, out) from None
    return FreezeResult(
        out, pages + len(decision.kept), files, time.perf_counter() - started, downloads,
        print_seconds, decision, len(printed),
    )


def _build(
    app: Flask,
    building: Path,
    downloads: dict[str, Download],
    printed: dict[str, PrintedPage],
    paths: list[str],
) -> tuple[int, int]:
    app.config.update(
        FREEZER_DESTINATION=str(building),
        FREEZER_REMOVE_EXTRA_FILES=False,
        # A page that redirects or fails is a bug to see, not a file to write.
        FREEZER_REDIRECT_POLICY="error",
    )
    urls = [*paths,
            *contextvars.Context().run(_in_request_context, app, _file_urls)]
    workers = freeze_workers(app, len(urls))
    original = app.wsgi_app
    app.wsgi_app = recorder = Recorder(original)
    # Each page is asked for once: keeping them all in memory would only cost.
    cached = app.config["PAGE_CACHE"]
    app.config["PAGE_CACHE"] = False
    # Pages link their PDF (templates/layouts/base.html) only while this is set.
    app.extensions[DOWNLOADS] = downloads
    try:
        frozen = in_workers(workers, partial(_freeze_share, app, building, recorder, urls,
                                             workers))
        pages = sum(1 for url in frozen if url.endswith("/"))
        languages = contextvars.Context().run(_in_app_context, app, site_languages)
        written = _write_not_found_pages(app, building, languages)
        chooser = contextvars.Context().run(_render_chooser, app, languages)
        (building / "index.html").write_text(chooser, encoding="utf-8")
        written.append(building / "index.html")
    finally:
        app.wsgi_app = original
        app.config["PAGE_CACHE"] = cached
        app.extensions.pop(DOWNLOADS, None)

    for path, page in printed.items():
        (building / downloads[path].href.lstrip("/")).write_bytes(page.pdf)
    precompress(written)
    return pages, sum(1 for p in building.rglob("*") if p.is_file())


def _file_urls() -> list[str]:
    """The site's files that are not pages."""
    return [url_for("site.sitemap"), url_for("site.robots")]


def _freeze_share(app: Flask, root: Path, recorder: Recorder, urls: list[str],
                  workers: int, share: int) -> list[str]:
    """Write every `workers`-th page from the `share`-th, and (share 0) the
    static files, each text file with its gzipped twin: the URLs written.

    Pages are rendered by Flask's own dispatch (`_render`), in a request
    context of their own, as a server would render them minus what only
    makes headers (the WSGI plumbing of a test client, the headers
    middleware, the after-request functions): a quarter of a page's cost,
    and nothing of what is written. An exception or a status other than 200
    stops the freeze."""
    written = []
    # The static files go through Frozen-Flask (share 0 only); its mapping
    # of a URL to a file name serves every share.
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False,
                      log_url_for=False)
    if share == 0:
        # The site's static files and the engine's it does not override.
        names = app.extensions["hikaya_static"].names()
        freezer.register_generator(lambda: (("static", {"filename": n}) for n in names))
        with warnings.catch_warnings():
            # Pages are written below; the bare root is the chooser.
            warnings.simplefilter("ignore", MissingURLGeneratorWarning)
            static = sorted(freezer.freeze())
        for url in static:
            packed = recorder.packed.get(url)
            if packed is not None:
                write_twin(root / freezer.urlpath_to_filepath(url), packed)
        written.extend(static)
    base = page_environ(app)
    for url in urls[share::workers]:
        body = contextvars.Context().run(_render, app, url, base)
        path = root / normalize("NFC", freezer.urlpath_to_filepath(unquote(url)))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        packed = gzipped(body) if path.suffix in PRECOMPRESS else None
        if packed is not None:
            write_twin(path, packed)
        written.append(url)
    return written


def _render(app: Flask, url: str, base: dict | None = None) -> bytes:
    """The body of the page at `url`, as the app sends it.

    The request is the one a test client makes (`base`: its environ, made
    once by `page_environ`), with only the path changed: building it anew
    for each page was a tenth of the freeze. The before-request functions
    run (they settle the language and the page), the after-request ones do
    not: they only set headers (an ETag, compression the request does not
    ask for), which a file does not keep."""
    if base is None:
        base = page_environ(app)
    environ = dict(base, PATH_INFO=_wsgi_path(unquote(url)), REQUEST_URI=_wsgi_path(url),
                   RAW_URI=_wsgi_path(url))
    environ["wsgi.input"] = BytesIO()
    with app.request_context(environ):
        try:
            answer = app.preprocess_request()
            if answer is None:
                answer = app.dispatch_request()
        except HTTPException as exc:
            answer = exc.get_response()
        response = app.make_response(answer)
        if response.status_code != 200:
            raise ValueError(f"Unexpected status {response.status!r} on URL {url}")
        return response.get_data()


def page_environ(app: Flask) -> dict:
    """The WSGI environ of a test client's GET of the site's root."""
    builder = EnvironBuilder(app, "/")
    try:
        return builder.get_environ()
    finally:
        builder.close()


def _wsgi_path(path: str) -> str:
    """A path as WSGI carries it: its UTF-8 bytes as latin-1 characters."""
    return path.encode().decode("latin1")


def _in_request_context(app: Flask, function):
    with app.test_request_context("/"):
        return function()


def _in_app_context(app: Flask, function):
    with app.app_context():
        return function()


def _write_not_found_pages(app: Flask, root: Path, languages: list[Language]) -> list[Path]:
    """The app's own localized 404, asked for the way a reader meets it."""
    client = app.test_client()
    targets = [(f"/{language.tag}/404.html", root / language.tag / "404.html")
               for language in languages]
    # Outside any language prefix, with no Accept-Language: the default one.
    targets.append(("/not-found/", root / "404.html"))
    for url, path in targets:
        response = client.get(url)
        if response.status_code != 404:
            raise RuntimeError(f"{url} answered {response.status}, expected the 404 page")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(response.get_data())
    return [path for _, path in targets]


def _render_chooser(app: Flask, languages: list[Language]) -> str:
    with app.test_request_context("/"):
        choices = [
            {
                "language": language,
                # site.toml's, each a message of the site's catalogs.
                "organisation": render_text(app.config["ORGANISATION"], {},
                                            locale=language.code),
                "site_name": render_text(app.config["TITLE"], {}, locale=language.code),
            }
            for language in languages
        ]
        default = default_language()
        # The page itself is in the default language; each choice in its own.
        first = next((c for c in choices if c["language"] == default), choices[0])
        return render_template(CHOOSER_TEMPLATE, choices=choices, language=default, first=first)


@click.command("freeze")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the static site: a link to the last finished freeze, swapped in "
    "one rename [default: the site's build/site].",
)
@click.option(
    "--zip",
    "zip_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write an offline bundle that opens from a file manager.",
)
@click.option(
    "--pdf",
    "with_pdf",
    is_flag=True,
    help="Also print every page in every language to a PDF in the page's folder, "
    "linked from the page (Debian's Chromium; needs scripts/setup.sh --test).",
)
@click.option(
    "--zip-pdf", is_flag=True, help="Put the PDFs in the offline bundle too (implies --pdf)."
)
@click.option("--full", is_flag=True,
              help="Render every page, keeping nothing from the last freeze in --out.")
@click.option("--verbose", is_flag=True, help="List the pages rendered for each reason.")
@browser_options
@with_appcontext
def freeze(
    out: Path,
    zip_path: Path | None,
    with_pdf: bool,
    zip_pdf: bool,
    full: bool,
    verbose: bool,
    chromium: str | None,
    chromedriver: str | None,
) -> None:
    """Write the whole site as static files. Refused while a content file
    has a problem: the static site would silently lack that story."""
    if zip_pdf and not zip_path:
        raise click.UsageError("--zip-pdf puts the PDFs in the bundle: give --zip FILE too")
    pdfs = PdfOptions(chromium, chromedriver) if with_pdf or zip_pdf else None
    app = current_app._get_current_object()
    problems = app.extensions["hikaya_content"].problems
    if problems:
        for problem in problems:
            click.echo(f"{problem}", err=True)
        raise click.ClickException(
            f"{len(problems)} problem(s) in content or static files; fix them to freeze the site"
        )
    if not app.config.get("SITE_URL"):
        click.echo(
            "note: HIKAYA_SITE_URL is not set, so canonical and sitemap URLs "
            "name http://localhost/",
            err=True,
        )
    out = out or Path(app.config["SITE_DIR"], "build", "site")
    result = freeze_site(app, out, pdfs, full=full)
    incremental.report(result.decision, verbose=verbose)
    click.echo(
        f"froze {result.pages} pages in {len(site_languages())} languages "
        f"({result.files} files) into {result.out} in {result.seconds:.2f} s"
    )
    if result.pdfs:
        sizes = sorted(download.size for download in result.pdfs.values())
        kept = f", kept {len(sizes) - result.printed}" if result.printed < len(sizes) else ""
        click.echo(
            f"printed {result.printed} PDFs{kept} in {result.print_seconds:.1f} s: "
            f"{sum(sizes) / 1024:.0f} KB in all, largest {sizes[-1] / 1024:.0f} KB"
        )
    if zip_path:
        # Whole or not at all: a field team never downloads half a bundle.
        try:
            with replaced(zip_path) as tmp:
                size = write_offline_zip(result.out, tmp, pdfs=pdfs is not None and zip_pdf)
        except OSError as exc:
            raise click.ClickException(f"cannot write {zip_path}: {exc.strerror or exc}; "
                                       f"the site in {result.out} is published") from None
        click.echo(f"wrote {zip_path} ({size / 1024:.0f} KB): unzip, open {ZIP_TOP}/index.html")
