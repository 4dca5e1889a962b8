"""A page loaded once and resized for each width, its keyboard walk replayed
at the second width, reports exactly what a fresh load per width and a
keyboard walk per width report; a page that does not answer as it should
is a page-error, and nothing on it counts as checked."""

from __future__ import annotations

import pytest

from app.a11y import runner, targets

from .canary_app import canary_paths, type_paths

pytestmark = pytest.mark.browser


def findings(run) -> list[tuple]:
    return sorted((f.url, f.rule, f.target, f.viewport, f.message) for f in run.findings)


def test_one_load_finds_what_a_load_per_width_finds(canary_server, driver):
    app, base_url = canary_server
    paths = canary_paths() + type_paths("defects")[:1]
    with app.app_context():
        from app.site.languages import languages

        pages = [targets.url_target(base_url + p, languages().values()) for p in paths]
    # The fast path must actually be taken, for most of these pages.
    view = runner.script("view")
    loaded = 0
    for page in pages:
        driver.get(page.url)
        loaded += driver.execute_script(view, "one-load")
    assert loaded >= len(pages) // 2
    fresh = runner.run(pages, driver=driver, one_load=False)
    once = runner.run(pages, driver=driver, one_load=True)
    # One load, but a keyboard walk and a skip-link activation per width.
    walked = runner.run(pages, driver=driver, one_load=True, replay=False)
    assert findings(once) == findings(fresh) == findings(walked)
    assert sorted(once.checked) == sorted(fresh.checked) == sorted(walked.checked)
    rules = {f.rule for f in once.findings}
    assert {"focus-visible", "focus-not-obscured", "focus-order", "skip-link-keyboard"} <= rules


def test_a_page_that_does_not_answer_is_a_page_error(canary_server, tmp_path):
    from .conftest import invoke

    app, base_url = canary_server
    run = invoke(app, [base_url + "/en/canary/no-such-canary/"], tmp_path / "out")
    assert run.exit_code == 1
    (only,) = run.results
    assert only["rule"] == "page-error" and only["viewport"] == "-"
    assert only["message"].endswith("/en/canary/no-such-canary/ answered HTTP 404, not 200")
    assert "0 page views" in run.output
