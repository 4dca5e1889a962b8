"""The offline bundle of a frozen site (`flask freeze --zip`): the same
pages with links rewritten relative (directory links to index.html), under
one top folder, so they open from a phone's file manager over file://."""

from __future__ import annotations

import posixpath
import re
import zipfile
from functools import partial
from pathlib import Path

ZIP_TOP = "hikaya"

# Root-relative URLs in our own markup: href="/ar/join/", src="/static/...".
# (The stylesheet names no URL, so only HTML is rewritten.)
HTML_URL = re.compile(r'(?P<attr>\s(?:href|src)=")(?P<url>/(?!/)[^"]*)(?=")')


def relink(from_file: str, match: re.Match) -> str:
    """/ar/join/?chosen=1#x seen from ar/stories/index.html -> ../join/index.html#x:
    file:// has no directory index, and no server to read a query."""
    path, _, fragment = match["url"].partition("#")
    path = path.split("?", 1)[0]
    if path.endswith("/"):
        path += "index.html"
    relative = posixpath.relpath(path, posixpath.dirname("/" + from_file))
    return match["attr"] + relative + (f"#{fragment}" if fragment else "")


# The paragraph templates/layouts/base.html writes around a page's PDF link.
PDF_LINK = re.compile(r'<p class="download[ "][^>]*>.*?</p>\n?', re.DOTALL)


def write_offline_zip(site: Path, zip_path: Path, *, pdfs: bool = False) -> int:
    """Zip a frozen site with relative links under one top folder; the zip's
    size. PDFs double the bundle: without `pdfs`, pages lose their PDF link
    too, so that no link in the bundle leads nowhere."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(site.rglob("*")):
            skipped = path.suffix == ".gz" or (path.suffix == ".pdf" and not pdfs)
            if not path.is_file() or skipped or path.name.startswith("."):
                continue
            name = path.relative_to(site).as_posix()
            data = path.read_bytes()
            if path.suffix == ".html":
                text = data.decode("utf-8")
                if not pdfs:
                    text = PDF_LINK.sub("", text)
                text = HTML_URL.sub(partial(relink, name), text)
                data = text.encode("utf-8")
            bundle.writestr(f"{ZIP_TOP}/{name}", data)
    return zip_path.stat().st_size
