"""`flask a11y --freeze DIR`: the frozen site as nginx serves it to readers,
its language chooser and each language's 404 page included."""

from __future__ import annotations

import pytest

from app.a11y.targets import CHOOSER_PAGE

from .test_site import assert_full_page_pictures, expected_views

pytestmark = pytest.mark.browser


def test_the_frozen_site_has_no_finding(freeze_run):
    listing = "\n".join(
        f"{r['rule']} [{r['locale']} {r['page']} {r['viewport']}] {r['target']}: {r['message']}"
        for r in freeze_run.results
    )
    assert freeze_run.results == [], f"accessibility findings on the freeze:\n{listing}"
    assert freeze_run.exit_code == 0, freeze_run.output


def test_the_run_covers_the_chooser_and_the_404_pages(site_app, freeze_run):
    views = expected_views(site_app) | {("en", CHOOSER_PAGE)}
    assert f"{2 * len(views)} page views" in freeze_run.output
    assert_full_page_pictures(freeze_run.out, views)
    report = (freeze_run.out / "report.html").read_text(encoding="utf-8")
    # The chooser says it is in the default language; nothing else names it.
    assert "<td>en</td><td><code>/index.html</code></td>" in report
