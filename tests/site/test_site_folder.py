"""A site is a folder: its settings (site.toml, then HIKAYA_*), its
templates and static files over the engine's, right to left for every
language CLDR writes so, and `hikaya new-site`, which makes one."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from app import create_app
from app.cli import main
from app.config import defaults

from ..support import soup


def test_environment_text_becomes_the_settings_types(monkeypatch):
    monkeypatch.setenv("HIKAYA_LOCALES", "en, ar,tr")
    monkeypatch.setenv("HIKAYA_NUMBERING_SYSTEMS", "ar=arab")
    monkeypatch.setenv("HIKAYA_PAGE_CACHE", "no")
    monkeypatch.setenv("HIKAYA_PSEUDO_LOCALES", "1")
    monkeypatch.setenv("HIKAYA_HOME_STORIES", "3")
    monkeypatch.setenv("HIKAYA_TRUSTED_HOSTS", "")
    monkeypatch.setenv("HIKAYA_BIND", "127.0.0.1:8000")  # gunicorn.conf.py's
    settings = defaults()
    assert settings["LOCALES"] == ["en", "ar", "tr"]
    assert settings["NUMBERING_SYSTEMS"] == {"ar": "arab"}
    assert settings["PAGE_CACHE"] is False and settings["PSEUDO_LOCALES"] is True
    assert settings["HOME_STORIES"] == 3 and settings["TRUSTED_HOSTS"] is None
    assert "SECRET_KEY" not in settings and "BIND" not in settings


def test_a_broken_mapping_is_named(monkeypatch):
    monkeypatch.setenv("HIKAYA_NUMBERING_SYSTEMS", "ar:arab")
    with pytest.raises(ValueError, match="KEY=VALUE"):
        defaults()


def test_the_sites_settings_come_from_its_folder(tmp_path, monkeypatch):
    (tmp_path / "site.toml").write_text(
        'organisation = "Example Relief"\nlocales = ["ar", "en"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = defaults()
    assert settings["SITE_DIR"] == str(tmp_path.resolve())
    assert settings["ORGANISATION"] == "Example Relief"
    # The first language is the source language.
    assert settings["DEFAULT_LOCALE"] == "ar" and settings["LOCALES"] == ["ar", "en"]
    assert settings["CONTENT_DIR"] == str(tmp_path.resolve() / "content")
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("HIKAYA_SITE", str(elsewhere))
    with pytest.raises(FileNotFoundError, match="elsewhere/site.toml"):
        defaults()
    elsewhere.mkdir()
    (elsewhere / "site.toml").write_text('organisation = "Other"\n', encoding="utf-8")
    assert defaults()["SITE_DIR"] == str(elsewhere.resolve())
    assert defaults()["ORGANISATION"] == "Other"


@pytest.fixture(scope="module")
def new_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("org") / "org"
    result = CliRunner().invoke(
        main, ["new-site", str(folder), "--name", "Example Relief", "--languages", "en,ar,ckb"])
    assert result.exit_code == 0, result.output
    return folder


def test_new_site_refuses_a_folder_with_files(new_site):
    result = CliRunner().invoke(main, ["new-site", str(new_site), "--name", "X"])
    assert result.exit_code != 0 and "not empty" in result.output


def test_new_site_refuses_an_unknown_language(tmp_path):
    result = CliRunner().invoke(
        main, ["new-site", str(tmp_path / "x"), "--name", "X", "--languages", "en,qqq"])
    assert result.exit_code != 0 and "qqq" in result.output
    assert not (tmp_path / "x").exists()


def test_a_new_site_is_its_own_and_says_it_is_a_placeholder(new_site):
    assert sorted(p.parent.parent.name for p in new_site.glob("translations/*/*/*.po")) == [
        "ar", "ckb"]
    client = create_app({"SITE_DIR": str(new_site), "TESTING": True}).test_client()
    for path in ("/en/", "/en/stories/", "/en/stories/first-story/", "/en/join/"):
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        assert "Example Relief" in text, path
        assert "International Medical Corps" not in text and "Syria" not in text, path
        # Every picture and the stylesheet it names exist (the engine's or the site's).
        for ref in soup(response).select("img[src], link[href^='/static/']"):
            url = ref.get("src") or ref["href"]
            assert client.get(url).status_code == 200, url
    assert "placeholder" in client.get("/en/stories/first-story/").get_data(as_text=True)


def test_a_sites_template_and_static_file_win_over_the_engines(new_site, tmp_path):
    (new_site / "templates" / "macros").mkdir(parents=True)
    (new_site / "templates" / "macros" / "site.html").write_text(
        '{% macro footer_source() %}Our own footer{% endmacro %}'
        '{% macro print_source() %}Ours{% endmacro %}', encoding="utf-8")
    (new_site / "static" / "css").mkdir()
    (new_site / "static" / "css" / "site.css").write_text("body { color: #111; }\n")
    try:
        client = create_app({"SITE_DIR": str(new_site), "TESTING": True}).test_client()
        doc = soup(client.get("/en/"))
        assert "Our own footer" in doc.select_one("footer").get_text()
        css = client.get(doc.select_one("link[rel=stylesheet]")["href"])
        # The site's stylesheet, with its colours (site.toml) appended.
        assert css.get_data(as_text=True).startswith("body { color: #111; }\n\n/* The colours")
    finally:
        for path in ("templates/macros/site.html", "static/css/site.css"):
            (new_site / path).unlink()


@pytest.mark.parametrize("code", ["ckb", "fa", "ar"])
def test_every_right_to_left_language_is_right_to_left(new_site, code):
    """ckb and fa have no catalog here: direction comes from CLDR alone."""
    client = create_app({"SITE_DIR": str(new_site), "TESTING": True, "PUBLISH_THRESHOLD": 0,
                         "LOCALES": ["en", code]}).test_client()
    doc = soup(client.get(f"/{code}/"))
    assert (doc.html["lang"], doc.html["dir"]) == (code, "rtl")
    css = client.get(doc.select_one("link[rel=stylesheet]")["href"]).get_data(as_text=True)
    # Right-to-left type and layout key on the direction, never on a language.
    assert ':lang(' not in css and '[dir="rtl"] { line-height' in css


def test_new_site_keeps_a_name_with_quotes_colons_and_other_scripts(tmp_path):
    name = 'Relief "Now": Ëxample \\ منظمة'
    folder = tmp_path / "org"
    result = CliRunner().invoke(main, ["new-site", str(folder), "--name", name])
    assert result.exit_code == 0, result.output
    client = create_app({"SITE_DIR": str(folder), "TESTING": True}).test_client()
    doc = soup(client.get("/en/"))
    assert doc.select_one(".brand span").get_text() == name


def test_the_freeze_writes_the_sites_and_the_engines_static_files(new_site, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--site", str(new_site), "freeze", "--out", str(out)])
    assert result.exit_code == 0, result.output
    home = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert "Example Relief" in home
    # Every static URL a page names is a file of the freeze: the engine's
    # stylesheet and icon, the site's picture.
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', home)
    assert {u.split("/")[2] for u in urls} >= {"css", "img"}
    for url in urls:
        assert (out / url.lstrip("/")).is_file(), url
    assert any("placeholder." in url for url in
               re.findall(r'src="(/static/[^"]+)"', (out / "en" / "stories" / "index.html")
                          .read_text(encoding="utf-8")))
