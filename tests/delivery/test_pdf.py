"""`flask freeze --pdf`: every page in every language it is published in has
a PDF in its folder, linked from the frozen page with its size in the
reader's language. Each PDF, read back with poppler and qpdf (not with the
browser that wrote it), is tagged, A4, in the page's language and titled
like it, outlined by its headings, within budget in faces that print Arabic
well; it holds the page's content only, its text extracts in logical order,
its links lead to the public site, and no page of it is blank or ends on a
heading. Fixture pages with known print defects prove that the checks fire.
"""

from __future__ import annotations

import base64
import posixpath
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel.units import format_unit
from bs4 import BeautifulSoup

from app.a11y.cli import a11y
from app.delivery.bundle import write_offline_zip
from app.delivery.downloads import pdf_path
from app.delivery.pdf import PRINT_OPTIONS, PrintError, printer
from app.delivery.security import SECURITY_HEADERS
from harness.nginx import serve_frozen

from ..support import LOCALES, PAGE_PARAMS, make_app, page_paths
from . import pdfcheck
from .conftest import PDF_SITE
from .test_freeze import html, local_links, published_paths

pytestmark = pytest.mark.browser

BUDGET = 150 * 1024
# What the print stylesheet chooses: Noto Sans for Latin script, Noto Naskh
# Arabic (the book style, clearer on paper than a sans) for Arabic.
PRINT_FAMILIES = {"NotoSans", "NotoNaskhArabic"}
FIXTURES = Path(__file__).parent / "print"
PDF_LINK = 'a[type="application/pdf"]'


def _published_params() -> list:
    """Every page x language the freeze writes (and so prints): a page not
    yet published in a language has neither (test_one_pdf_per_... checks)."""
    app = make_app()
    published = set(published_paths(app))
    return [
        pytest.param(lang, path, id=f"{lang}:{path}")
        for lang in LOCALES
        for path in page_paths(app, lang)
        if path in published
    ]


PUBLISHED_PARAMS = _published_params()


@dataclass(frozen=True)
class Printed:
    path: str
    lang: str
    page: BeautifulSoup  # the frozen HTML page
    link: object  # its PDF link
    pdf: Path  # the file the link leads to


def printed(frozen_pdf, lang: str, path: str) -> Printed:
    page = html(frozen_pdf.site / path.lstrip("/") / "index.html")
    links = page.select(PDF_LINK)
    assert len(links) == 1, "the page links its PDF once"
    target = urlsplit(urljoin(path, links[0]["href"])).path
    return Printed(path, lang, page, links[0], frozen_pdf.site / target.lstrip("/"))


def test_file_names_say_page_and_language():
    assert pdf_path("/ar/") == "ar/hikaya-home-ar.pdf"
    assert pdf_path("/tr/stories/elias/") == "tr/stories/elias/hikaya-stories-elias-tr.pdf"
    assert pdf_path("/en/programs/syria/") == "en/programs/syria/hikaya-programs-syria-en.pdf"
    with pytest.raises(ValueError):
        pdf_path("/")


def test_one_pdf_per_published_page_and_language(frozen_pdf, delivery_app):
    expected = {pdf_path(path) for path in published_paths(delivery_app)}
    found = {p.relative_to(frozen_pdf.site).as_posix() for p in frozen_pdf.site.rglob("*.pdf")}
    assert found == expected
    assert f"printed {len(expected)} PDFs" in frozen_pdf.output


@pytest.mark.parametrize(("lang", "path"), PUBLISHED_PARAMS)
def test_page_links_its_pdf_with_its_size_in_the_readers_language(frozen_pdf, lang, path):
    result = printed(frozen_pdf, lang, path)
    assert result.pdf.relative_to(frozen_pdf.site).as_posix() == pdf_path(path)
    assert result.pdf.is_file()
    assert result.link["hreflang"] == lang
    size = round(result.pdf.stat().st_size / 1000)
    label = result.link.get_text()
    # CLDR's way of writing kilobytes in this language: "48 kB", "48 كيلوبايت",
    # the number held to its unit by a no-break space (never split at a line end).
    written = format_unit(size, "digital-kilobyte", length="short", locale=lang)
    assert written.replace(" ", "\u00a0") in label
    if lang != "en":
        assert "Download" not in label, "the label is translated"
    assert result.link.find_parent(class_="no-print"), "the paper does not show it"


