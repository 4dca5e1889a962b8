"""`flask freeze`: the static site holds every page in every language, its
assets, the sitemap and robots.txt, localized 404s and a language chooser; the offline zip
opens from a file manager with every link working."""

from __future__ import annotations

import gzip
import os
import posixpath
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import url_for

from app.catalogs import gettext
from app.config import ROOT
from app.delivery.freeze import Deck
from app.delivery.incremental import MANIFEST
from app.delivery.parallel import in_workers
from app.site import content
from app.site.availability import published_languages
from app.site.pages import all_pages

from ..support import FIXTURE_SITE, LOCALES, PAGE_PARAMS, make_app, native_name, site_settings


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def local_links(doc: BeautifulSoup) -> list[str]:
    urls = [tag.get("href") for tag in doc.find_all(["a", "link"]) if tag.get("href")]
    urls += [tag["src"] for tag in doc.find_all(src=True)]
    return [u for u in urls if not urlsplit(u).scheme and not u.startswith("#")]


def published_paths(app) -> set[str]:
    with app.test_request_context():
        return {
            url_for(page.endpoint, lang=language.tag, **page.values)
            for page in all_pages()
            for language in published_languages(page)
        }


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_every_published_page_is_frozen_as_rendered(frozen, delivery_app, lang, path):
    file = frozen.site / path.lstrip("/") / "index.html"
    if path not in published_paths(delivery_app):
        # Not translated enough yet: the app shows English with a notice,
        # the static site does not offer the page in this language.
        assert not file.exists()
        return
    assert file.read_bytes() == delivery_app.test_client().get(path).get_data()


def test_output_names_what_was_frozen(frozen, delivery_app):
    pages = len(published_paths(delivery_app))
    with delivery_app.app_context():
        count = len(all_pages())
    assert pages >= count * 2, "most pages are published in two or more languages"
    assert f"froze {pages} pages in {len(LOCALES)} languages" in frozen.output
    assert str(frozen.zip) in frozen.output


def test_sitemap_and_localized_404s(frozen, delivery_app):
    client = delivery_app.test_client()
    assert (frozen.site / "sitemap.xml").read_bytes() == client.get("/sitemap.xml").get_data()
    for lang in LOCALES:
        doc = html(frozen.site / lang / "404.html")
        assert doc.html["lang"] == lang
        assert (frozen.site / lang / "404.html").read_bytes() == client.get(
            f"/{lang}/no-such-page/"
        ).get_data()
    assert html(frozen.site / "404.html").html["lang"] == "en"


def test_robots_txt_is_frozen_as_the_app_serves_it(frozen, delivery_app):
    robots = (frozen.site / "robots.txt").read_bytes()
    assert robots == delivery_app.test_client().get("/robots.txt").get_data()
    assert b"Sitemap: http://localhost/sitemap.xml\n" in robots


def test_freeze_names_the_sitemap_on_hikaya_site_url(monkeypatch, tmp_path):
    """`HIKAYA_SITE_URL=... flask freeze`, as docs/operators.md runs it: robots.txt
    names the sitemap on that origin, like the sitemap's own URLs."""
    from app import create_app

    monkeypatch.setenv("HIKAYA_SITE_URL", "https://syria.example.org")
    app = create_app({"TESTING": True, "LOCALES": LOCALES})
    out = tmp_path / "site"
    result = app.test_cli_runner().invoke(args=["freeze", "--out", str(out)])
    assert result.exit_code == 0, result.output
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://syria.example.org/sitemap.xml\n" in robots
    assert "<loc>https://syria.example.org/en/</loc>" in (out / "sitemap.xml").read_text()


