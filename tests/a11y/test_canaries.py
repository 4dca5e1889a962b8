"""Proof that every check fires: each canary page carries known defects, and
`flask a11y` given the canary URLs must report every one of them."""

from __future__ import annotations

import re

import pytest

from app.a11y import runner, targets

from .canary_app import LOCALES

pytestmark = pytest.mark.browser

BOTH = ("390x844", "1280x900")
LOW_CONTRAST = {
    # More than three Arabic paragraphs first: without the fix axe's
    # per-font ligature cache would then skip the English and Turkish ones.
    "ar": ["#low-ar-1", "#low-ar-2", "#low-ar-3", "#low-ar-4", "#low-ar-5", "#low-en", "#low-tr"],
    "en": ["#low-en"],
    "tr": ["#low-tr"],
}
UNMARKED = {"ar": "#untranslated", "tr": "#untranslated", "en": "#unmarked-arabic"}

EXPECTED = (
    [
        (f"/{lang}/canary/defects/", "color-contrast", target, BOTH)
        for lang, targets in LOW_CONTRAST.items()
        for target in targets
    ]
    + [
        (f"/{lang}/canary/defects/", rule, target, viewports)
        for lang in LOCALES
        for rule, target, viewports in [
            ("image-alt", "#no-alt", BOTH),
            ("language-of-parts", UNMARKED[lang], BOTH),
            ("focus-visible", "#no-outline", BOTH),
            ("focus-not-obscured", "#under-header", BOTH),
            ("focus-order", "#rev-2", BOTH),
            ("text-spacing", "#clipped", BOTH),
            ("reflow", "#too-wide", ("320x844",)),
        ]
    ]
    + [
        ("/en/canary/wrong-lang/", "html-lang-locale", "html", BOTH),
        ("/tr/canary/wrong-lang/", "html-lang-locale", "html", BOTH),
        ("/ar/canary/wrong-lang/", "html-dir-locale", "html", BOTH),
        # Target missing, never visible, leading past main to the footer,
        # and a target hidden with display: none.
        ("/en/canary/broken-skip/", "skip-link-keyboard", "html > body > a", BOTH),
        ("/ar/canary/broken-skip/", "skip-link-keyboard", "html > body > a", BOTH),
        ("/tr/canary/broken-skip/", "skip-link-keyboard", "html > body > a", BOTH),
        ("/ar/canary/skip-hidden/", "skip-link-keyboard", "html > body > a", BOTH),
        # A menu before main and no skip link (a page whose first Tab is
        # already in main, such as the freeze's chooser, needs none).
        ("/en/canary/no-skip/", "skip-link-keyboard", "#first-nav", BOTH),
        ("/ar/canary/no-skip/", "skip-link-keyboard", "#first-nav", BOTH),
        ("/tr/canary/no-skip/", "skip-link-keyboard", "#first-nav", BOTH),
    ]
)


@pytest.mark.parametrize(
    ("path", "rule", "target", "viewports"),
    EXPECTED,
    ids=[f"{rule}:{path}:{target}" for path, rule, target, _ in EXPECTED],
)
def test_every_canary_defect_is_reported(canary_run, path, rule, target, viewports):
    found = canary_run.found(path, rule, target)
    assert sorted({r["viewport"] for r in found}) == sorted(viewports), (
        f"{rule} on {target} of {path}: reported at {[r['viewport'] for r in found]}"
    )


def test_a_skip_link_to_a_main_without_tabindex_works(canary_run):
    """The link leaves focus on itself, but the next Tab lands in main: what
    a keyboard user meets, so no finding (the page has no other defect)."""
    assert [r for r in canary_run.results if r["url"].endswith("/ar/canary/skip-main/")] == []
    junit = (canary_run.out / "junit.xml").read_text(encoding="utf-8")
    assert junit.count('name="/canary/skip-main/ [ar] ') == 2  # checked at both widths


def test_each_broken_skip_link_says_what_is_wrong(canary_run):
    said = {
        path: {
            r["message"] for r in canary_run.found(path, "skip-link-keyboard", "html > body > a")
        }
        for path in (
            "/en/canary/broken-skip/",
            "/tr/canary/broken-skip/",
            "/ar/canary/skip-hidden/",
        )
    }
    assert said["/en/canary/broken-skip/"] == {
        "the skip link points to #content, which is not on the page"
    }
    assert said["/tr/canary/broken-skip/"] == {"the skip link leads to #footer, outside main"}
    assert said["/ar/canary/skip-hidden/"] == {
        "the skip link's target #start is not rendered (display: none): "
        "the browser cannot move there"
    }


def test_the_canary_run_fails_and_says_what_is_new(canary_run):
    assert canary_run.exit_code == 1
    assert "NEW color-contrast [ar /canary/defects/ 390x844] #low-tr" in canary_run.output


def test_each_finding_carries_what_qa_needs(canary_run):
    fields = {"url", "locale", "viewport", "rule", "impact", "target", "message", "html", "key"}
    for result in canary_run.results:
        assert fields <= result.keys()
        assert result["key"] == f"{result['locale']}::{result['page']}::{result['rule']}"
    contrast = canary_run.found("/ar/canary/defects/", "color-contrast", "#low-ar-3")[0]
    assert contrast["locale"] == "ar" and contrast["impact"] == "serious"
    assert "2.32" in contrast["message"] and "low-ar-3" in contrast["html"]


def test_report_groups_by_rule_page_locale_with_html_and_crops(canary_run):
    report = (canary_run.out / "report.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section id="rule-([^"]+)">', report)
    assert {"color-contrast", "focus-visible", "language-of-parts", "reflow"} <= set(sections)
    contrast = report.split('<section id="rule-color-contrast">')[1].split("</section>")[0]
    assert (
        contrast.index("/canary/defects/")
        < contrast.index("Locale ar")
        < contrast.index("Locale en")
    )
    # The element's HTML escaped, and a picture of it embedded in the file.
    assert "&lt;p class=&#34;low&#34; id=&#34;low-ar-1&#34;&gt;" in contrast
    assert contrast.count('src="data:image/png;base64,') >= 18
    # Full-page pictures only with --screenshots; the crops need none.
    assert not (canary_run.out / "screenshots").exists()


def test_contrast_is_checked_even_if_axe_skips_the_text(canary_server, driver):
    """The second line of the fix: with axe's own heuristic left as it is
    (the fix switched off), axe reports none of the Arabic page's faint
    paragraphs, and this tool's own contrast check reports all of them."""
    app, base_url = canary_server
    with app.app_context():
        from app.site.languages import languages

        target = targets.url_target(base_url + "/ar/canary/defects/", languages().values())
    result = runner.run([target], driver=driver, viewports=((1280, 900),), fix_ligatures=False)
    contrast = {f.target: f for f in result.findings if f.rule == "color-contrast"}
    assert sorted(contrast) == sorted(LOW_CONTRAST["ar"])
    assert all(f.source == "hikaya" and "2.32:1" in f.message for f in contrast.values())