@pytest.mark.parametrize(("lang", "path"), PUBLISHED_PARAMS)
def test_tagged_a4_titled_in_the_page_language(frozen_pdf, lang, path):
    result = printed(frozen_pdf, lang, path)
    info = pdfcheck.info(result.pdf)
    assert info.tagged, "screen readers and reflow need the structure tags"
    assert pdfcheck.is_a4(info), (info.width, info.height)
    assert info.title == result.page.title.get_text(), "the PDF's title is the page's"
    assert pdfcheck.structure(result.pdf).catalog_lang == lang


@pytest.mark.parametrize(("lang", "path"), PUBLISHED_PARAMS)
def test_text_extracts_in_logical_order_with_an_outline(frozen_pdf, lang, path):
    result = printed(frozen_pdf, lang, path)
    h1 = result.page.h1.get_text()
    # Bookmarks are written by Chromium from the DOM: exact text.
    outline = [pdfcheck.normalize(title) for title in pdfcheck.structure(result.pdf).outline]
    assert outline and outline[0] == pdfcheck.normalize(h1), "the first bookmark is the h1"
    # Where that bookmark leads, poppler reads the h1 in logical order.
    first = pdfcheck.bookmarks(result.pdf)[0]
    assert first.page == 1
    assert pdfcheck.letters(h1) in pdfcheck.letters(pdfcheck.text_at(result.pdf, first))
    headings = [pdfcheck.normalize(h.get_text()) for h in result.page.main.find_all(["h2", "h3"])]
    assert set(headings) <= set(outline), "every heading is a bookmark"


@pytest.mark.parametrize(("lang", "path"), PUBLISHED_PARAMS)
def test_content_only_with_source_and_address(frozen_pdf, lang, path):
    result = printed(frozen_pdf, lang, path)
    extracted = pdfcheck.text(result.pdf)
    text = pdfcheck.letters(extracted)
    chrome = [
        result.page.select_one(".skip-link").get_text(),
        result.link.get_text(),
        *(p.get_text() for p in result.page.select(".site-footer p")),
        *(a.get_text() for a in result.page.select(".languages a") if a["hreflang"] != lang),
    ]
    for words in chrome:
        assert pdfcheck.letters(words) not in text, f"{words!r} is screen chrome, not content"
    # The source, then the page's own address, end the last page.
    *_, source, address = [line for line in extracted.splitlines() if line.strip()]
    expected = result.page.select_one(".print-source p").get_text()
    assert pdfcheck.words(source) == pdfcheck.words(expected)
    assert pdfcheck.normalize(address) == f"{PDF_SITE}{path}"


@pytest.mark.parametrize(("lang", "path"), PUBLISHED_PARAMS)
def test_links_lead_to_the_public_site_and_are_written_out(frozen_pdf, lang, path):
    result = printed(frozen_pdf, lang, path)
    uris = pdfcheck.structure(result.pdf).link_uris
    assert uris, "the links are kept, to be followed from a phone"
    assert all(uri.startswith(f"{PDF_SITE}/{lang}/") for uri in uris), uris
    text = pdfcheck.normalize(pdfcheck.text(result.pdf))
    for link in result.page.main.select("a[href]"):
        if link.find_parent(class_=["print-source", "no-print"]) or link["href"].startswith("#"):
            continue
        assert f"{PDF_SITE}{link['href']}" in text, f"{link['href']} is not written out"
    assert pdfcheck.touching_addresses(result.pdf) == [], "an address touches the text beside it"


@pytest.mark.parametrize(("lang", "path"), PUBLISHED_PARAMS)
def test_small_with_embedded_fonts_that_print_arabic_well(frozen_pdf, lang, path):
    result = printed(frozen_pdf, lang, path)
    size = result.pdf.stat().st_size
    assert size <= BUDGET, f"{size / 1024:.0f} KB"
    fonts = pdfcheck.fonts(result.pdf)
    assert fonts
    for font in fonts:
        assert font.embedded and font.subset and font.unicode, font
    families = {pdfcheck.family(font) for font in fonts}
    assert families <= PRINT_FAMILIES, families
    if lang == "ar":
        assert "NotoNaskhArabic" in families


