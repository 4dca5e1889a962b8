"""One source per sentence: content/home.md names the program paragraph its
lead shows (app/content/loader.py) instead of copying it; the page reads as
it did, and a reference that names nothing is a warning at home.md's line."""

from __future__ import annotations

import shutil

import pytest

from ..support import FIXTURE_SITE, content_site, soup

COPY = ("lead: Despite the challenges of working in the volatile region, International Medical "
        "Corps is providing lifesaving health care and support to displaced Syrian refugees in "
        "Syria, Iraq, Jordan, Lebanon and Turkey.\n")


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE / "content", target)
    assert COPY in (target / "home.md").read_text(encoding="utf-8")
    return target


def name_the_paragraph(content, starts="Despite the challenges of working", program="syria"):
    home = content / "home.md"
    home.write_text(home.read_text(encoding="utf-8").replace(
        COPY, f"lead:\n  program: {program}\n  starts: {starts}\n"), encoding="utf-8")


def leads(app):
    client = app.test_client()
    return {code: str(soup(client.get(f"/{code}/")).find("p", class_="lead"))
            for code in ("en", "ar", "tr")}


def test_home_lead_from_the_program_reads_as_the_copy_did(content, translations):
    before = leads(content_site(content, translations))
    name_the_paragraph(content)
    app = content_site(content, translations)
    assert leads(app) == before
    assert "lifesaving" in before["en"] and "منقذة للحياة" in before["ar"]
    assert app.extensions["hikaya_content"].problems == []


@pytest.mark.parametrize(("starts", "program", "says"), [
    ("No paragraph starts so", "syria", "0 paragraphs of content/programs/syria.md"),
    ("Despite the challenges", "atlantis", "no program 'atlantis'"),
])
def test_a_reference_that_names_nothing_is_a_warning_at_its_line(content, translations, starts,
                                                                  program, says):
    name_the_paragraph(content, starts, program)
    app = content_site(content, translations)
    # A warning, not a problem: rewriting the paragraph's first words must not
    # stop `translate extract` for the whole site; the home page loses its lead.
    assert app.extensions["hikaya_content"].problems == []
    problems = app.extensions["hikaya_content"].warnings
    # The reference's line ("program: ..." under "lead:", line 6) in home.md.
    assert [(p.path.endswith("/content/home.md"), p.line) for p in problems] == [(True, 7)]
    assert says in problems[0].message.replace(str(content) + "/", "content/")
    assert soup(app.test_client().get("/en/")).find("p", class_="lead") is None
