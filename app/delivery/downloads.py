"""Where a page's PDF lives and the frozen page's link to it, apart from the
printer (pdf.py), which the app never imports."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, current_app, request

from ..site.availability import current_page


def pdf_path(path: str) -> str:
    """/ar/stories/first-story/ -> ar/stories/first-story/hikaya-stories-first-story-ar.pdf: in
    the page's folder, ASCII words that say what the file is in any file manager."""
    folder = urlsplit(path).path.strip("/")
    if not folder:
        raise ValueError(f"{path!r} has no language prefix")
    lang, *rest = folder.split("/")
    return posixpath.join(folder, f"hikaya-{'-'.join(rest) or 'home'}-{lang}.pdf")


# app.extensions key: {page path: Download}, set only while a freeze renders
# its pages, so the dynamic app never links a PDF that does not exist.
DOWNLOADS = "hikaya_pdf_downloads"


@dataclass(frozen=True)
class Download:
    href: str  # root-relative, in the page's folder
    size: int  # bytes
    lang: str


def pdf_download() -> Download | None:
    """The PDF of the page being rendered, when a freeze printed one."""
    downloads = current_app.extensions.get(DOWNLOADS)
    if not downloads or current_page() is None:  # an error page has none
        return None
    return downloads.get(request.path)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["pdf_download"] = pdf_download
