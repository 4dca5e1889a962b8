"""What a reader of a PDF would notice, read with tools that are not the
browser that wrote it: poppler (pdfinfo, pdffonts, pdftotext, pdftoppm) and
qpdf, both installed by scripts/setup.sh --test.

Each function takes a PDF file and returns plain data, so that the tests
read as what they assert, and so that the defect fixtures in test_pdf.py can
prove each check fires. Results are cached per file: the tests never
rewrite a PDF they have read.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# 210 x 297 mm in PostScript points.
A4_POINTS = (595.28, 841.89)


def run(*args: str | Path) -> str:
    return subprocess.run(
        [str(a) for a in args], check=True, capture_output=True, text=True, encoding="utf-8"
    ).stdout


@dataclass(frozen=True)
class Info:
    tagged: bool
    pages: int
    width: float  # points, of the first page
    height: float
    title: str


@cache
def info(pdf: Path) -> Info:
    fields = dict(
        line.split(":", 1) for line in run("pdfinfo", "-enc", "UTF-8", pdf).splitlines()
        if ":" in line
    )
    size = re.match(r"\s*([\d.]+) x ([\d.]+) pts", fields["Page size"])
    return Info(
        tagged=fields["Tagged"].strip() == "yes",
        pages=int(fields["Pages"]),
        width=float(size[1]),
        height=float(size[2]),
        title=fields.get("Title", "").strip(),
    )


def is_a4(page: Info) -> bool:
    """Within a point of 595 x 842 (Chromium rounds the paper to whole
    device pixels; a Letter page is 612 x 792)."""
    return abs(page.width - A4_POINTS[0]) <= 1 and abs(page.height - A4_POINTS[1]) <= 1


@dataclass(frozen=True)
class Font:
    name: str
    embedded: bool
    subset: bool
    unicode: bool  # has a ToUnicode map, so its text can be copied and read aloud


@cache
def fonts(pdf: Path) -> list[Font]:
    lines = run("pdffonts", pdf).splitlines()[2:]
    found = []
    for line in lines:
        # name type... encoding emb sub uni object ID: the flags are columns
        # counted from the end, since the type has spaces in it.
        parts = line.split()
        emb, sub, uni = parts[-5:-2]
        found.append(Font(parts[0], emb == "yes", sub == "yes", uni == "yes"))
    return found


def family(font: Font) -> str:
    """ABCDEF+NotoNaskhArabic-Bold -> NotoNaskhArabic"""
    return font.name.split("+", 1)[-1].split("-", 1)[0]


@cache
def _qpdf(pdf: Path) -> dict:
    return json.loads(run("qpdf", "--json=2", "--json-key=qpdf", "--json-key=pages", pdf))


def objects(pdf: Path) -> dict[str, object]:
    """Every object of the file, decoded by qpdf (object streams and
    compression undone), keyed like "obj:12 0 R"."""
    return {key: value.get("value") for key, value in _qpdf(pdf)["qpdf"][1].items()
            if isinstance(value, dict)}


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # 1-based
    top: float  # points from the top of the page where it leads


def bookmarks(pdf: Path) -> list[Bookmark]:
    """The outline as a reader's PDF viewer lists it, each entry with where
    it leads (its /Dest: a page and the top of the heading on it)."""
    pages = {page["object"]: number for number, page in enumerate(_qpdf(pdf)["pages"], start=1)}
    height = info(pdf).height
    found = []
    for value in objects(pdf).values():
        if isinstance(value, dict) and "/Title" in value and "/Parent" in value:
            page, kind, _left, top, *_ = value["/Dest"]
            assert kind == "/XYZ", value
            found.append(Bookmark(_text_value(value["/Title"]), pages[page], height - top))
    return found


def _text_value(value: object) -> str:
    # qpdf --json=2 writes text strings as "u:...", names as "/...".
    return value[2:] if isinstance(value, str) and value.startswith(("u:", "b:")) else str(value)


@dataclass(frozen=True)
class Structure:
    catalog_lang: str  # the document's language, /Lang of the catalog
    element_langs: set[str]  # /Lang of structure elements (parts in another language)
    outline: list[str]  # bookmark titles, in file order (bookmarks() says where they lead)
    link_uris: list[str]


@cache
def structure(pdf: Path) -> Structure:
    catalog_lang, langs, outline, uris = "", set(), [], []
    for value in objects(pdf).values():
        if not isinstance(value, dict):
            continue
        if value.get("/Type") == "/Catalog":
            catalog_lang = _text_value(value.get("/Lang", ""))
        elif "/Lang" in value:
            langs.add(_text_value(value["/Lang"]))
        if "/Title" in value and "/Parent" in value:
            outline.append(_text_value(value["/Title"]))
        action = value.get("/A")
        if value.get("/Subtype") == "/Link" and isinstance(action, dict) and "/URI" in action:
            uris.append(_text_value(action["/URI"]))
    return Structure(catalog_lang, langs, outline, uris)


def normalize(text: str) -> str:
    """Text as extracted, made comparable: NFKC (extraction returns Arabic
    presentation forms), without the invisible direction marks poppler puts
    around right-to-left runs, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())


