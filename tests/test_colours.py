"""A site's colours (site.toml's [colours], app/theme.py): in the one
stylesheet its pages already load, fingerprinted and frozen like any static
file, under `style-src 'self'`; a value that is no colour, or a pair too
faint to read, stops the site at start with the setting named."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from app.theme import ROLES, contrast

from .support import freeze, inline_code, repository_app, soup

# Another organisation's colours, each unlike the engine's and the repository's.
PURPLE = {"accent": "#5a2d82", "accent_dark": "#3c1e57", "tint": "#f4eff8"}


def site_app(folder: Path, colours: str = "") -> Flask:
    """A site of its own folder: settings only, in English."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.toml").write_text(
        'organisation = "Example Relief"\ntitle = "Example Relief"\nlocales = ["en"]\n'
        + colours, encoding="utf-8")
    return create_app({"SITE_DIR": str(folder), "TESTING": True})


def table(colours: dict[str, str]) -> str:
    return "[colours]\n" + "".join(f'{role} = "{value}"\n' for role, value in colours.items())


def stylesheet(app: Flask) -> tuple[str, str]:
    """The stylesheet the home page links (its URL, its text); the page
    links that one and nothing else with styles."""
    client = app.test_client()
    page = client.get("/en/")
    links = soup(page).find_all("link", rel="stylesheet")
    assert len(links) == 1 and not inline_code(page.get_data(as_text=True))
    assert "style-src 'self';" in page.headers["Content-Security-Policy"]
    response = client.get(links[0]["href"])
    assert response.status_code == 200 and response.cache_control.immutable
    return links[0]["href"], response.get_data(as_text=True)


def test_a_sites_colours_are_in_its_stylesheet_and_its_freeze(tmp_path):
    url, css = stylesheet(site_app(tmp_path / "purple", table(PURPLE)))
    for role, value in {**ROLES, **PURPLE}.items():
        assert f"--{role.replace('_', '-')}: {value};" in css, role
    engine_url, engine_css = stylesheet(site_app(tmp_path / "plain"))
    assert "#5a2d82" not in engine_css and f"--accent: {ROLES['accent']};" in engine_css
    # Another stylesheet, so another fingerprint: cached apart, for a year each.
    assert url != engine_url
    frozen = freeze(site_app(tmp_path / "purple", table(PURPLE)), tmp_path / "out")
    assert (frozen.site / url.lstrip("/")).read_text(encoding="utf-8") == css


def test_the_repository_sites_stylesheet_keeps_its_colours():
    _, css = stylesheet(repository_app())
    for role, value in {"accent": "#0b5563", "accent-dark": "#073a44", "tint": "#eef5f6",
                        "border": "#c5d6d9", "focus": "#b3261e",
                        "focus-on-dark": "#ffd166"}.items():
        assert f"--{role}: {value};" in css, role


@pytest.mark.parametrize(("setting", "named"), [
    ('accent = "teal"', "accent = 'teal' is not a colour"),
    ('accent = "#12345"', "accent = '#12345' is not a colour"),
    ('accent = "#fff"', "accent = '#fff' is not a colour"),
    ("tint = 255", "tint = 255 is not a colour"),
    ('brand = "#5a2d82"', "has no 'brand'"),
])
def test_a_colour_that_is_not_one_is_refused(tmp_path, setting, named):
    with pytest.raises(RuntimeError, match=r"site\.toml: \[colours\] " + named):
        site_app(tmp_path, f"[colours]\n{setting}\n")


@pytest.mark.parametrize(("colours", "named"), [
    # Light blue links on the white page.
    ({"accent": "#7fa7c9"}, "accent: the contrast of links on the page"),
    # A dark grey under the footer's links.
    ({"tint": "#666666"}, "tint: the contrast of links in the footer"),
    # The header's focus ring as dark as the menu bar it circles there.
    ({"focus_on_dark": "#3c5a70"}, "focus_on_dark: the contrast of the focus ring in the menu"),
    # Both of a pair set: both named.
    ({"accent": "#5a2d82", "focus_on_dark": "#5a2d82"},
     "focus_on_dark and accent: the contrast of the focus ring in the menu"),
])
def test_a_pair_too_faint_to_read_is_refused(tmp_path, colours, named):
    ratio = r" \(#\w{6} on #\w{6}\) is \d+\.\d\d:1, below the (4\.5|3):1 WCAG AA asks for"
    with pytest.raises(RuntimeError, match=r"site\.toml: \[colours\] " + named + ratio):
        site_app(tmp_path, table(colours))


def test_contrast_is_wcags():
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)
    assert contrast("#5a2d82", "#5a2d82") == 1
