"""A page outside the site's URL scheme is judged in the language it says
it is in (its html lang, normalised with Babel), else the one its first
path segment names, else "und", with a finding saying it has no lang."""

from __future__ import annotations

import pytest

from app.a11y import language, targets

from .conftest import invoke

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def elsewhere_run(canary_server, tmp_path_factory):
    app, base_url = canary_server
    urls = [
        base_url + "/elsewhere/ar-page.html",
        base_url + "/elsewhere/no-lang.html",
        base_url + "/fa/no-lang.html",
    ]
    return invoke(app, [*urls, "--screenshots"], tmp_path_factory.mktemp("a11y-elsewhere"))


def test_a_page_outside_the_site_is_in_its_own_language(elsewhere_run):
    found = [r for r in elsewhere_run.results if "/elsewhere/ar-page.html" in r["url"]]
    assert found and {r["locale"] for r in found} == {"ar-SY"}
    assert {r["page"] for r in found} == {"/elsewhere/ar-page.html"}
    rules = {(r["rule"], r["target"], r["viewport"]) for r in found}
    # Judged as Arabic: the direction and the unmarked English sentence.
    for viewport in ("390x844", "1280x900"):
        assert ("html-dir-locale", "html", viewport) in rules
        assert ("language-of-parts", "#english", viewport) in rules
    direction = next(r for r in found if r["rule"] == "html-dir-locale")
    assert "ar-SY is written rtl" in direction["message"]
    assert not [r for r in found if r["rule"] == "html-lang-locale"]


def test_a_page_without_lang_is_und_and_says_so(elsewhere_run):
    found = [r for r in elsewhere_run.results if "/elsewhere/no-lang.html" in r["url"]]
    assert {r["locale"] for r in found} == {"und"}
    missing = [r for r in found if r["rule"] == "html-lang-missing"]
    assert sorted(r["viewport"] for r in missing) == ["1280x900", "390x844"]
    assert "html has no lang" in missing[0]["message"] and "und" in missing[0]["message"]


def test_without_lang_the_path_prefix_names_the_locale(elsewhere_run):
    found = [r for r in elsewhere_run.results if "/fa/no-lang.html" in r["url"]]
    assert {r["locale"] for r in found} == {"fa"}
    assert {r["page"] for r in found} == {"/no-lang.html"}
    assert [r for r in found if r["rule"] == "html-lang-missing"]


def test_screenshots_are_filed_under_the_pages_own_locale(elsewhere_run):
    shots = elsewhere_run.out / "screenshots"
    assert (shots / "ar-SY" / "elsewhere_ar-page.html@390x844.png").is_file()
    assert (shots / "und" / "elsewhere_no-lang.html@1280x900.png").is_file()
    assert (shots / "fa" / "no-lang.html@390x844.png").is_file()


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("AR-sy", "ar-SY"),
        ("tr_TR", "tr-TR"),
        ("en-XA", "en-XA"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("english", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_lang_is_normalised_with_babel(raw, tag):
    assert language.normalize_tag(raw) == tag


def test_the_sites_own_prefix_wins_over_a_wrong_lang():
    """On the site's own URLs the prefix is the locale, and a lang that says
    otherwise is the html-lang-locale finding, not a new locale: keys stay
    one per URL."""

    class Ar:
        tag, direction = "ar", "rtl"

    target = targets.url_target("https://staging.example/ar/stories/", [Ar()])
    assert targets.resolve(target, "en") == ("ar", "rtl", "/stories/")
    outside = targets.url_target("https://partner.example/page.html", [Ar()])
    assert targets.resolve(outside, "ar") == ("ar", "rtl", "/page.html")
    assert targets.resolve(outside, None) == ("und", "", "/page.html")
