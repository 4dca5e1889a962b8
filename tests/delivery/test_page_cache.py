"""The page cache (app/delivery/pagecache.py): a page is rendered once per
page x language x encoding and then sent from memory, byte for byte what
rendering would send; nothing per reader is ever kept or handed to another;
a changed catalog or content file shows on the next request in
development; memory stays bounded."""

from __future__ import annotations

import brotli
import pytest

from ..support import build, make_app, set_translation, soup

PAGE = "/ar/programs/syria/"
ENCODINGS = {"br": "br", "gzip": "gzip", "identity": None}


def cache_of(app):
    return app.extensions["hikaya_page_cache"]


@pytest.mark.parametrize("accept", list(ENCODINGS))
def test_second_request_is_the_first_response_from_memory(accept):
    app = make_app()
    uncached = make_app(PAGE_CACHE=False).test_client().get(
        PAGE, headers={"Accept-Encoding": accept})
    client = app.test_client()
    first = client.get(PAGE, headers={"Accept-Encoding": accept})
    hits = cache_of(app).hits
    second = client.get(PAGE, headers={"Accept-Encoding": accept})
    assert cache_of(app).hits == hits + 1
    assert second.status_code == 200
    assert second.get_data() == first.get_data() == uncached.get_data()
    assert second.headers.get("Content-Encoding") == ENCODINGS[accept]
    for name in ("ETag", "Vary", "Content-Type", "Cache-Control", "Content-Security-Policy"):
        assert second.headers.get(name) == uncached.headers.get(name), name


def test_each_encoding_gets_its_own_bytes():
    client = make_app().test_client()
    for _ in range(2):
        br = client.get(PAGE, headers={"Accept-Encoding": "br"})
        plain = client.get(PAGE, headers={"Accept-Encoding": "identity"})
        assert brotli.decompress(br.get_data()) == plain.get_data()


def test_revalidation_and_head_come_from_memory():
    app = make_app()
    client = app.test_client()
    etag = client.get(PAGE, headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    hits = cache_of(app).hits
    again = client.get(PAGE, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    head = client.head(PAGE, headers={"Accept-Encoding": "gzip"})
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["ETag"] == etag
    assert cache_of(app).hits == hits + 2


def test_nothing_per_reader_is_kept():
    app = make_app()
    client = app.test_client()
    for _ in range(2):
        chosen = client.get(PAGE + "?chosen=1")
        assert chosen.status_code == 303 and "Set-Cookie" in chosen.headers
        root = client.get("/", headers={"Accept-Language": "tr"})
        assert root.status_code == 302
        assert client.get("/ar/no-such-page/").status_code == 404
    assert "Set-Cookie" not in client.get(PAGE).headers
    kept = {key[2] for key in cache_of(app).entries}
    assert kept == {PAGE}, kept


def test_a_page_for_one_host_is_never_sent_for_another():
    """Without SITE_URL canonical URLs name the Host: the cache keys on it."""
    client = make_app().test_client()
    one = client.get(PAGE, headers={"Host": "one.example"}).get_data(as_text=True)
    two = client.get(PAGE, headers={"Host": "two.example"}).get_data(as_text=True)
    assert "http://one.example/ar/programs/syria/" in one
    assert "http://two.example/ar/programs/syria/" in two and "one.example" not in two


def test_memory_is_bounded():
    app = make_app(PAGE_CACHE_MAX_BYTES=20_000)
    client = app.test_client()
    for lang in ("en", "ar", "tr"):
        for path in ("/", "/stories/", "/join/", "/programs/syria/", "/stories/elias/"):
            assert client.get(f"/{lang}{path}").status_code == 200
    cache = cache_of(app)
    assert 0 < cache.size <= 20_000
    assert len(cache.entries) < 15


def test_a_changed_catalog_shows_on_the_next_request(translations):
    app = build(translations)
    client = app.test_client()
    before = soup(client.get("/tr/stories/elias/")).h1.get_text()
    client.get("/tr/stories/elias/")  # now in the cache
    set_translation(translations, "tr", "Elias' Story", "Elias'ın Hikâyesi (değişti)")
    assert soup(client.get("/tr/stories/elias/")).h1.get_text() == "Elias'ın Hikâyesi (değişti)"
    assert before != "Elias'ın Hikâyesi (değişti)"


def test_off_when_configured():
    app = make_app(PAGE_CACHE=False)
    client = app.test_client()
    client.get(PAGE)
    client.get(PAGE)
    assert cache_of(app).hits == 0 and not cache_of(app).entries
