"""The offline bundle of a frozen site (`flask freeze --zip`): the same
pages with links rewritten relative (directory links to index.html), under
one top folder, so they open from a phone's file manager over file://."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

ZIP_TOP = "hikaya"

# Root-relative URLs in our own markup: href="/ar/join/", src="/static/...".
# (The stylesheet names no URL, so only HTML is rewritten.)
HTML_URL = re.compile(r'(?P<attr>\s(?:href|src)=")(?P<url>/(?!/)[^"]*)(?=")')


def relative_url(url: str, from_file: str) -> str:
    """/ar/join/?chosen=1#x seen from ar/stories/index.html -> ../join/index.html#x

    file:// has no directory index, so directory links name index.html; the
    query is dropped because there is no server to read it."""
    path, _, fragment = url.partition("#")
    path = path.split("?", 1)[0]
    if path.endswith("/"):
        path += "index.html"
    relative = posixpath.relpath(path, posixpath.dirname("/" + from_file))
    return relative + (f"#{fragment}" if fragment else "")


# The paragraph templates/layouts/base.html writes around a page's PDF link.
PDF_LINK = re.compile(r'<p class="download[ "][^>]*>.*?</p>\n?', re.DOTALL)


def write_offline_zip(site: Path, zip_path: Path, *, pdfs: bool = False) -> int:
    """Zip a frozen site with relative links, under one top folder so that
    unzipping does not scatter files. Returns the zip's size in bytes.

    PDFs go in only with `pdfs` (they double the bundle); without it, pages
    lose their PDF link too, so no link in the bundle leads nowhere."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    deflated = {"compression": zipfile.ZIP_DEFLATED, "compresslevel": 9}
    with zipfile.ZipFile(zip_path, "w", **deflated) as bundle:
        for path in sorted(site.rglob("*")):
            if not path.is_file() or path.suffix == ".gz" or path.name.startswith("."):
                continue
            if path.suffix == ".pdf" and not pdfs:
                continue
            name = path.relative_to(site).as_posix()
            data = path.read_bytes()
            if path.suffix == ".html":
                if not pdfs:
                    data = PDF_LINK.sub("", data.decode("utf-8")).encode("utf-8")
                data = _relink(data, name)
            bundle.writestr(f"{ZIP_TOP}/{name}", data)
    return zip_path.stat().st_size


def _relink(data: bytes, name: str) -> bytes:
    text = data.decode("utf-8")
    text = HTML_URL.sub(lambda m: m["attr"] + relative_url(m["url"], name), text)
    return text.encode("utf-8")
