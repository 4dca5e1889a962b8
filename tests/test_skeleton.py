"""The site `hikaya new-site` writes reads well as written, before its editor
has changed a word: its home page names the organisation once in the
browser tab, has a description that says what the page is, and tells the
editor what to write; it wears the engine's neutral colours."""

from __future__ import annotations

import pytest

from app import create_app
from app.theme import ROLES

from .catalogs.test_engine_override import new_site
from .support import soup

NAME = "Example Relief"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("skeleton"), "en")
    client = create_app({"SITE_DIR": str(site), "TESTING": True}).test_client()
    response = client.get("/en/")
    assert response.status_code == 200
    return client, soup(response)


def test_the_home_pages_title_names_the_organisation_once(home):
    _, doc = home
    title = doc.title.get_text()
    assert title.count(NAME) == 1 and title.endswith(f" · {NAME}"), title


def test_the_home_pages_description_says_what_the_page_is(home):
    _, doc = home
    description = doc.find("meta", attrs={"name": "description"})["content"]
    assert description != NAME and description.endswith(".") and len(description.split()) >= 5


def test_the_home_page_tells_its_editor_what_to_write(home):
    _, doc = home
    assert "placeholder" in doc.h1.get_text()
    lead = doc.select_one(".lead").get_text()
    assert "placeholder" in lead and "what the organisation does" in lead


def test_it_wears_the_engines_colours(home):
    client, doc = home
    css = client.get(doc.find("link", rel="stylesheet")["href"]).get_data(as_text=True)
    for role, value in ROLES.items():
        assert f"--{role.replace('_', '-')}: {value};" in css, role


def test_its_regions_have_names_of_their_own(home):
    """Two regions named by the same heading are one too many (axe
    landmark-unique): the program's section has no heading of its own."""
    _, doc = home
    names = [section["aria-labelledby"] for section in doc.find_all("section")
             if section.has_attr("aria-labelledby")]
    assert names and len(names) == len(set(names)), names
