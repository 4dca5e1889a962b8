"""Issue 22, finding 11: the same page gzipped twice is the same bytes.
flask-compress wrote the second of compression into the gzip header, so
test_page_cache's gzip case failed whenever its two renders straddled a
second, and two workers or two starts sent different bytes for one page
(defeating byte comparisons and rsync-style deploys). The header's MTIME
must be 0 ("no time stamp", RFC 1952), as the freeze's .gz twins have it.
Checked on the header itself, so the test does not depend on the clock."""

from __future__ import annotations

import gzip

import pytest

from ..support import make_app

PAGES = ["/ar/programs/syria/", "/en/stories/", "/sitemap.xml"]


def header_time(data: bytes) -> int:
    assert data[:3] == b"\x1f\x8b\x08", "not gzip"
    return int.from_bytes(data[4:8], "little")


@pytest.mark.parametrize("cache", [True, False])
def test_gzip_responses_carry_no_timestamp(cache):
    app = make_app(PAGE_CACHE=cache)
    client = app.test_client()
    identity = client.get("/en/").get_data()
    for url in [*PAGES, "/static/css/site.css", "/en/no-such-page/"]:
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers.get("Content-Encoding") == "gzip", url
        assert header_time(response.get_data()) == 0, url
        assert gzip.decompress(response.get_data()), url
    again = client.get("/en/", headers={"Accept-Encoding": "gzip"}).get_data()
    assert gzip.decompress(again) == identity


def test_two_apps_send_the_same_bytes():
    """Two workers (or two starts) answer one page with identical bytes."""
    one = make_app(PAGE_CACHE=False).test_client()
    two = make_app(PAGE_CACHE=False).test_client()
    for url in PAGES:
        first = one.get(url, headers={"Accept-Encoding": "gzip"})
        second = two.get(url, headers={"Accept-Encoding": "gzip"})
        assert first.get_data() == second.get_data(), url
