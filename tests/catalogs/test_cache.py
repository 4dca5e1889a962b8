"""The catalog cache (app/catalogs/cache.py): a later start reads what an
earlier one found instead of parsing and judging every translation again.
It must never change what a reader sees or what is logged: a refused
translation is still refused and logged at load, an edit is always seen
(even one of the same size at the same modification time), a broken
catalog is still refused, and a cache that cannot be read costs only time."""

from __future__ import annotations

import logging
import os

import pytest

from app.catalogs.cache import FileCache, file_hash, rules_fingerprint
from app.catalogs.catalog import read_catalog
from app.catalogs.rules import ERROR, Finding
from app.site.content import CHECK_MARKDOWN

from ..support import build, po_path, set_translation, soup

PRODUCTION = {"TESTING": False, "HIKAYA_ENV": "production"}
START = "Read more about our work"  # the join page's h2


def heading(client) -> str:
    return soup(client.get("/ar/join/")).find("h2").get_text()


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "build" / "catalog-cache.json"


def test_a_later_start_uses_the_cache_and_still_refuses_and_logs(translations, cache, caplog):
    path = set_translation(translations, "ar", START, '<a href="https://evil.example/">x</a>')
    for start in ("first", "later"):
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            client = build(translations, CATALOG_CACHE=str(cache),
                           PUBLISH_THRESHOLD=0).test_client()
        assert cache.is_file(), start
        logged = [r.getMessage() for r in caplog.records if START in r.getMessage()]
        assert len(logged) == 1, (start, logged)
        assert logged[0].startswith(f"{path}:"), logged
        assert heading(client) == START, start  # the English, never the link
        assert "evil.example" not in client.get("/ar/join/").get_data(as_text=True)


def test_an_edit_of_the_same_size_at_the_same_time_is_seen(translations, cache):
    path = set_translation(translations, "ar", START, "ابدأ بمعرفة القصة أولا")
    client = build(translations, CATALOG_CACHE=str(cache)).test_client()
    assert heading(client) == "ابدأ بمعرفة القصة أولا"
    stat = path.stat()
    text = path.read_text(encoding="utf-8").replace("ابدأ بمعرفة القصة أولا",
                                                    "ابدأ بقراءة القصة أولا")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    client = build(translations, CATALOG_CACHE=str(cache)).test_client()
    assert heading(client) == "ابدأ بقراءة القصة أولا"


def test_production_still_refuses_a_catalog_broken_after_a_cached_start(translations, cache):
    runner = build(translations).test_cli_runner()
    assert runner.invoke(args=["translate", "compile"]).exit_code == 0
    build(translations, CATALOG_CACHE=str(cache), **PRODUCTION)  # fills the cache
    po_path(translations, "ar").write_text('msgid "x\nmsgstr "y"\n', encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"ar/LC_MESSAGES/messages\.po.*syntax error"):
        build(translations, CATALOG_CACHE=str(cache), **PRODUCTION)


@pytest.mark.parametrize("garbage", [b"", b"not json", b"\x80\x05K\x01.", b"{\"t\": 1}"])
def test_an_unreadable_cache_costs_only_time(translations, cache, garbage, caplog):
    set_translation(translations, "ar", START, "ابدأ بمعرفة القصة")
    cache.parent.mkdir(parents=True)
    cache.write_bytes(garbage)
    client = build(translations, CATALOG_CACHE=str(cache)).test_client()
    assert heading(client) == "ابدأ بمعرفة القصة"
    # ...and is written afresh for the next start.
    assert cache.stat().st_size > 1000


def test_an_entry_that_does_not_decode_costs_only_time(translations, cache):
    """Each file's entry is decoded when asked for: one that does not decode
    (signed by this user, so past the file's check) is read from its file."""
    from app.catalogs.cache import PLAIN, read_cache, write_cache

    set_translation(translations, "ar", START, "ابدأ بمعرفة القصة")
    build(translations, CATALOG_CACHE=str(cache))
    version, entries = read_cache(cache, "test")
    name = next(name for name in entries if name.endswith("ar/LC_MESSAGES/messages.po"))
    entries[name] = (entries[name][0], entries[name][1][:-9])  # torn
    write_cache(cache, (version, entries), "test")
    client = build(translations, CATALOG_CACHE=str(cache)).test_client()
    assert heading(client) == "ابدأ بمعرفة القصة"
    assert PLAIN.loads(read_cache(cache, "test")[1][name][1])  # kept afresh


def test_no_cache_setting_writes_nothing(translations, tmp_path):
    client = build(translations, CATALOG_CACHE=None).test_client()
    assert soup(client.get("/ar/join/")).html["lang"] == "ar"
    assert not list(tmp_path.rglob("catalog-cache*"))


def refuse_all(source, translation, *, omittable=frozenset()):
    return [Finding(ERROR, "test", "refused by the test's own rule")]