@pytest.mark.parametrize(("lang", "path"), PUBLISHED_PARAMS)
def test_no_blank_page_and_no_page_ends_on_a_heading(frozen_pdf, lang, path):
    result = printed(frozen_pdf, lang, path)
    pages = pdfcheck.info(result.pdf).pages
    for number in range(1, pages + 1):
        assert pdfcheck.ink(result.pdf, number) > 0.002, f"page {number} is blank"
    headings = [h.get_text() for h in result.page.main.find_all(["h1", "h2", "h3"])]
    for number, line in enumerate(pdfcheck.last_lines(result.pdf, pages)[:-1], start=1):
        assert not any(pdfcheck.is_heading_line(line, heading) for heading in headings), (
            f"page {number} ends with the heading {line!r}"
        )


# --- where the links to PDFs appear, and where not ------------------------------


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_the_dynamic_app_and_a_plain_freeze_link_no_pdf(client, frozen, lang, path):
    page = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    assert page.select(PDF_LINK) == [], "the app has no PDF to offer"
    file = frozen.site / path.lstrip("/") / "index.html"
    if file.exists():
        assert html(file).select(PDF_LINK) == []
    assert list(frozen.site.rglob("*.pdf")) == []


def test_every_link_in_the_pdf_freeze_and_its_bundle_resolves(frozen_pdf, tmp_path):
    files = {p.relative_to(frozen_pdf.site).as_posix() for p in frozen_pdf.site.rglob("*")}
    for page in frozen_pdf.site.rglob("*.html"):
        for url in local_links(html(page)):
            target = urlsplit(url).path.lstrip("/")
            target += "index.html" if target == "" or target.endswith("/") else ""
            assert target in files, f"{page} links to missing {url}"
    with zipfile.ZipFile(frozen_pdf.zip) as bundle:
        bundle.extractall(tmp_path)
    root = tmp_path / "hikaya"
    assert sorted(p.name for p in root.rglob("*.pdf")) == sorted(
        p.name for p in frozen_pdf.site.rglob("*.pdf")
    ), "--zip-pdf carries every PDF"
    linked = 0
    for page in root.rglob("*.html"):
        here = page.relative_to(root).as_posix()
        for link in html(page).select(PDF_LINK):
            assert not link["href"].startswith("/")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(here), link["href"]))
            assert (root / target).is_file(), f"{here}: {link['href']} missing"
            linked += 1
    assert linked == len(list(root.rglob("*.pdf")))


def test_a_bundle_without_pdfs_has_no_link_to_one(frozen_pdf, tmp_path):
    bundle = tmp_path / "light.zip"
    write_offline_zip(frozen_pdf.site, bundle, pdfs=False)
    with zipfile.ZipFile(bundle) as opened:
        names = opened.namelist()
        assert not any(name.endswith(".pdf") for name in names)
        # hikaya/<lang>/.../index.html: the pages (not the root's language chooser)
        pages = [name for name in names if name.endswith("/index.html") and name.count("/") > 1]
        assert len(pages) > len(LOCALES)
        for name in pages:
            doc = BeautifulSoup(opened.read(name).decode("utf-8"), "html.parser")
            assert doc.select(PDF_LINK) == [], name
            assert doc.select_one("main h1") and doc.select_one(".print-source"), name
    assert bundle.stat().st_size < frozen_pdf.zip.stat().st_size / 4


@pytest.fixture(scope="module")
def nginx_pdf(frozen_pdf, delivery_app):
    with serve_frozen(delivery_app, frozen_pdf.site) as server:
        yield server


def test_nginx_sends_the_pdfs_with_the_site_headers(nginx_pdf, frozen_pdf, delivery_app):
    path = "/" + pdf_path("/ar/stories/elias/")
    with urllib.request.urlopen(nginx_pdf.base_url + path) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/pdf"
        for header, value in SECURITY_HEADERS.items():
            assert response.headers[header] == value, header
        assert response.read() == (frozen_pdf.site / path.lstrip("/")).read_bytes()


