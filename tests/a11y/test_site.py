"""The real site, every page in every published locale at both viewports,
checked in the real browser by `flask a11y`: no finding at all."""

from __future__ import annotations

import re
import struct

import pytest

from app.a11y.cli import locales_for
from app.a11y.runner import slug
from app.site.pages import all_pages

pytestmark = pytest.mark.browser


def test_every_page_in_every_locale_has_no_finding(site_run):
    listing = "\n".join(
        f"{r['rule']} [{r['locale']} {r['page']} {r['viewport']}] {r['target']}: {r['message']}"
        for r in site_run.results
    )
    assert site_run.results == [], f"accessibility findings on the site:\n{listing}"
    assert site_run.exit_code == 0, site_run.output


def test_the_run_covers_every_page_locale_and_viewport(site_app, site_run):
    """A run that silently skipped pages would also have no findings."""
    with site_app.test_request_context():
        expected = {
            (language.tag, page.endpoint, repr(page.values))
            for page in all_pages()
            for language in locales_for(page)
        }
        pictures = []
        for page in all_pages():
            for language in locales_for(page):
                from flask import url_for

                path = url_for(page.endpoint, lang=language.tag, **page.values)
                page_key = path[len(language.tag) + 1 :] or "/"
                for width in (390, 1280):
                    height = 844 if width == 390 else 900
                    pictures.append(
                        (
                            site_run.out
                            / "screenshots"
                            / language.tag
                            / f"{slug(page_key)}@{width}x{height}.png",
                            width,
                            height,
                        )
                    )
    assert len(expected) >= len(all_pages()) * 3
    assert f"{len(pictures)} page views" in site_run.output
    for picture, width, height in pictures:
        data = picture.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", picture
        png_width, png_height = struct.unpack(">II", data[16:24])
        # The whole page: as wide as the viewport, at least one screen high.
        assert png_width == width, picture
        assert png_height >= height, picture


def test_report_is_one_file_that_loads_nothing(site_run):
    report = (site_run.out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in report and "<link" not in report
    assert not re.search(r"""src=["'](?!data:)""", report)
    assert "0 new" in report
