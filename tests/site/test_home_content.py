"""The home page's words are the site's content/home.md, edited as a file and
translated in the site's catalogs like a story; a site without that file (an
older one) gets the engine's default home page."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..support import FIXTURE_SITE, make_app, set_translation, site_settings, soup

HOME = """\
---
title: Clinics that *stay open*
lead: Mobile teams reach families in the camps every week.
call_heading: Stand with the clinics
translators:
  title: The home page's main heading.
---
"""


def site_copy(tmp_path: Path) -> Path:
    """A copy of the fixture site, whose home page is the engine's default
    template over its content/home.md."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site, ignore=shutil.ignore_patterns("*.mo", "build",
                                                                         ".translate.lock"))
    assert not (site / "templates" / "pages" / "home.html").exists()
    return site


def extract(site: Path) -> None:
    runner = make_app(**site_settings(site)).test_cli_runner()
    for command in ("extract", "update"):
        result = runner.invoke(args=["translate", command])
        assert result.exit_code == 0, result.output


def test_an_edit_of_home_md_shows_on_the_home_page_and_its_translation_in_arabic(tmp_path):
    site = site_copy(tmp_path)
    (site / "content" / "home.md").write_text(HOME, encoding="utf-8")
    extract(site)
    catalog = set_translation(site / "translations", "ar", "Clinics that *stay open*",
                              "عيادات *تبقى مفتوحة*")
    # The home page is published in Arabic once its own words are translated.
    set_translation(site / "translations", "ar",
                    "Mobile teams reach families in the camps every week.",
                    "تصل فرق متنقلة إلى العائلات في المخيمات كل أسبوع.")
    set_translation(site / "translations", "ar", "Stand with the clinics", "قف مع العيادات")
    po = catalog.read_text(encoding="utf-8")
    assert "#: content/home.md:2" in po and "#. The home page's main heading." in po

    client = make_app(**site_settings(site)).test_client()
    english = soup(client.get("/en/"))
    assert english.h1.decode_contents() == "Clinics that <em>stay open</em>"
    assert english.title.get_text().startswith("Clinics that stay open")
    assert english.find("p", class_="lead").get_text() == (
        "Mobile teams reach families in the camps every week.")
    assert english.find(id="join").get_text() == "Stand with the clinics"
    # No heading for the figures or the areas in the file: those headings are not shown.
    assert english.find(id="crisis") is None and english.find(id="work") is None

    arabic = soup(client.get("/ar/"))
    assert arabic.html["lang"] == "ar"
    assert arabic.h1.decode_contents() == "عيادات <em>تبقى مفتوحة</em>"
    assert arabic.find("p", class_="lead").get_text() == (
        "تصل فرق متنقلة إلى العائلات في المخيمات كل أسبوع.")
    assert arabic.find(id="join").get_text() == "قف مع العيادات"


def test_a_site_without_home_md_gets_the_engines_home_page(tmp_path):
    site = site_copy(tmp_path)
    (site / "content" / "home.md").unlink()
    app = make_app(**site_settings(site))
    page = soup(app.test_client().get("/en/"))
    assert page.h1.get_text() == app.config["TITLE"]
    assert page.find(class_="hero") is None and page.find(id="join") is None


def test_a_broken_home_md_is_named_at_its_line_and_the_home_page_stays_up(tmp_path):
    site = site_copy(tmp_path)
    (site / "content" / "home.md").write_text(HOME.replace("lead:", "leed:"), encoding="utf-8")
    app = make_app(**site_settings(site))
    problems = [str(p) for p in app.extensions["hikaya_content"].problems]
    assert any("content/home.md:3: unknown key 'leed'" in p and "did you mean 'lead'" in p
               for p in problems), problems
    response = app.test_client().get("/en/")
    assert response.status_code == 200
    assert soup(response).h1.get_text() == app.config["TITLE"]
