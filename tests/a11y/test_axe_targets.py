"""The tool runs axe its own way (js/axe_run.js, axe.default_options): it
asks for element references instead of selectors and names only the nodes
it keeps, and does not preload style sheets no rule of its reads. Every
canary's axe findings must come out exactly as a plain axe.run with the
same tags names them, selector for selector."""

from __future__ import annotations

import pytest

from app.a11y import axe

from .canary_app import canary_paths, type_paths

pytestmark = pytest.mark.browser

# axe.run as axe-selenium-python's users call it: axe builds every selector.
PLAIN = """
var done = arguments[arguments.length - 1];
function slim(r) {
  return r.nodes.map(function (n) {
    return [r.id, n.target.map(String).join(' '), n.html,
      n.failureSummary || (n.any.concat(n.all, n.none)[0] || {}).message || ''];
  });
}
axe.run(document, arguments[0]).then(function (r) {
  var contrast = r.incomplete.filter(function (x) { return x.id === 'color-contrast'; });
  done({ violations: [].concat.apply([], r.violations.map(slim)),
         incomplete: [].concat.apply([], contrast.map(slim)) });
});
"""


def nodes(rules: list[dict]) -> list[list[str]]:
    return [[r["id"], n["target"], n["html"], n["message"]] for r in rules for n in r["nodes"]]


def test_axe_findings_name_the_elements_axe_names(canary_server, driver):
    app, base_url = canary_server
    named = 0
    for path in canary_paths() + type_paths("defects") + type_paths("clean"):
        driver.get(base_url + path)
        ours = axe.run(driver)  # installs the contrast hook: both runs judge alike
        plain = driver.execute_async_script(PLAIN, {"runOnly": axe.default_options()["runOnly"]})
        assert nodes(ours["violations"]) == plain["violations"], path
        assert nodes(ours["incomplete"]) == plain["incomplete"], path
        named += len(plain["violations"]) + len(plain["incomplete"])
    assert named >= 10  # the canaries' axe defects were there to be named


def test_no_rule_the_tool_runs_needs_the_style_sheets_it_does_not_preload(canary_server, driver):
    app, base_url = canary_server
    driver.get(base_url + "/en/canary/defects/")
    axe.inject(driver)
    preloading = driver.execute_script(
        """
        var tags = arguments[0];
        return axe._audit.rules.filter(function (r) {
          return r.preload && r.tags.indexOf('experimental') < 0
            && r.tags.some(function (t) { return tags.indexOf(t) >= 0; });
        }).map(function (r) { return r.id; });
        """,
        axe.TAGS,
    )
    # Media only: no-autoplay-audio waits for media, which is still preloaded.
    assert preloading == ["no-autoplay-audio"]