def test_root_lets_a_reader_choose_a_language_without_javascript(frozen):
    doc = html(frozen.site / "index.html")
    assert doc.find("script") is None
    links = doc.select("main a[hreflang]")
    assert [a["href"] for a in links] == [f"/{lang}/" for lang in LOCALES]
    assert [a.get_text(strip=True) for a in links] == [native_name(lang) for lang in LOCALES]
    for a in links:
        item = a.find_parent("li")
        assert item["lang"] == a["hreflang"]
    # Each choice is labelled in its own language, not all in English.
    arabic = doc.select_one('li[lang="ar"]')
    assert arabic["dir"] == "rtl" and "الطبية" in arabic.get_text()
    turkish = doc.select_one('li[lang="tr"]').get_text()
    assert "Suriye'de" in turkish, "escaped once, not twice (&#39;)"


def test_every_link_and_asset_in_the_freeze_exists(frozen):
    files = {p.relative_to(frozen.site).as_posix() for p in frozen.site.rglob("*") if p.is_file()}
    checked = 0
    for page in frozen.site.rglob("*.html"):
        for url in local_links(html(page)):
            target = urlsplit(url).path.lstrip("/")
            if target == "" or target.endswith("/"):
                target += "index.html"
            assert target in files, f"{page.relative_to(frozen.site)} links to missing {url}"
            checked += 1
    assert checked > 300


def test_static_files_are_fingerprinted_and_precompressed(frozen):
    static = [p for p in (frozen.site / "static").rglob("*") if p.is_file()]
    originals = [p for p in static if p.suffix != ".gz"]
    # The site's static/ and the engine's app/static/, a name in both once.
    sources = {p.relative_to(top) for top in (FIXTURE_SITE / "static", ROOT / "app" / "static")
               for p in top.rglob("*") if p.is_file()}
    assert len(originals) == len(sources)
    for path in originals:
        assert len(path.name.split(".")) == 3 and len(path.name.split(".")[1]) == 10, path
    assert (frozen.site / "ar" / "index.html.gz").is_file()


def test_each_gzip_twin_has_its_files_time_and_mode(frozen):
    """nginx's gzip_static sends the twin's Last-Modified: a reader's cache
    sees one date for the page however it was sent."""
    twins = list(frozen.site.rglob("*.gz"))
    assert len(twins) > 20
    for twin in twins:
        mine, theirs = twin.stat(), twin.with_suffix("").stat()
        assert (mine.st_mtime_ns, mine.st_mode) == (theirs.st_mtime_ns, theirs.st_mode), twin


