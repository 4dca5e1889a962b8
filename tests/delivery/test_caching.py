"""What a returning reader's phone downloads from the app: static files once
(fingerprinted, a year, immutable), pages again only when they changed (ETag,
304), and text compressed."""

from __future__ import annotations

import gzip
import re
import shutil

import brotli
import pytest

from app import create_app
from app.config import ENGINE

from ..support import soup


def static_urls(client, path="/en/") -> list[str]:
    doc = soup(client.get(path))
    tags = doc.select("link[rel~=stylesheet], link[rel~=icon], img")
    return [tag.get("href") or tag.get("src") for tag in tags]


def test_static_urls_carry_a_content_hash(client):
    urls = static_urls(client)
    assert urls
    for url in urls:
        assert re.fullmatch(r"/static/[\w/-]+\.[0-9a-f]{10}\.(css|svg)", url), url


def test_fingerprinted_file_is_cached_for_a_year(client):
    for url in static_urls(client):
        response = client.get(url)
        assert response.status_code == 200
        cache = response.cache_control
        assert cache.public and cache.immutable and cache.max_age == 365 * 24 * 3600, url


def test_hash_changes_with_the_content(app, tmp_path):
    # A site's static/ with its own copy of the engine's stylesheet, which
    # wins over the engine's file; the real files stay as they are.
    static = tmp_path / "static"
    shutil.copytree(app.static_folder, static)
    shutil.copytree(ENGINE / "static" / "css", static / "css")
    changed = create_app({"TESTING": True, "LOCALES": ["en"], "STATIC_DIR": str(static)})
    client = changed.test_client()
    before = static_urls(client)[0]
    css = static / "css" / "site.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    after = static_urls(client)[0]
    assert before != after
    assert client.get(after).status_code == 200
    # The old URL no longer names these bytes: a 404, never today's file
    # cached for a year under yesterday's name.
    assert client.get(before).status_code == 404


def test_unfingerprinted_name_is_revalidated(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response.cache_control.no_cache and not response.cache_control.immutable


@pytest.mark.parametrize(
    "path",
    ["/static/css/site.0000000000.css", "/static/%00.css", "/static/../app/config.py",
     "/static/css/", "/static/nothing.svg"],
)
def test_bad_static_urls_are_404_not_500(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("encoding", ["", "gzip", "br"])
def test_page_is_revalidated_with_etag(client, encoding):
    headers = {"Accept-Encoding": encoding} if encoding else {}
    first = client.get("/ar/stories/", headers=headers)
    assert first.status_code == 200
    assert first.cache_control.no_cache, "the browser asks before reusing a page"
    etag = first.headers["ETag"]
    again = client.get("/ar/stories/", headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    other = client.get("/tr/stories/", headers={**headers, "If-None-Match": etag})
    assert other.status_code == 200, "another page's ETag does not match"


def test_static_file_answers_304(client):
    url = static_urls(client)[0]
    for encoding in ("", "gzip"):
        headers = {"Accept-Encoding": encoding} if encoding else {}
        etag = client.get(url, headers=headers).headers["ETag"]
        assert client.get(url, headers={**headers, "If-None-Match": etag}).status_code == 304


def test_text_is_compressed_brotli_first_then_gzip(client):
    plain = client.get("/ar/programs/syria/").get_data()
    br = client.get("/ar/programs/syria/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br"
    assert brotli.decompress(br.get_data()) == plain
    gz = client.get("/ar/programs/syria/", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.get_data()) == plain
    assert len(br.get_data()) < len(gz.get_data()) < len(plain) / 2
    assert "Accept-Encoding" in br.headers["Vary"]
    css = client.get(static_urls(client)[0], headers={"Accept-Encoding": "gzip"})
    assert css.headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize(
    "path", ["/ar/no-such-page/", "/tr/stories/nobody/", "/xx/", "/static/nothing.css"]
)
def test_404_page_is_compressed_like_every_other_page(client, path):
    """flask-compress skips every response outside 2xx; the 404 page is a
    whole page a reader downloads, so it gets brotli or gzip too."""
    plain = client.get(path)
    assert plain.status_code == 404 and plain.mimetype == "text/html"
    assert "Content-Encoding" not in plain.headers
    br = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    gz = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert br.status_code == gz.status_code == 404
    assert br.headers["Content-Encoding"] == "br"
    assert gz.headers["Content-Encoding"] == "gzip"
    assert brotli.decompress(br.get_data()) == plain.get_data()
    assert gzip.decompress(gz.get_data()) == plain.get_data()
    assert len(br.get_data()) < len(gz.get_data()) < len(plain.get_data()) / 2
    assert int(gz.headers["Content-Length"]) == len(gz.get_data())
    # The Vary every page has (Accept-Encoding), on top of the 404's own
    # (its language comes from Accept-Language and the cookie), whether or
    # not this answer was compressed: a cache keys all three.
    for response in (plain, br, gz):
        vary = {v.strip() for v in response.headers["Vary"].split(",")}
        assert vary == {"Accept-Language", "Cookie", "Accept-Encoding"}
    assert plain.headers["Cache-Control"] == "private, no-store"


def test_404_compression_follows_the_readers_preference(client):
    """The same choice flask-compress makes for pages: brotli first, unless
    the browser weighs it lower."""
    for accept, expected in [("br;q=0.5, gzip", "gzip"), ("*", "br"), ("identity", None)]:
        page = client.get("/en/", headers={"Accept-Encoding": accept})
        missing = client.get("/en/nope/", headers={"Accept-Encoding": accept})
        assert page.headers.get("Content-Encoding") == expected, accept
        assert missing.headers.get("Content-Encoding") == expected, accept
