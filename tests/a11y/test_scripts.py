"""Several of the tool's page scripts in one call (run_batch) give what
calling them one by one gives, in order, each with its own arguments, and a
step that finds nothing (null) ends the batch. Scripts run through DevTools
(checks.evaluate) answer as WebDriver's execute_script would, errors too."""

from __future__ import annotations

import pytest

from app.a11y.checks import evaluate, run_batch, script
from app.browser import DevToolsError, cdp

pytestmark = pytest.mark.browser


def test_a_batch_gives_what_its_scripts_give_one_by_one(canary_server, driver):
    app, base_url = canary_server
    driver.get(base_url + "/ar/canary/wrong-lang/")
    one_by_one = [
        driver.execute_script(script("view"), "one-load"),
        driver.execute_script(script("page_language")),
        driver.execute_script(script("focus"), "where"),
    ]
    batched = run_batch(driver, ("view", "one-load"), ("page_language",), ("focus", "where"))
    assert batched == one_by_one
    assert batched[1]["lang"] == "ar" and batched[1]["pieces"]


def test_a_step_that_finds_nothing_ends_the_batch(canary_server, driver):
    app, base_url = canary_server
    driver.get(base_url + "/en/canary/defects/")
    done = run_batch(
        driver, ("layout", "rect", "#no-such-element", False), ("focus", "prepare", "x")
    )
    assert done == [None]
    # The keyboard walk was not prepared: the step after the null never ran.
    assert driver.execute_script("return window.__hikayaA11y === undefined")


def test_a_script_answers_as_webdriver_would(canary_server, driver):
    app, base_url = canary_server
    driver.get(base_url + "/en/canary/defects/")
    source = "return [arguments.length, arguments[0], arguments[1], document.title]"
    args = ({"on": True, "off": False, "none": None, "n": 1.5}, "x")
    assert evaluate(driver, source, *args) == driver.execute_script(source, *args)
    waited = "var done = arguments[arguments.length - 1]; setTimeout(done, 0, arguments[0] + 1)"
    assert evaluate(driver, waited, 41, wait=True) == 42


def test_a_script_that_throws_is_an_error_with_its_message(canary_server, driver):
    app, base_url = canary_server
    driver.get(base_url + "/en/canary/defects/")
    with pytest.raises(DevToolsError, match="no such mode"):
        evaluate(driver, "throw new Error('no such mode')")
    with pytest.raises(DevToolsError, match="no such mode"):
        evaluate(driver, "throw new Error('no such mode')", wait=True)


def test_a_command_the_browser_refuses_is_an_error_naming_it(driver):
    with pytest.raises(DevToolsError, match="Page.noSuchCommand"):
        cdp(driver, "Page.noSuchCommand")
    assert cdp(driver, "Runtime.evaluate", {"expression": "6 * 7"})["result"]["value"] == 42