def test_the_pdf_link_passes_the_accessibility_checks(nginx_pdf, delivery_app, tmp_path):
    # The dynamic app has no PDF link, so the whole-site run in tests/a11y
    # never sees it: check frozen pages, one per language, as served.
    urls = [f"{nginx_pdf.base_url}/{lang}/stories/elias/" for lang in LOCALES]
    result = delivery_app.test_cli_runner().invoke(
        a11y, args=[*urls, "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert f"{len(urls) * 2} page views, 0 new" in result.output


def test_zip_pdf_needs_a_zip(runner, tmp_path):
    result = runner.invoke(args=["freeze", "--out", str(tmp_path / "site"), "--zip-pdf"])
    assert result.exit_code == 2
    assert "--zip" in result.output
    assert not (tmp_path / "site").exists()


# --- the checks fire on known defects -------------------------------------------


@pytest.fixture(scope="module")
def pdf_printer():
    with printer(PDF_SITE) as p:
        yield p


def print_as_is(driver, options: dict) -> bytes:
    """The page now in `driver`, printed with `options` and nothing else."""
    return base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", options)["data"])


def print_fixture(pdf_printer, name: str, body_class: str, out: Path) -> Path:
    """Fixture page `name` printed as it is, with `body_class` on its <body>
    (a rule the page switches on or off), into `out`."""
    pdf_printer.driver.get((FIXTURES / name).as_uri())
    pdf_printer.driver.execute_script("document.body.className = arguments[0]", body_class)
    out.write_bytes(print_as_is(pdf_printer.driver, PRINT_OPTIONS))
    return out


def test_checks_catch_a_stranded_heading_a_blank_page_and_a_stray_face(pdf_printer, tmp_path):
    file = tmp_path / "defects.pdf"
    file.write_bytes(pdf_printer.print((FIXTURES / "defects.html").as_uri()).pdf)
    pages = pdfcheck.info(file).pages
    assert pages == 3
    heading = "A heading left alone at the foot of the page"
    assert pdfcheck.is_heading_line(pdfcheck.last_lines(file, pages)[0], heading)
    assert not pdfcheck.is_heading_line(pdfcheck.last_lines(file, pages)[0], "Print defects")
    assert pdfcheck.ink(file, 2) <= 0.002 < pdfcheck.ink(file, 1)
    families = {pdfcheck.family(font) for font in pdfcheck.fonts(file)}
    assert families - PRINT_FAMILIES == {"DejaVuSerif"}


def test_a_heading_moved_to_the_next_page_keeps_its_bookmark(pdf_printer, tmp_path):
    # Chromium 156 doubles the bookmark of a heading moved to the next page
    # when its margin collapses through its section; the print stylesheet's
    # `section { display: flow-root }` avoids it. Both, on a known page:
    outlines = {}
    for rule in ("", "site-rule"):
        file = print_fixture(pdf_printer, "pushed-heading.html", rule, tmp_path / f"p{rule}.pdf")
        assert pdfcheck.text(file, 2).split()[0] == "Stories", "moved to page 2"
        outlines[rule] = pdfcheck.structure(file).outline
    assert outlines[""] == ["Pushed heading", "StoriesStories", "A card"], "the defect"
    assert outlines["site-rule"] == ["Pushed heading", "Stories", "A card"], "the remedy"


def test_a_printed_address_stands_apart_from_its_link_in_both_directions(pdf_printer, tmp_path):
    # An Arabic and an English link printed with the site's stylesheet, and
    # with the rule it had before (the address `direction: ltr`): in Arabic
    # its gap then faced away from the link and the address touched it.
    touching = {}
    for rule in ("", "defect"):
        file = print_fixture(pdf_printer, "addresses.html", rule, tmp_path / f"a{rule}.pdf")
        assert len([w for w in pdfcheck.word_boxes(file) if "://" in w.text]) == 3
        touching[rule] = [(address, pdfcheck.letters(word))
                          for address, word, _gap in pdfcheck.touching_addresses(file)]
    assert touching[""] == [], "the remedy"
    # poppler gives an Arabic word's letters in the order they are drawn.
    assert touching["defect"] == [
        ("(https://example.org/ar/goodbye/)", "وداع"[::-1]),
        ("(https://example.org/ar/elias/)", "إلياس"[::-1]),
    ], "the defect, in Arabic only"


def test_checks_catch_an_untagged_letter_page(pdf_printer, tmp_path):
    driver = pdf_printer.driver
    driver.get((FIXTURES / "defects.html").as_uri())
    options = {**PRINT_OPTIONS, "generateTaggedPDF": False, "paperWidth": 8.5, "paperHeight": 11}
    file = tmp_path / "letter.pdf"
    file.write_bytes(print_as_is(driver, options))
    info = pdfcheck.info(file)
    assert not info.tagged
    assert not pdfcheck.is_a4(info)


def test_a_page_without_a_language_is_refused(pdf_printer):
    with pytest.raises(PrintError, match="no lang"):
        pdf_printer.print((FIXTURES / "no-lang.html").as_uri())
