"""Adding a language is one catalog plus the LOCALES value: proven here with
Persian, a fourth language written right to left, and no code change."""

from __future__ import annotations

import shutil

import polib
import pytest

from app import create_app

from ..support import FIXTURE_SITE, LOCALES, native_name, po_path, site_settings, soup


@pytest.fixture
def persian_app(tmp_path, monkeypatch):
    translations = tmp_path / "translations"
    shutil.copytree(FIXTURE_SITE / "translations", translations,
                    ignore=shutil.ignore_patterns("*.mo", ".translate.lock"))

    # The translator's workflow: start the catalog, translate, compile.
    tooling = create_app({"TESTING": True, **site_settings(),
                          "TRANSLATIONS_DIR": str(translations)})
    runner = tooling.test_cli_runner()
    result = runner.invoke(args=["translate", "init", "fa"])
    assert result.exit_code == 0, result.output

    po = polib.pofile(str(po_path(translations, "fa")))
    po.find("Stories").msgstr = "داستان‌ها"
    po.save()
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output

    monkeypatch.setenv("HIKAYA_LOCALES", "en,ar,tr,fa")
    # One string translated: publish every page anyway (the default threshold,
    # 100%, would show these pages in English with a notice).
    return create_app(
        {"TESTING": True, **site_settings(), "TRANSLATIONS_DIR": str(translations),
         "PUBLISH_THRESHOLD": 0}
    )


def test_fourth_locale_is_served_right_to_left(persian_app):
    client = persian_app.test_client()
    response = client.get("/fa/stories/")
    assert response.status_code == 200
    doc = soup(response)
    assert doc.html["lang"] == "fa"
    assert doc.html["dir"] == "rtl"
    assert doc.h1.get_text(strip=True) == "داستان‌ها"

    names = [a.get_text(strip=True) for a in doc.select("nav.languages a")]
    assert names == [native_name(code) for code in [*LOCALES, "fa"]]
    hreflangs = {link["hreflang"] for link in doc.find_all("link", rel="alternate")}
    assert "fa" in hreflangs

    assert "/fa/stories/" in client.get("/sitemap.xml").get_data(as_text=True)
    redirect = client.get("/", headers={"Accept-Language": "fa-IR,fa;q=0.9"})
    assert redirect.headers["Location"] == "/fa/"


def test_locale_without_catalog_fails_at_start_up(tmp_path):
    with pytest.raises(RuntimeError, match=r"fa.*messages\.po"):
        create_app({"LOCALES": ["en", "fa"], "TRANSLATIONS_DIR": str(tmp_path)})


def test_unknown_locale_code_fails_at_start_up():
    with pytest.raises(RuntimeError, match="xx-nonsense"):
        create_app({"LOCALES": ["en", "xx-nonsense"]})
