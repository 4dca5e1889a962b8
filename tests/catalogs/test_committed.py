"""The committed catalogs are complete and carry the plural rules the
translation tools expect."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from app.catalogs.files import po_path, pot_path
from app.config import ROOT

CATALOGS = ROOT / "translations"
PLURALS = {"ar": 6, "tr": 2}


def catalog(lang: str) -> polib.POFile:
    return polib.pofile(str(po_path(CATALOGS, lang)))


def english_only_stories(po: polib.POFile) -> set[str]:
    """Story files none of whose messages is translated in `po`: stories
    written in English and not yet translated, a state the README calls
    normal (the story is published in English only)."""
    states: dict[str, list[bool]] = {}
    for entry in po:
        for file, _ in entry.occurrences:
            if file.startswith("content/stories/"):
                states.setdefault(file, []).append(bool(entry.translated()))
    return {file for file, translated in states.items() if not any(translated)}


@pytest.mark.parametrize("lang", sorted(PLURALS))
def test_catalog_is_fully_translated(lang):
    """Every message is translated, but those of a story not translated at
    all yet; a story translated in part is a lost translation."""
    po = catalog(lang)
    waiting = english_only_stories(po)
    missing = [e.msgid for e in po.untranslated_entries()
               if not e.occurrences or not all(f in waiting for f, _ in e.occurrences)]
    assert missing == []
    assert po.fuzzy_entries() == []
    if not waiting:
        assert po.percent_translated() == 100


@pytest.mark.parametrize(("lang", "forms"), sorted(PLURALS.items()))
def test_plural_forms(lang, forms):
    po = catalog(lang)
    assert po.metadata["Plural-Forms"].startswith(f"nplurals={forms};")
    plural_entries = [e for e in po if e.msgid_plural]
    assert plural_entries, "the site uses plural messages"
    for entry in plural_entries:
        assert len(entry.msgstr_plural) == forms, entry.msgid
        assert all(text.strip() for text in entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("lang", sorted(PLURALS))
def test_catalog_matches_template(lang):
    template = {(e.msgctxt, e.msgid) for e in polib.pofile(str(pot_path(CATALOGS)))}
    translated = {(e.msgctxt, e.msgid) for e in catalog(lang) if not e.obsolete}
    assert translated == template


def test_no_compiled_catalogs_in_git():
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert tracked == ""
    assert Path(ROOT / ".gitignore").read_text().count("*.mo") == 1
