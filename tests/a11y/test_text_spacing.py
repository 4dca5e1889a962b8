"""1.4.12 reports what a reader loses, and only that, in the Arabic faces
people actually read: Naskh, Sans and Kufi (fonts-noto-core) and Amiri
(fonts-hosny-amiri), regular and bold. These faces' ascenders and
descenders are taller than a 1.5 line by design, which made the first
version of the check report nearly every line of a clean Arabic page."""

from __future__ import annotations

import pytest

from app.a11y.checks import script

from .canary_app import FACES, type_paths

pytestmark = pytest.mark.browser

BOTH = ["1280x900", "390x844"]
# target -> (what the message says, the box named in it)
DEFECTS = {
    "#clip-height": ("is cut off by", "#clip-height"),
    "#clip-ancestor": ("is cut off by", "#main > div:nth-of-type(1)"),
    "#clip-nowrap": ("is cut off by", "#clip-nowrap"),
    "#overlap-text": ("runs over the text", "#overlapped"),
    "#overlap-control": ("runs over the button", "#control"),
}


def test_clean_arabic_pages_have_no_finding_in_any_face(type_run):
    clean = [r for r in type_run.results if r["page"] in {p[3:] for p in type_paths("clean")}]
    listing = "\n".join(f"{r['page']} {r['viewport']} {r['rule']} {r['message']}" for r in clean)
    assert clean == [], f"false alarms on the clean Arabic type canaries:\n{listing}"
    checked = f"{2 * len(type_paths('clean') + type_paths('defects'))} page views"
    assert checked in type_run.output


@pytest.mark.parametrize("face", [f.name for f in FACES])
@pytest.mark.parametrize("target", sorted(DEFECTS))
def test_every_spacing_defect_is_caught_in_every_face(type_run, face, target):
    said, box = DEFECTS[target]
    found = type_run.found(f"/ar/canary/type/{face}/defects/", "text-spacing", target)
    assert sorted(r["viewport"] for r in found) == BOTH, found
    assert all(said in r["message"] and box in r["message"] for r in found), found


@pytest.mark.parametrize("face", [f.name for f in FACES])
def test_defect_pages_report_their_defects_and_nothing_else(type_run, face):
    found = [r for r in type_run.results if r["page"] == f"/canary/type/{face}/defects/"]
    assert sorted((r["rule"], r["target"]) for r in found) == sorted(
        ("text-spacing", target) for target in DEFECTS for _ in BOTH
    )


@pytest.fixture
def face_page(canary_server, driver):
    app, base_url = canary_server

    def load(face: str, kind: str = "") -> None:
        driver.set_window_size(1280, 900)
        driver.get(f"{base_url}/ar/canary/type/{face}/{kind}")

    return load


@pytest.mark.parametrize("face", FACES, ids=[f.name for f in FACES])
def test_the_pages_are_set_in_the_installed_faces(face_page, driver, face):
    """A missing face would fall back to another font and prove nothing:
    the page's text must be drawn with the Debian package's font itself,
    regular and bold."""
    face_page(face.name)
    families = driver.execute_script(
        "return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.weight)"
    )
    assert sorted(families) == ["400", "700"], f"{face.family} ({face.package}) is not installed"
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {})["root"]["nodeId"]
    for selector, weight in (("#main > p.lede", "Regular"), ("#main > p.bold", "Bold")):
        node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": selector})
        used = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
        glyphs = {f["postScriptName"]: f["glyphCount"] for f in used["fonts"]}
        # Punctuation a face lacks may come from another font; the letters not.
        own = glyphs.get(f"{face.family.replace(' ', '')}-{weight}", 0)
        assert own >= 0.9 * sum(glyphs.values()), glyphs


@pytest.mark.parametrize("face", [f.name for f in FACES])
def test_the_faces_are_taller_than_a_spaced_line(face_page, driver, face):
    """What fooled the first check is really there: with the spacing on, the
    text's content area is taller than its line, in every face."""
    face_page(face)
    driver.execute_script(script("layout"), "spacing-apply")
    taller = driver.execute_script(
        """
        const p = document.querySelector('#main > p.lede'), r = document.createRange();
        r.selectNodeContents(p.firstChild);
        return r.getClientRects()[0].height - parseFloat(getComputedStyle(p).lineHeight);
        """
    )
    driver.execute_script(script("layout"), "spacing-remove")
    assert taller > 1


@pytest.mark.parametrize("face", [f.name for f in FACES])
def test_text_growing_into_empty_space_is_not_a_finding(face_page, driver, face, type_run):
    """#band's text grows past its box with the spacing, into an empty
    margin: measured here, and not reported by the run."""
    face_page(face)
    driver.execute_script(script("layout"), "spacing-apply")
    spill = driver.execute_script(
        """
        const band = document.getElementById('band'), r = document.createRange();
        r.selectNodeContents(band);
        const rects = [...r.getClientRects()], lh = parseFloat(getComputedStyle(band).lineHeight);
        const last = rects[rects.length - 1];
        return (last.top + last.height / 2 + lh / 2) - band.getBoundingClientRect().bottom;
        """
    )
    driver.execute_script(script("layout"), "spacing-remove")
    assert spill > 5
    assert not type_run.found(f"/ar/canary/type/{face}/", "text-spacing", "#band")
