"""Catalog files as translation tools write them: a byte-order mark (Windows
Notepad, some Poedit builds) and CRLF line ends are read everywhere a .po is
read -- `check`, `compile`, `update`, production start-up and the
development reload -- with line numbers unchanged."""

from __future__ import annotations

import re

import pytest

from ..support import build, po_path, set_translation, soup, touch_later

BOM = b"\xef\xbb\xbf"
START = "Read more about our work"  # the join page's h2

SAVED_AS = {
    "bom": lambda data: BOM + data,
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "bom+crlf": lambda data: BOM + data.replace(b"\n", b"\r\n"),
}


def resave(path, style: str) -> None:
    path.write_bytes(SAVED_AS[style](path.read_bytes()))
    touch_later(path)


@pytest.fixture(params=list(SAVED_AS))
def style(request) -> str:
    return request.param


def test_check_passes_and_keeps_line_numbers(translations, style):
    path = po_path(translations, "ar")
    set_translation(translations, "ar", START, "<b>unclosed")
    resave(path, style)
    result = build(translations).test_cli_runner().invoke(args=["translate", "check", "ar"])
    errors = [line for line in result.output.splitlines() if ": error [" in line]
    # Only the planted error, at the line of its msgstr.
    assert errors and all("[html]" in error for error in errors), result.output
    lines = {int(re.match(r"\S+:(\d+):", error).group(1)) for error in errors}
    assert len(lines) == 1, result.output
    line = lines.pop()
    text = path.read_bytes().removeprefix(BOM).decode().split("\n")[line - 1]
    assert text.startswith('msgstr "<b>unclosed'), text


def test_compile_builds_it(translations, style):
    resave(po_path(translations, "ar"), style)
    result = build(translations).test_cli_runner().invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
    assert po_path(translations, "ar").with_suffix(".mo").stat().st_size > 1000


def test_production_starts_and_serves_it(translations, style):
    resave(po_path(translations, "ar"), style)
    runner = build(translations).test_cli_runner()
    assert runner.invoke(args=["translate", "compile"]).exit_code == 0
    client = build(translations, TESTING=False, HIKAYA_ENV="production").test_client()
    doc = soup(client.get("/ar/join/"))
    assert doc.html["lang"] == "ar" and not doc.find("span", lang="en")


def test_development_reload_adopts_it(translations, style):
    client = build(translations, CATALOG_SETTLE_SECONDS=0).test_client()
    set_translation(translations, "tr", START, "Önce hikâyeyi öğrenin")
    resave(po_path(translations, "tr"), style)
    assert soup(client.get("/tr/join/")).find("h2").get_text() == "Önce hikâyeyi öğrenin"


def test_update_keeps_every_translation(translations, style):
    path = po_path(translations, "ar")
    before = path.read_bytes()
    resave(path, style)
    result = build(translations).test_cli_runner().invoke(args=["translate", "update"])
    assert result.exit_code == 0, result.output
    # The merge writes plain UTF-8 with LF, and loses nothing (the header
    # comment on the BOM's line included).
    assert path.read_bytes() == before
