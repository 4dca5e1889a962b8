"""The PDF printer (app/pdf.py), in Debian's Chromium, on a sample of real
pages in every language: each PDF is tagged, A4, in the page's language,
titled, outlined, small, has the page's content only, its text extracts in
logical order, its links lead to the public site, and no page of it is
blank or ends on a heading. Fixture pages with known print defects prove
that the checks fire."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.liveserver import serve
from app.pdf import PRINT_OPTIONS, PrintedPage, PrintError, pdf_name, pdf_path, printer

from ..conftest import LOCALES
from . import pdfcheck

pytestmark = pytest.mark.browser

SITE = "https://syria.example.org"
# One page of each kind, each language at least once, Arabic twice.
SAMPLE = [
    "/ar/",
    "/ar/stories/a-sad-goodbye-to-syria/",
    "/en/programs/syria/",
    "/tr/",
    "/tr/join/",
]
BUDGET = 150 * 1024
# What the print stylesheet chooses: Noto Sans for Latin script, Noto Naskh
# Arabic (the book style, clearer on paper than a sans) for Arabic.
PRINT_FAMILIES = {"NotoSans", "NotoNaskhArabic"}
FIXTURES = Path(__file__).parent / "print"


@dataclass(frozen=True)
class Printed:
    path: str
    lang: str
    page: PrintedPage
    file: Path
    html: BeautifulSoup


@pytest.fixture(scope="module")
def pdf_printer():
    with printer(SITE) as p:
        yield p


@pytest.fixture(scope="module")
def printed(tmp_path_factory, pdf_printer) -> dict[str, Printed]:
    app = create_app({"TESTING": True, "LOCALES": LOCALES, "SITE_URL": SITE})
    client = app.test_client()
    out = tmp_path_factory.mktemp("pdf")
    results = {}
    with serve(app) as base:
        for path in SAMPLE:
            page = pdf_printer.print(base + path)
            file = out / pdf_name(path)
            file.write_bytes(page.pdf)
            html = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
            results[path] = Printed(path, path.split("/")[1], page, file, html)
    return results


SAMPLE_PARAMS = [pytest.param(path, id=path) for path in SAMPLE]


def test_file_names_say_page_and_language():
    assert pdf_name("/ar/") == "hikaya-home-ar.pdf"
    assert pdf_name("/tr/stories/elias/") == "hikaya-stories-elias-tr.pdf"
    assert pdf_name("/en/programs/syria/") == "hikaya-programs-syria-en.pdf"
    assert pdf_path("/ar/stories/elias/") == "ar/stories/elias/hikaya-stories-elias-ar.pdf"
    assert pdf_path("/tr/") == "tr/hikaya-home-tr.pdf"
    with pytest.raises(ValueError):
        pdf_name("/")


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_tagged_a4_titled_in_the_page_language(printed, path):
    result = printed[path]
    info = pdfcheck.info(result.file)
    assert info.tagged, "screen readers and reflow need the structure tags"
    assert pdfcheck.is_a4(info), (info.width, info.height)
    assert info.title == result.html.title.get_text(), "the PDF's title is the page's"
    structure = pdfcheck.structure(result.file)
    assert structure.catalog_lang == result.lang
    assert result.page.lang == result.lang


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_text_extracts_in_logical_order_with_an_outline(printed, path):
    result = printed[path]
    h1 = pdfcheck.letters(result.html.h1.get_text())
    assert h1 in pdfcheck.letters(pdfcheck.text(result.file))
    # Bookmarks are written by Chromium from the DOM: exact text.
    outline = [pdfcheck.normalize(title) for title in pdfcheck.structure(result.file).outline]
    assert outline and outline[0] == pdfcheck.normalize(result.html.h1.get_text())
    headings = [pdfcheck.normalize(h.get_text()) for h in result.html.main.find_all(["h2", "h3"])]
    assert set(headings) <= set(outline), "every heading is a bookmark"


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_content_only_with_source_and_address(printed, path):
    result = printed[path]
    extracted = pdfcheck.text(result.file)
    text = pdfcheck.letters(extracted)
    chrome = [
        result.html.select_one(".skip-link").get_text(),
        *(p.get_text() for p in result.html.select(".site-footer p")),
        *(a.get_text() for a in result.html.select(".languages a") if a["hreflang"] != result.lang),
    ]
    for words in chrome:
        assert pdfcheck.letters(words) not in text, f"{words!r} is screen chrome, not content"
    source = result.html.select_one(".print-source p").get_text()
    assert pdfcheck.letters(source) in text
    assert pdfcheck.normalize(extracted).endswith(f"{SITE}{path}"), "the address ends the page"


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_links_lead_to_the_public_site_and_are_written_out(printed, path):
    result = printed[path]
    uris = pdfcheck.structure(result.file).link_uris
    assert uris, "the links are kept, to be followed from a phone"
    assert all(uri.startswith(f"{SITE}/{result.lang}/") for uri in uris), uris
    text = pdfcheck.normalize(pdfcheck.text(result.file))
    for link in result.html.main.select("a[href]"):
        if not link["href"].startswith("#") and not link.find_parent(class_="print-source"):
            assert f"{SITE}{link['href']}" in text, f"{link['href']} is not written out"


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_small_with_embedded_fonts_that_print_arabic_well(printed, path):
    result = printed[path]
    assert len(result.page.pdf) <= BUDGET, f"{len(result.page.pdf) / 1024:.0f} KB"
    fonts = pdfcheck.fonts(result.file)
    assert fonts
    for font in fonts:
        assert font.embedded and font.subset and font.unicode, font
    families = {pdfcheck.family(font) for font in fonts}
    assert families <= PRINT_FAMILIES, families
    if result.lang == "ar":
        assert "NotoNaskhArabic" in families


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_no_blank_page_and_no_page_ends_on_a_heading(printed, path):
    result = printed[path]
    pages = pdfcheck.info(result.file).pages
    for number in range(1, pages + 1):
        assert pdfcheck.ink(result.file, number) > 0.002, f"page {number} is blank"
    headings = [
        pdfcheck.letters(h.get_text()) for h in result.html.main.find_all(["h1", "h2", "h3"])
    ]
    for number, line in enumerate(pdfcheck.last_lines(result.file, pages)[:-1], start=1):
        assert not any(line and heading.endswith(line) for heading in headings), (
            f"page {number} ends with the heading {line!r}"
        )


# --- the checks fire on known defects ------------------------------------------


@pytest.fixture(scope="module")
def defects(tmp_path_factory, pdf_printer) -> Path:
    page = pdf_printer.print((FIXTURES / "defects.html").as_uri())
    file = tmp_path_factory.mktemp("defects") / "defects.pdf"
    file.write_bytes(page.pdf)
    return file


def test_checks_catch_a_stranded_heading_a_blank_page_and_a_stray_face(defects):
    pages = pdfcheck.info(defects).pages
    assert pages == 3
    assert pdfcheck.last_lines(defects, pages)[0] == pdfcheck.letters(
        "A heading left alone at the foot of the page"
    )
    assert pdfcheck.ink(defects, 2) <= 0.002 < pdfcheck.ink(defects, 1)
    families = {pdfcheck.family(font) for font in pdfcheck.fonts(defects)}
    assert families - PRINT_FAMILIES == {"DejaVuSerif"}


def test_checks_catch_an_untagged_letter_page(tmp_path, pdf_printer):
    import base64

    driver = pdf_printer.driver
    driver.get((FIXTURES / "defects.html").as_uri())
    options = {**PRINT_OPTIONS, "generateTaggedPDF": False, "paperWidth": 8.5, "paperHeight": 11}
    file = tmp_path / "letter.pdf"
    file.write_bytes(base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", options)["data"]))
    info = pdfcheck.info(file)
    assert not info.tagged
    assert not pdfcheck.is_a4(info)


def test_a_page_without_a_language_is_refused(pdf_printer):
    with pytest.raises(PrintError, match="no lang"):
        pdf_printer.print((FIXTURES / "no-lang.html").as_uri())