def letters(text: str) -> str:
    """Only the letters and digits of `text`, in the order they are stored.

    For comparing Arabic extracted from a PDF with the page's text: poppler
    rebuilds logical order from glyph positions, and in doing so moves
    punctuation at the edge of a right-to-left run (": " comes out " :") and
    takes a vowel mark drawn beside its letter for a gap ("واحدًا" comes out
    "واحًد ا"). The letters themselves must still come out in reading order,
    which is what a reader (or a screen reader) needs."""
    return "".join(
        c for c in normalize(text) if unicodedata.category(c)[0] in ("L", "N")
    )


def words(text: str) -> list[str]:
    """The words of `text` as letters(), sorted: for a line whose words
    poppler may give in visual order. It takes a page's direction from most
    of its text, so an Arabic line on a page of mostly Latin addresses comes
    out right to left word by word, though it is drawn (and tagged) right."""
    spaced = "".join(" " if unicodedata.category(c)[0] == "P" else c for c in normalize(text))
    return sorted(filter(None, (letters(word) for word in spaced.split())))


@cache
def text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-enc", "UTF-8", *pages, pdf, "-")


def text_at(pdf: Path, bookmark: Bookmark, height: float = 90) -> str:
    """The text of a band of the page across its width, from where
    `bookmark` leads down `height` points (three lines of a heading).

    poppler takes one direction for a whole page, from whether it holds
    more left-to-right or right-to-left letters, and gives the lines of the
    other direction word by word in visual order: a short Arabic page with a
    few printed web addresses reads backwards. A heading's own band holds
    its own script only, so the extraction is fair to it."""
    info_ = info(pdf)
    top = max(0.0, bookmark.top - 4)
    return run(
        "pdftotext", "-enc", "UTF-8", "-f", str(bookmark.page), "-l", str(bookmark.page),
        "-x", "0", "-y", f"{top:.0f}", "-W", f"{info_.width:.0f}", "-H", f"{height:.0f}",
        pdf, "-",
    )


@cache
def ink(pdf: Path, page: int) -> float:
    """The share of a page's pixels that are not white, at 20 dpi in grey."""
    raw = subprocess.run(
        ["pdftoppm", "-gray", "-r", "20", "-f", str(page), "-l", str(page), str(pdf)],
        check=True,
        capture_output=True,
    ).stdout
    # A binary PGM: "P5\n<width> <height>\n<max>\n" then one byte a pixel.
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", raw)
    pixels = raw[match.end():]
    return sum(1 for byte in pixels if byte < 240) / len(pixels)


def last_lines(pdf: Path, pages: int) -> list[str]:
    """The last line of text on each page, as extracted."""
    lines = []
    for number in range(1, pages + 1):
        page_lines = [line for line in text(pdf, number).splitlines() if letters(line)]
        lines.append(page_lines[-1] if page_lines else "")
    return lines


def is_heading_line(line: str, heading: str) -> bool:
    """Whether an extracted line is `heading`, or the last line of it when
    it wraps; word order aside (see words())."""
    if not letters(line):
        return False
    return words(line) == words(heading) or letters(heading).endswith(letters(line))


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    left: float  # points from the page's left edge
    right: float
    top: float
    bottom: float

    def beside(self, other: Word) -> bool:
        """On the same line: the same page, and the middle of each within the
        other's height (an Arabic word's box is tall enough to overlap the
        line below it)."""
        def middle(word: Word) -> float:
            return (word.top + word.bottom) / 2

        return (self.page == other.page and self.top < middle(other) < self.bottom
                and other.top < middle(self) < other.bottom)


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@cache
def word_boxes(pdf: Path) -> list[Word]:
    """Every word poppler finds, with where it is drawn (pdftotext -bbox).
    Letters drawn with no gap between them make one word, whatever their
    script."""
    found = []
    for number, page in enumerate(run("pdftotext", "-bbox", pdf, "-").split("<page ")[1:], 1):
        for left, top, right, bottom, word in _WORD.findall(page):
            found.append(Word(html.unescape(word), number, float(left), float(right),
                              float(top), float(bottom)))
    return found


def touching_addresses(pdf: Path, min_gap: float = 1.5) -> list[tuple[str, str, float]]:
    """Web addresses printed after links (words with "://") that touch the
    text beside them on their line: (address, neighbour, gap in points).
    An address that poppler reads as one word with other letters touches
    them with no gap at all."""
    words = word_boxes(pdf)
    found = []
    for address in (w for w in words if "://" in w.text):
        core = address.text.strip()
        if not (core.startswith(("(", "http")) and core.endswith((")", "/"))):
            found.append((address.text, address.text, 0.0))
            continue
        for other in words:
            if other is address or not other.beside(address):
                continue
            gap = max(other.left - address.right, address.left - other.right)
            if gap < min_gap:
                found.append((address.text, other.text, round(gap, 2)))
    return found
