"""axe-core's failure modes are errors, never a clean page."""

from __future__ import annotations

import time

import pytest

from app.a11y import axe, runner, targets

pytestmark = pytest.mark.browser


@pytest.fixture
def page(canary_server, driver):
    app, base_url = canary_server
    driver.get(base_url + "/en/canary/wrong-lang/")
    axe.inject(driver)
    return driver


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"runOnly": {"type": "rule", "values": ["no-such-rule"]}}, "no-such-rule"),
        ({"rules": {"not-a-rule": {"enabled": False}}}, "not-a-rule"),
    ],
)
def test_a_rejected_run_reports_axes_error_at_once(page, options, said):
    started = time.monotonic()
    with pytest.raises(axe.AxeError, match=said):
        axe.run(page, options)
    assert time.monotonic() - started < 5  # not the 30-second script timeout


def test_a_run_of_zero_rules_is_a_failure(page):
    with pytest.raises(axe.AxeError, match="ran no rules"):
        axe.run(page, {"runOnly": {"type": "tag", "values": ["wcag99"]}})


def test_python_values_in_options_reach_axe_as_json(page):
    result = axe.run(
        page,
        {
            "runOnly": {"type": "tag", "values": ["wcag2a"]},
            "rules": {"image-alt": {"enabled": True}},
            "iframes": False,
        },
    )
    assert result["counts"]["passes"] > 0


def test_an_axe_error_fails_the_run(canary_server, driver):
    app, base_url = canary_server
    with app.app_context():
        from app.site.languages import languages

        target = targets.url_target(base_url + "/en/canary/wrong-lang/", languages().values())
    result = runner.run(
        [target],
        driver=driver,
        viewports=((1280, 900),),
        axe_options={"runOnly": {"type": "tag", "values": ["wcag99"]}},
    )
    errors = [f for f in result.findings if f.rule == "axe-error"]
    assert len(errors) == 1 and "ran no rules" in errors[0].message
