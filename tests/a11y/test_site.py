"""The real site, every page in every published locale at both viewports,
checked in the real browser by `flask a11y`: no finding at all."""

from __future__ import annotations

import re
import struct

import pytest

from app.a11y.targets import NOT_FOUND_PAGE, locales_for, slug
from app.site.languages import all_languages
from app.site.pages import all_pages

from ..support import LOCALES, page_paths

pytestmark = pytest.mark.browser


def test_every_page_in_every_locale_has_no_finding(site_run):
    listing = "\n".join(
        f"{r['rule']} [{r['locale']} {r['page']} {r['viewport']}] {r['target']}: {r['message']}"
        for r in site_run.results
    )
    assert site_run.results == [], f"accessibility findings on the site:\n{listing}"
    assert site_run.exit_code == 0, site_run.output


def expected_views(site_app) -> set[tuple[str, str]]:
    """(locale, page key) of every page in every locale it is published in,
    and of each language's 404 page."""
    from flask import url_for

    with site_app.test_request_context():
        views = {
            (language.tag, url_for(page.endpoint, lang=language.tag, **page.values))
            for page in all_pages()
            for language in locales_for(page)
        }
        views = {(tag, path[len(tag) + 1 :] or "/") for tag, path in views}
        views |= {(language.tag, NOT_FOUND_PAGE) for language in all_languages()}
    return views


def assert_full_page_pictures(out, views) -> None:
    for tag, page in views:
        for width, height in ((390, 844), (1280, 900)):
            picture = out / "screenshots" / tag / f"{slug(page)}@{width}x{height}.png"
            data = picture.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n", picture
            png_width, png_height = struct.unpack(">II", data[16:24])
            # The whole page: as wide as the viewport, at least one screen high.
            assert png_width == width, picture
            assert png_height >= height, picture


def test_the_run_covers_every_page_locale_and_viewport(site_app, site_run):
    """A run that silently skipped pages would also have no findings."""
    views = expected_views(site_app)
    # Every page in each language it is published in, and each 404 page.
    published = sum(len(page_paths(site_app, lang, published_only=True)) + 1 for lang in LOCALES)
    assert len(views) >= published > 3
    assert f"{2 * len(views)} page views" in site_run.output
    assert_full_page_pictures(site_run.out, views)


def test_each_languages_404_page_is_checked(site_app, site_run):
    """The page a reader who mistyped an address meets, in their language."""
    report = (site_run.out / "report.html").read_text(encoding="utf-8")
    with site_app.app_context():
        for language in all_languages():
            assert f"<td>{language.tag}</td><td><code>/404.html</code></td>" in report


def test_report_is_one_file_that_loads_nothing(site_run):
    report = (site_run.out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in report and "<link" not in report
    assert not re.search(r"""src=["'](?!data:)""", report)
    assert "0 new" in report
