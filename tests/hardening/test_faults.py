"""A fault while rendering one page costs the reader that page only: they get
the 500 page in their language, never a traceback, and every other page keeps
working. When even the 500 page cannot be drawn, a constant page is sent."""

from __future__ import annotations

import gzip
import logging

import polib
import pytest
from flask import Flask
from jinja2 import ChoiceLoader, DictLoader

from app import create_app
from app.browser import serve
from app.catalogs import files
from app.catalogs.files import po_path
from app.site.errors import FALLBACK_PAGE

from ..support import (
    FIXTURE_SITE,
    LOCALES,
    PAGE_PARAMS,
    direction,
    fetch,
    inline_code,
    missing_security_headers,
    site_settings,
    soup,
)

SECRET = "db-password-hunter2"  # in the exception; must never reach the reader
TRANSLATIONS = FIXTURE_SITE / "translations"


class Explosion(RuntimeError):
    pass


def explode():
    raise Explosion(f"template failed while holding {SECRET}")


def app_with_broken(*templates: str, body: str | None = None) -> Flask:
    """The real app, served as in production (errors handled, not raised),
    with the named templates replaced by ones that raise while rendering."""
    app = create_app({
        **site_settings(),
        "LOCALES": LOCALES,
        "TESTING": False,
        "PROPAGATE_EXCEPTIONS": False,
        # Catalogs from the .po files, as every other test reads them, not the
        # .mo files a deployment compiles (which may lag the .po in a checkout).
        "HIKAYA_ENV": "development",
    })
    broken = body or (
        '{% extends "layouts/base.html" %}{% block content %}{{ explode() }}{% endblock %}'
    )
    app.jinja_env.globals["explode"] = explode
    app.jinja_env.loader = ChoiceLoader(
        [DictLoader({name: broken for name in templates}), app.jinja_env.loader]
    )
    return app


def test_the_broken_app_is_otherwise_the_real_one():
    client = app_with_broken("pages/join.html").test_client()
    assert client.get("/en/").status_code == 200


@pytest.mark.parametrize("lang", LOCALES)
def test_a_failing_page_gives_the_localized_500_page(lang):
    client = app_with_broken("pages/join.html").test_client()
    response = client.get(f"/{lang}/join/")
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    doc = soup(response)
    assert doc.html["lang"] == lang and doc.html["dir"] == direction(lang)
    assert len(doc.find_all("h1")) == 1
    assert doc.find("nav", class_="languages") is not None, "the reader can still change language"
    assert doc.find("link", rel="canonical") is None, "an error is nobody's canonical page"
    assert response.headers["Cache-Control"] == "no-store", "a passing fault is not cached"
    assert missing_security_headers(response.headers) == {}
    assert inline_code(response.get_data(as_text=True)) == []
    body = response.get_data(as_text=True)
    assert SECRET not in body and "Traceback" not in body and "Explosion" not in body


def test_the_500_page_is_compressed():
    client = app_with_broken("pages/join.html").test_client()
    plain = client.get("/ar/join/")
    packed = client.get("/ar/join/", headers={"Accept-Encoding": "gzip"})
    assert packed.status_code == 500 and packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert "Accept-Encoding" in packed.headers["Vary"]


@pytest.mark.parametrize("lang", [lang for lang in LOCALES if lang != "en"])
def test_the_500_page_speaks_the_readers_language(lang):
    """The heading comes from the reader's catalog; until a translator has
    done it, it is English marked as English, so a screen reader switches
    voice rather than reading English with Arabic or Turkish sounds."""
    client = app_with_broken("pages/join.html").test_client()
    heading = soup(client.get(f"/{lang}/join/")).h1
    # The site's catalog first, then the engine's (app/translations).
    entry = polib.pofile(str(po_path(TRANSLATIONS, lang))).find("Something went wrong") or \
        polib.pofile(str(files.po_path(files.ENGINE_TRANSLATIONS, lang,
                                       files.ENGINE_DOMAIN))).find("Something went wrong")
    if entry is not None and entry.msgstr and "fuzzy" not in entry.flags:
        assert heading.get_text(strip=True) == entry.msgstr
    else:
        marked = heading.find(attrs={"lang": "en"})
        assert marked is not None and marked.get_text(strip=True) == "Something went wrong"


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_other_pages_are_unaffected(lang, path):
    client = app_with_broken("pages/join.html").test_client()
    assert client.get(f"/{lang}/join/").status_code == 500
    expected = 500 if path.endswith("/join/") else 200
    assert client.get(path).status_code == expected
    assert client.get(f"/{lang}/join/").status_code == 500


def test_a_failing_500_page_falls_back_to_the_constant_page():
    client = app_with_broken("pages/join.html", "pages/500.html").test_client()
    response = client.get("/ar/join/")
    assert response.status_code == 500
    assert response.data == FALLBACK_PAGE
    assert missing_security_headers(response.headers) == {}
    assert inline_code(response.get_data(as_text=True)) == []


def test_a_broken_layout_still_gives_every_page_an_answer():
    """The 500 page extends the layout, so it breaks too: the constant page."""
    client = app_with_broken("layouts/base.html", body="{{ explode() }}").test_client()
    for lang in LOCALES:
        response = client.get(f"/{lang}/")
        assert response.status_code == 500 and response.data == FALLBACK_PAGE
        assert SECRET.encode() not in response.data


def test_the_fallback_page_is_a_complete_page():
    html = FALLBACK_PAGE.decode()
    doc = soup(type("R", (), {"get_data": lambda self, as_text: html})())
    assert doc.html["lang"] == "en" and doc.title.get_text() and doc.h1.get_text()
    assert doc.find("a", href="/") is not None
    assert inline_code(html) == []


def test_an_error_escaping_flask_gets_the_fallback_from_a_real_server():
    """Flask's own error handling failing is the last case: the reader gets
    the constant page with every header, not the server's bare 500."""
    app = app_with_broken("pages/join.html")

    def broken_handling(error):
        raise Explosion(f"the error handling failed too, {SECRET}")

    app.handle_exception = broken_handling
    with serve(app) as base_url:
        status, headers, body = fetch(base_url, "/tr/join/")
        assert status == 500
        assert body == FALLBACK_PAGE
        assert missing_security_headers(headers) == {}
        assert fetch(base_url, "/tr/")[0] == 200


def test_the_fault_is_logged_without_the_reader(caplog):
    client = app_with_broken("pages/join.html").test_client()
    with caplog.at_level(logging.INFO):
        client.get(
            "/ar/join/",
            headers={
                "User-Agent": "reader-agent-5150",
                "Cookie": "hikaya_lang=ar; other=reader-cookie-5150",
                "Accept-Language": "ar-SY,ar;q=0.9",
                "X-Forwarded-For": "203.0.113.77",
            },
            environ_base={"REMOTE_ADDR": "198.51.100.23"},
        )
    logged = "\n".join(
        record.getMessage() + (str(record.exc_info[1]) if record.exc_info else "")
        for record in caplog.records
    )
    assert "Explosion" in caplog.text or SECRET in logged, "operators see the fault"
    for private in ("reader-agent-5150", "reader-cookie-5150", "203.0.113.77", "198.51.100.23",
                    "ar-SY"):
        assert private not in caplog.text, private
