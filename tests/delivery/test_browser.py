"""In Debian's Chromium, as a reader on a small phone sees it: images below
the fold wait until scrolled to (loading="lazy"), no web font is loaded, and
the offline bundle works from file:// with its links."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.browser import serve, start_chromium

from ..support import PAGE_PARAMS

pytestmark = pytest.mark.browser

# A small Android phone's viewport in CSS pixels.
PHONE = (360, 640)


@pytest.fixture(scope="module")
def phone():
    driver = start_chromium(*PHONE)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def live(delivery_app):
    with serve(delivery_app) as base_url:
        yield base_url


IMAGES = """
return Array.from(document.images).map(img => ({
  src: img.getAttribute('src'),
  top: img.getBoundingClientRect().top + window.scrollY,
  loading: img.getAttribute('loading') || 'eager',
}));
"""


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_images_below_the_fold_are_lazy_and_no_font_loads(phone, live, lang, path):
    phone.get(live + path)
    fold = phone.execute_script("return window.innerHeight")
    images = phone.execute_script(IMAGES)
    assert images, "every page shows at least the logo"
    for image in images:
        if image["top"] >= fold:
            assert image["loading"] == "lazy", f"{image['src']} is below the fold at {PHONE}"
    # No @font-face anywhere: the phone's own fonts render every script.
    assert phone.execute_script("return document.fonts.size") == 0
    assert phone.execute_script("return document.scripts.length") == 0


@pytest.fixture(scope="module")
def offline(frozen, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("phone-storage")
    with zipfile.ZipFile(frozen.zip) as bundle:
        bundle.extractall(target)
    return target / "hikaya"


def test_offline_bundle_opens_and_navigates_from_file_urls(phone, offline, tmp_path):
    phone.get((offline / "index.html").as_uri())
    # Pick Arabic on the chooser page, as a reader would.
    phone.find_element("css selector", 'a[hreflang="ar"]').click()
    assert phone.current_url == (offline / "ar" / "index.html").as_uri()
    assert phone.execute_script("return document.documentElement.lang") == "ar"
    # The stylesheet loaded: its font stack is in force, not the browser's serif.
    font = phone.execute_script("return getComputedStyle(document.body).fontFamily")
    assert "system-ui" in font
    # Follow the main menu's link to the stories, then a story card.
    phone.find_element("css selector", ".site-nav a[href$='stories/index.html']").click()
    assert phone.current_url == (offline / "ar" / "stories" / "index.html").as_uri()
    phone.find_element("css selector", "main .card a").click()
    assert phone.current_url.startswith((offline / "ar" / "stories").as_uri())
    assert phone.current_url.endswith("/index.html")
    heading = phone.find_element("css selector", "h1").text
    assert heading and phone.execute_script("return document.title")
    images = phone.execute_script(
        "return Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length"
    )
    assert images >= 1, "illustrations load from the bundle"
    phone.save_screenshot(str(tmp_path / "offline-ar-story.png"))
