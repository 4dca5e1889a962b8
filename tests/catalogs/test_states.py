"""The state of a string in a language (app/catalogs/states.py): only an
entry with every mark `flask translate update` writes (fuzzy, `#| msgid`,
`English changed on`) is outdated and shown; any other fuzzy entry is
untranslated; a kept translation that no longer fits the new English is
refused. Read from real catalog files, as the site and the freeze read them."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from app.catalogs.cache import FileCache
from app.catalogs.catalog import read_catalog
from app.catalogs.states import (
    CURRENT,
    OUTDATED,
    REFUSED,
    UNTRANSLATED,
    Counter,
    Outdated,
    state,
)

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Language: tr\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')

ENTRIES = '''\
msgid "Current"
msgstr "Güncel"

# English changed on 2026-11-02
#, fuzzy
#| msgid "The old text"
msgid "The new text"
msgstr "Eski metin"

#, fuzzy
msgid "A guess"
msgstr "Bir tahmin"

#, fuzzy
#| msgid "No date"
msgid "No date given"
msgstr "Tarih yok"

# English changed on 2026-11-03
#, fuzzy, python-format
#| msgid "Hello %(name)s"
msgid "Hello %(person)s"
msgstr "Merhaba %(name)s"

# English changed on 2026-11-04
#, fuzzy, python-format
#| msgid "Bye"
msgid "Bye %(person)s"
msgstr "Hoşça kal %(person)s"
'''


def catalog_file(folder: Path) -> Path:
    path = folder / "tr" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + ENTRIES, encoding="utf-8")
    return path


def read(po: Path, path: Path | None = None):
    return read_catalog("tr", po, path or po, FileCache(None, "test"), {})


@pytest.fixture
def po(tmp_path) -> Path:
    return catalog_file(tmp_path)


def test_each_state_from_the_marks_of_the_entry(po):
    catalog = read(po)
    found = {msgid: state(catalog, (None, msgid)) for msgid in [
        "Current", "The new text", "A guess", "No date given", "Hello %(person)s",
        "Bye %(person)s", "Never in the catalog"]}
    assert found == {
        "Current": CURRENT,
        "The new text": OUTDATED,
        "A guess": UNTRANSLATED,  # fuzzy without #| and date: a guess, never shown
        "No date given": UNTRANSLATED,  # #| but no `English changed on`
        "Hello %(person)s": REFUSED,  # its placeholder no longer fits the new English
        "Bye %(person)s": OUTDATED,
        "Never in the catalog": UNTRANSLATED,
    }


def test_lookup_hands_back_an_outdated_translation_with_its_date(po):
    catalog = read(po)
    kept = catalog.lookup((None, "The new text"), None)
    assert kept == "Eski metin" and isinstance(kept, Outdated) and kept.since == "2026-11-02"
    current = catalog.lookup((None, "Current"), None)
    assert current == "Güncel" and not isinstance(current, Outdated)
    assert catalog.lookup((None, "A guess"), None) is None
    assert catalog.lookup((None, "No date given"), None) is None
    assert catalog.lookup((None, "Hello %(person)s"), None) is None


def test_counts_name_the_latest_date_of_the_outdated_strings(po):
    catalog = read(po)

    class Page:
        shared = frozenset({(None, "Current"), (None, "The new text")})
        own = frozenset({(None, "Bye %(person)s"), (None, "A guess"),
                         (None, "Hello %(person)s")})

    counts = Counter(catalog).counts(Page)
    assert (counts.current, counts.outdated, counts.untranslated, counts.refused) == (1, 2, 1, 1)
    assert counts.since == "2026-11-04"
    assert counts.share(CURRENT) == 0.2 and counts.share(CURRENT, OUTDATED) == 0.6


def test_a_compiled_catalog_still_shows_the_outdated_translations(po):
    """Production reads the .mo, which leaves fuzzy entries out: the
    outdated ones come from the .po beside it."""
    mo = po.with_suffix(".mo")
    polib.pofile(str(po)).save_as_mofile(str(mo))
    catalog = read(po, mo)
    assert state(catalog, (None, "Current")) == CURRENT
    assert state(catalog, (None, "The new text")) == OUTDATED
    assert state(catalog, (None, "A guess")) == UNTRANSLATED
    assert catalog.lookup((None, "The new text"), None).since == "2026-11-02"


def test_confirmed_translation_is_current(po):
    text = po.read_text(encoding="utf-8").replace(
        "# English changed on 2026-11-02\n#, fuzzy\n#| msgid \"The old text\"\n", "")
    po.write_text(text, encoding="utf-8")
    catalog = read(po)
    assert state(catalog, (None, "The new text")) == CURRENT
    assert not isinstance(catalog.lookup((None, "The new text"), None), Outdated)
