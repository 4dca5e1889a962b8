"""The bare root sends each reader to their language."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("ar", "/ar/"),
        ("ar-SY", "/ar/"),
        ("ar-SY,ar;q=0.9,en;q=0.8", "/ar/"),
        ("tr-TR", "/tr/"),
        ("tr-TR,tr;q=0.9,en-US;q=0.8,en;q=0.7", "/tr/"),
        ("en-GB;q=0.2, tr;q=0.9", "/tr/"),
        ("de-DE, ar;q=0.3", "/ar/"),
        ("fr, de", "/en/"),
        ("*", "/en/"),
        ("", "/en/"),
        ("garbage;;q=x,,", "/en/"),
        ("ar;q=0", "/en/"),
        ("ar;q=0, tr", "/tr/"),
        ("AR; Q=0.000, tr;q=0.5", "/tr/"),
        ("ar;q=0.001, fr", "/ar/"),
        ("\u00e9\u00e9;q=1", "/en/"),
        # Only the first 16 entries count (see ACCEPT_LANGUAGE_MAX_ENTRIES).
        (",".join(["fr"] * 15 + ["tr"]), "/tr/"),
        (",".join(["fr"] * 16 + ["tr"]), "/en/"),
        ("x" * 600 + ",ar", "/en/"),
        (", ".join(f"x{i};q=0.5" for i in range(650)) + ", ar", "/en/"),
    ],
    ids=lambda value: value if len(value) < 40 else f"{value[:20]}...({len(value)} bytes)",
)
def test_accept_language(client, accept_language, expected):
    response = client.get("/", headers={"Accept-Language": accept_language})
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


def test_only_the_start_of_accept_language_is_read(client):
    """A header of 700 entries costs what 16 do: none past the limit is parsed."""
    from app.site.languages import ACCEPT_LANGUAGE_MAX_BYTES, bounded_accept_language

    huge = ", ".join(f"x{i};q=0.5" for i in range(700))
    assert len(bounded_accept_language(huge)) <= ACCEPT_LANGUAGE_MAX_BYTES
    assert bounded_accept_language(huge).count(",") == 15


def test_no_header_means_english(client):
    assert client.get("/").headers["Location"] == "/en/"


@pytest.mark.parametrize(("cookie", "expected"), [("ar", "/ar/"), ("tr", "/tr/"), ("en", "/en/")])
def test_cookie_beats_accept_language(client, cookie, expected):
    client.set_cookie("hikaya_lang", cookie)
    response = client.get("/", headers={"Accept-Language": "ar" if cookie != "ar" else "tr"})
    assert response.headers["Location"] == expected
    assert "Cookie" in response.headers["Vary"]


@pytest.mark.parametrize("cookie", ["xx", "", "https://evil.example/", "../ar", "ar\x00"])
def test_bad_cookie_is_ignored(client, cookie):
    client.set_cookie("hikaya_lang", cookie)
    response = client.get("/", headers={"Accept-Language": "tr"})
    assert response.headers["Location"] == "/tr/"


def test_missing_trailing_slash_redirects_within_the_site(client):
    response = client.get("/ar/join")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/ar/join/")
