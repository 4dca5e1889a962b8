"""Every page in every locale fits the budget a reader on a slow, metered
connection needs: HTML plus CSS in the first round trip (14 KB as sent,
gzip), the whole page in 50 KB, no JavaScript, no web fonts, nothing from
another host, every image sized. Measured on the repository's own site, as
it is committed: the budget is that site's promise to its readers."""

from __future__ import annotations

import pytest

from harness.weight import FIRST_ROUND_TRIP_BUDGET, PAGE_BUDGET, measure

from ..support import LOCALES, page_params, repository_app

PAGE_PARAMS = page_params(repository_app())

NOT_FOUND_PARAMS = [
    pytest.param(lang, f"/{lang}/no-such-page/", id=f"{lang}:404") for lang in LOCALES
]
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".eot")


@pytest.fixture
def client():
    return repository_app().test_client()


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS + NOT_FOUND_PARAMS)
def test_page_fits_the_budget(client, lang, path):
    weight = measure(client, path, encoding="gzip")

    assert weight.page.status == (404 if path.endswith("/no-such-page/") else 200)
    if weight.page.status == 200:
        # (flask-compress leaves error responses as they are; they are
        # measured uncompressed, and still fit.)
        assert weight.page.encoding == "gzip", "the HTML is sent compressed"
    assert all(asset.status == 200 for asset in weight.assets), weight.assets
    assert weight.first_round_trip <= FIRST_ROUND_TRIP_BUDGET, (
        f"{path}: HTML {kb(weight.page.size)} + CSS {kb(weight.css)} gzip "
        f"is over the first round trip ({kb(FIRST_ROUND_TRIP_BUDGET)})"
    )
    assert weight.total <= PAGE_BUDGET, (
        f"{path}: {kb(weight.total)} in {1 + len(weight.assets)} requests "
        f"is over {kb(PAGE_BUDGET)}: {[(a.url, a.size) for a in weight.assets]}"
    )
    assert weight.external == [], "nothing loads from another host"
    assert weight.unsized_images == [], "images have width and height, so nothing jumps"


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_no_javascript_and_no_web_fonts(client, lang, path):
    weight = measure(client, path, encoding="")
    for asset in weight.assets:
        assert "javascript" not in asset.content_type, asset
        assert not asset.content_type.startswith("font/"), asset
        assert not asset.url.split("?")[0].endswith(FONT_SUFFIXES), asset
    for asset in weight.assets:
        if asset.content_type.startswith("text/css"):
            assert b"@font-face" not in client.get(asset.url).get_data()


def test_the_measure_counts_what_the_page_loads(client):
    # The budget is only as good as the measure: the home page loads its
    # stylesheet, icon, logo, hero and one illustration per story card,
    # each once, and HTML compresses to well under its raw size.
    weight = measure(client, "/en/", encoding="gzip")
    urls = [asset.url for asset in weight.assets]
    assert len(urls) == len(set(urls))
    assert sum(url.startswith("/static/css/") for url in urls) == 1
    assert sum("/img/story-" in url for url in urls) == 4
    raw = measure(client, "/en/", encoding="")
    assert raw.page.encoding == ""
    assert weight.page.size < raw.page.size / 2
    assert weight.total < raw.total
