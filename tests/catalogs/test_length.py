"""An over-long translation -- more than ten times its English, with a floor
for short strings -- is an error at its line in `check`, keeps `compile`
from building the catalog, and is refused on the page like any other broken
translation: the page keeps its size and shows that one string in English."""

from __future__ import annotations

import logging

import pytest

from app.catalogs.rules import MIN_LENGTH_ALLOWANCE, check_translation, length_limit

from ..support import build, line_of, po_path, set_translation, soup

START = "Read more about our work"  # the join page's h2
SENTENCE = "Start by knowing the story"  # 26 characters: the ratio applies
STORIES = "Stories"  # short: the floor applies
HUGE = "Hikâyeyi bilerek başlayın. " * 40_000  # about 1.1 MB


@pytest.mark.parametrize(
    ("source", "text", "ok"),
    [
        (SENTENCE, "x" * 260, True),
        (SENTENCE, "x" * 261, False),
        (STORIES, "x" * MIN_LENGTH_ALLOWANCE, True),
        (STORIES, "x" * (MIN_LENGTH_ALLOWANCE + 1), False),
        ("%(num)s year\n%(num)s years of war", "y" * 200 + " %(num)s", False),
        ("%(num)s year\n" + "x" * 30, "%(num)s " + "y" * 290, True),
    ],
)
def test_the_limit(source, text, ok):
    found = [f for f in check_translation(source, text) if f.check == "length"]
    assert (found == []) is ok, (len(text), length_limit(source))


def test_check_reports_it_at_its_line(translations):
    path = set_translation(translations, "tr", START, HUGE)
    result = build(translations).test_cli_runner().invoke(args=["translate", "check", "tr"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "error [length]" in line]
    assert len(errors) == 1, result.output[-2000:]
    file, line = errors[0].split(":")[:2]
    assert file.endswith("tr/LC_MESSAGES/messages.po")
    assert line_of(path, int(line)).startswith("msgstr")
    assert "10 times the English" in errors[0]


def test_compile_keeps_the_last_good_catalog(translations):
    runner = build(translations).test_cli_runner()
    assert runner.invoke(args=["translate", "compile"]).exit_code == 0
    mo = po_path(translations, "tr").with_suffix(".mo")
    good = mo.read_bytes()
    set_translation(translations, "tr", START, HUGE)
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 1 and "[length]" in result.output
    assert mo.read_bytes() == good


@pytest.mark.parametrize("env", ["development", "production"])
def test_the_page_refuses_it(translations, caplog, env):
    config = {"PUBLISH_THRESHOLD": 0}
    if env == "production":
        assert build(translations).test_cli_runner().invoke(
            args=["translate", "compile"]).exit_code == 0
    set_translation(translations, "tr", START, HUGE)
    if env == "production":
        # A .mo built some other way (pybabel compile checks no length).
        from app.catalogs.cli import compile_catalog

        compile_catalog(po_path(translations, "tr"), "tr")
        config |= {"TESTING": False, "HIKAYA_ENV": "production"}
    client = build(translations, **config).test_client()
    with caplog.at_level(logging.ERROR):
        response = client.get("/tr/join/")
    assert response.status_code == 200
    assert len(response.get_data()) < 50_000
    doc = soup(response)
    assert doc.html["lang"] == "tr"
    assert doc.find("h2").get_text() == START
    assert any(START in r.getMessage() and "10 times" in r.getMessage() for r in caplog.records)
