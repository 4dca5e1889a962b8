"""A site says one of the engine's messages its own way by translating it
in its own catalog: `update` keeps that entry although the site's template
does not have it, `check` does not call it stale, and the page shows it
(the site's catalog is looked in before the engine's)."""

from __future__ import annotations

from pathlib import Path

import polib
from click.testing import CliRunner

from app import create_app
from app.cli import main

SKIP = "Skip to main content"
OURS = "اذهب إلى المحتوى"


def hikaya(site: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--site", str(site), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def new_site(tmp_path: Path, languages: str) -> Path:
    site = tmp_path / "org"
    CliRunner().invoke(main, ["new-site", str(site), "--name", "Example Relief",
                              "--languages", languages], catch_exceptions=False)
    return site


def served(site: Path, path: str) -> str:
    hikaya(site, "translate", "compile")
    app = create_app({"SITE_DIR": str(site), "TESTING": True, "PUBLISH_THRESHOLD": 0.0,
                      "CATALOG_CACHE": None, "CONTENT_CACHE": None})
    return app.test_client().get(path).get_data(as_text=True)


def test_a_site_override_of_an_engine_message_survives_update_and_check(tmp_path):
    site = new_site(tmp_path, "en,ar")
    po_file = site / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(po_file))
    assert catalog.find(SKIP) is None  # the engine's message is not the site's
    catalog.append(polib.POEntry(msgid=SKIP, msgstr=OURS))
    catalog.save(str(po_file))

    hikaya(site, "translate", "update")
    assert polib.pofile(str(po_file)).find(SKIP).msgstr == OURS
    assert "0 errors" in hikaya(site, "translate", "check")
    assert OURS in served(site, "/ar/")


def test_an_untranslated_or_fuzzy_engine_message_in_a_site_catalog_goes(tmp_path):
    site = new_site(tmp_path, "en,ar")
    po_file = site / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(po_file))
    catalog.append(polib.POEntry(msgid=SKIP, msgstr=""))
    catalog.append(polib.POEntry(msgid="Language", msgstr="لغة", flags=["fuzzy"]))
    catalog.save(str(po_file))
    hikaya(site, "translate", "update")
    after = polib.pofile(str(po_file))
    assert after.find(SKIP) is None and after.find("Language") is None


def test_a_language_the_engine_lacks_gets_the_engines_messages_in_the_sites_catalog(tmp_path):
    """Kurdish has no engine catalog: the site's translators get the engine's
    messages in their own catalog (from `init` on), translate them there, and
    the page shows them. Arabic, which the engine has, gets none of them."""
    site = new_site(tmp_path, "en,ar,ckb")
    folder = site / "translations"
    ckb_file = folder / "ckb" / "LC_MESSAGES" / "messages.po"
    assert polib.pofile(str(ckb_file)).find(SKIP) is not None
    assert polib.pofile(str(folder / "ar" / "LC_MESSAGES" / "messages.po")).find(SKIP) is None

    catalog = polib.pofile(str(ckb_file))
    catalog.find(SKIP).msgstr = "بڕۆ بۆ ناوەڕۆکی سەرەکی"
    catalog.save(str(ckb_file))
    hikaya(site, "translate", "update")
    assert polib.pofile(str(ckb_file)).find(SKIP).msgstr == "بڕۆ بۆ ناوەڕۆکی سەرەکی"
    assert "0 errors" in hikaya(site, "translate", "check")
    assert "بڕۆ بۆ ناوەڕۆکی سەرەکی" in served(site, "/ckb/")
