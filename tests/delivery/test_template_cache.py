"""Compiled templates kept between starts (Jinja's bytecode cache, in its
folder of this user under TMPDIR): an edited template shows at the next
start, and a cache file that is not Jinja's costs only a compile.

Real `flask freeze` processes in a temporary checkout, each a new start,
with TMPDIR of the test's own so the cache folder is this test's."""

from __future__ import annotations

from pathlib import Path

from harness.checkout import make_checkout, run


def join_page(checkout: Path, out: Path, tmp: Path) -> str:
    run(checkout, "flask", "freeze", "--full", "--out", str(out), TMPDIR=str(tmp),
        XDG_STATE_HOME=str(tmp / "state"))
    return (out / "en" / "join" / "index.html").read_text(encoding="utf-8")


def test_an_edited_template_shows_at_the_next_start(tmp_path):
    checkout = make_checkout(tmp_path / "site")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    before = join_page(checkout, tmp_path / "one", tmp)
    assert list(tmp.glob("_jinja2-cache-*/*")), "no template was kept"
    template = checkout / "templates" / "pages" / "join.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<p>edited since</p>", 1), encoding="utf-8")
    after = join_page(checkout, tmp_path / "two", tmp)
    assert "edited since" not in before and "<p>edited since</p>" in after


def test_a_cache_file_that_is_not_jinjas_costs_only_a_compile(tmp_path):
    checkout = make_checkout(tmp_path / "site")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    before = join_page(checkout, tmp_path / "one", tmp)
    kept = list(tmp.glob("_jinja2-cache-*/*"))
    assert kept
    for path in kept:
        path.write_bytes(b"not a compiled template")
    assert join_page(checkout, tmp_path / "two", tmp) == before