def test_a_message_under_other_rules_is_judged_again(translations, cache):
    """The cache keeps each message's verdict with its rules: a message whose
    rules changed (a content edit, or a message that moves from a template to
    a content file) is judged again; the others keep theirs."""
    po = set_translation(translations, "ar", START, "اقرأ المزيد عن عملنا")
    key = (None, START)

    files = FileCache(cache, "catalog cache")
    assert read_catalog("ar", po, po, files, {}).lookup(key, None) == "اقرأ المزيد عن عملنا"
    files.save()
    assert cache.is_file()
    for checkers, shown in (({key: refuse_all}, None), ({}, "اقرأ المزيد عن عملنا")):
        later = FileCache(cache, "catalog cache")
        assert later.get(str(po), (file_hash(po), None)) is not None  # read from the cache
        assert read_catalog("ar", po, po, later, checkers).lookup(key, None) == shown
    assert rules_fingerprint({}) != rules_fingerprint({key: CHECK_MARKDOWN})


@pytest.mark.parametrize(("command", "at_start"), [("run", True), ("flask", False)])
def test_the_command_line_loads_catalogs_when_a_command_needs_them(
    translations, command, at_start, caplog
):
    """`flask translate check` and friends read the files themselves and do
    not wait for the store to load them; `flask run` serves pages, so it
    loads (and logs a refusal) at start, as a server does. Either way a
    refused translation is logged once, and never shown."""
    import click

    set_translation(translations, "ar", START, '<a href="https://evil.example/">x</a>')
    with caplog.at_level(logging.ERROR), click.Context(click.Command(command)):
        app = build(translations, PUBLISH_THRESHOLD=0)
    refused = [r for r in caplog.records if START in r.getMessage()]
    assert len(refused) == (1 if at_start else 0)
    with caplog.at_level(logging.ERROR):
        assert heading(app.test_client()) == START
    assert len([r for r in caplog.records if START in r.getMessage()]) == 1


def test_compile_leaves_production_nothing_to_read_again(translations, cache):
    """`flask translate compile` reads each catalog as production will, so a
    deployment's first start finds all of it kept: it adds nothing to the
    cache (and serves the translations)."""
    runner = build(translations, CATALOG_CACHE=str(cache)).test_cli_runner()
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
    kept = cache.read_bytes()
    client = build(translations, CATALOG_CACHE=str(cache), **PRODUCTION).test_client()
    assert soup(client.get("/ar/join/")).html["lang"] == "ar"
    assert cache.read_bytes() == kept


def test_a_template_s_references_are_kept_and_read_again_when_it_changes(tmp_path):
    """Which templates a template names is kept between starts (coverage.PARSED
    stands for one process): a later start takes it from the cache, and an
    edited template is parsed again, whatever the cache says."""
    from jinja2 import Environment, FileSystemLoader

    from app.catalogs import coverage

    (tmp_path / "t").mkdir()
    page, part, other = (tmp_path / "t" / name for name in ("page.html", "a.html", "b.html"))
    page.write_text('{% include "a.html" %}')
    part.write_text("a")
    other.write_text("b")
    env = Environment(loader=FileSystemLoader(str(tmp_path / "t")))
    path = tmp_path / "cache.bin"

    def start() -> set[str]:  # a new process: nothing parsed yet
        coverage.PARSED.clear()
        cache = FileCache(path, "test cache")
        found = coverage.template_closure(env, "page.html", cache=cache)
        cache.save()
        return found

    assert start() == {"page.html", "a.html"}
    parsed = []
    real_parse = env.parse
    env.parse = lambda source: parsed.append(source) or real_parse(source)
    assert start() == {"page.html", "a.html"} and parsed == []  # from the cache
    page.write_text('{% include "b.html" %}')
    # The edited page, and b.html met for the first time: nothing else.
    assert start() == {"page.html", "b.html"} and parsed == ['{% include "b.html" %}', "b"]


def test_a_files_hash_is_kept_by_its_status(tmp_path, monkeypatch):
    """FileCache.hash_of: a settled file's hash is kept under its status and
    believed while that holds (a planted one is); a rewrite at the same size
    and modification time changes its change time, and is hashed again."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "messages.po"
    path.write_text('msgid "Home"\nmsgstr "Ana sayfa"\n', encoding="utf-8")
    cache = FileCache(tmp_path / "cache.json", "test cache", settle_seconds=0)
    assert cache.hash_of(path) == file_hash(path)
    status = next(iter(cache.entries.values()))[0]
    cache.put(f"{path}#hash", status, "planted")
    cache.save()
    again = FileCache(tmp_path / "cache.json", "test cache", settle_seconds=0)
    assert again.hash_of(path) == "planted"
    before = path.stat()
    path.write_text('msgid "Home"\nmsgstr "Anasayfa!"\n', encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert again.hash_of(path) == file_hash(path) != "planted"
    assert FileCache(None, "no cache").hash_of(path) == file_hash(path)
    assert again.hash_of(tmp_path / "gone.po") is None