def test_freeze_refuses_to_replace_a_folder_it_did_not_write(delivery_app, tmp_path):
    precious = tmp_path / "notes.txt"
    precious.write_text("not a website")
    result = delivery_app.test_cli_runner().invoke(args=["freeze", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "does not look like a frozen site" in result.output
    assert precious.read_text() == "not a website"


def test_freeze_replaces_its_own_previous_output(delivery_app, frozen, tmp_path):
    out = tmp_path / "site"
    runner = delivery_app.test_cli_runner()
    assert runner.invoke(args=["freeze", "--out", str(out)]).exit_code == 0
    stale = out / "en" / "old-page" / "index.html"
    stale.parent.mkdir()
    stale.write_text("gone")
    assert runner.invoke(args=["freeze", "--out", str(out)]).exit_code == 0
    assert not stale.exists(), "a page removed from the site leaves the freeze"
    assert (out / "en" / "index.html").is_file()


# --- the offline zip ----------------------------------------------------------


@pytest.fixture(scope="module")
def unzipped(frozen, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(frozen.zip) as bundle:
        names = bundle.namelist()
        assert all(name.startswith("hikaya/") for name in names), "one top folder"
        assert not any(name.endswith(".gz") for name in names)
        bundle.extractall(target)
    return target / "hikaya"


def test_offline_links_are_relative_and_resolve(unzipped):
    checked = 0
    for page in unzipped.rglob("*.html"):
        here = page.relative_to(unzipped).as_posix()
        for url in local_links(html(page)):
            assert not url.startswith("/"), f"{here}: {url} would point at the phone's root"
            path = urlsplit(url).path
            assert "?" not in url
            assert not path.endswith("/"), f"{here}: {url} has no index.html for file://"
            target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
            assert (unzipped / target).is_file(), f"{here}: {url} -> {target} missing"
            checked += 1
    assert checked > 300


def test_stylesheet_names_no_url_the_bundle_would_not_rewrite():
    """The offline bundle rewrites root-relative links in HTML only; a url()
    or @import in the stylesheet would break under file://."""
    css = (ROOT / "app" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_offline_bundle_is_small(frozen):
    # A field team sends it over a metered link: the whole site in 100 KB.
    assert frozen.zip.stat().st_size < 100 * 1024


# --- a freeze in several processes ----------------------------------------------


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_freeze_in_several_processes_writes_the_same_site(frozen, deployed_site, tmp_path):
    """A big site is frozen by one process per core (FREEZE_WORKERS), in
    production with its remembered URLs, strings and content messages (each
    rendered once per language): the same files, byte for byte, as one
    process in development (which remembers nothing) writes, every text file
    with a gzipped twin that unpacks to it."""
    out = tmp_path / "site"
    app = make_app(FREEZE_WORKERS=3, TESTING=False, HIKAYA_ENV="production",
                   **site_settings(deployed_site))
    result = app.test_cli_runner().invoke(args=["freeze", "--out", str(out)])
    assert result.exit_code == 0, result.output + repr(result.exception)
    # The parent's own pages (404s, chooser) went through both memos.
    assert app.extensions[gettext.MEMO] and app.extensions[content.MEMO]
    parallel, serial = tree(out), tree(frozen.site)
    # The incremental freeze's manifest records the settings, which differ here.
    assert parallel.pop(MANIFEST) != serial.pop(MANIFEST)
    assert parallel.keys() == serial.keys()
    assert [name for name in serial if parallel[name] != serial[name]] == []
    twins = [name for name in serial if name.endswith(".gz")]
    assert len(twins) > 30
    for name in twins:
        assert gzip.decompress(serial[name]) == serial[name.removesuffix(".gz")], name


def test_a_worker_that_fails_stops_the_freeze_with_its_error():
    def job(share: int) -> list[str]:
        if share == 1:
            raise ValueError("Unexpected status '500 INTERNAL SERVER ERROR' on URL /ar/x/")
        return [f"/page-{share}/"]

    assert sorted(in_workers(3, lambda share: [f"/page-{share}/"])) == [
        "/page-0/", "/page-1/", "/page-2/"]
    with pytest.raises(RuntimeError, match=r"(?s)freeze worker failed.*500 INTERNAL.*/ar/x/"):
        in_workers(3, job)


def test_a_worker_that_dies_stops_the_freeze():
    def job(share: int) -> list[str]:
        if share == 2:
            os._exit(9)  # as the kernel's out-of-memory killer would end it
        return [f"/page-{share}/"]

    with pytest.raises(RuntimeError, match="freeze worker failed:\nworker exited with code 9"):
        in_workers(3, job)


def test_workers_draw_every_page_once_with_its_languages_together():
    """Two workers drawing in turn from one deck (as forked workers share it,
    the slower drawing less) render every URL once, and a page's languages
    in one worker: its language links are built there once."""
    urls = [f"/{lang}/stories/story-{n}/" for n in range(40) for lang in ("en", "ar", "tr")]
    deck = Deck([*urls, "/robots.txt", "/sitemap.xml"], workers=2)
    fast, slow = deck.draw(), deck.draw()
    drawn: dict[str, list[str]] = {"fast": [], "slow": []}
    for turn in range(1000):
        name, hand = ("slow", slow) if turn % 3 == 0 else ("fast", fast)
        drawn[name].extend(url for _, url in zip(range(Deck.HAND * 3), hand, strict=False))
    assert sorted(drawn["fast"] + drawn["slow"]) == sorted([*urls, "/robots.txt", "/sitemap.xml"])
    assert len(drawn["fast"]) > len(drawn["slow"]) > 0
    for n in range(40):
        owners = {name for name, got in drawn.items() if f"/en/stories/story-{n}/" in got
                  or f"/ar/stories/story-{n}/" in got or f"/tr/stories/story-{n}/" in got}
        assert len(owners) == 1, n
