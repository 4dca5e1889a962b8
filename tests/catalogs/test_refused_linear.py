"""Issue 22, finding 9: loading a catalog is linear in the translations it
refuses. Each refusal is logged at the line of its msgstr; finding that line
used to read the whole .po again for every refused entry (4.3 s at 2,500,
about 150 s at 10,000). Counted here, not timed: the file is opened a fixed
number of times however many entries are refused. `bench/refused.py`
prints the times."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from app.catalogs.catalog import Catalog
from app.catalogs.files import entries_of, parse_po
from app.catalogs.plurals import canonical_rule

OPENED: list[str] = []
WATCHING: list[str] = []


def _audit(event, args):
    if event == "open" and WATCHING and args and str(args[0]) == WATCHING[0]:
        OPENED.append(str(args[0]))


sys.addaudithook(_audit)  # cannot be removed; it records only while WATCHING is set


def write_catalog(path: Path, refused: int, accepted: int = 3) -> None:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
             '"Language: tr\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]
    for number in range(refused):
        lines += [f"#. note {number}", f"#: templates/x.html:{number + 1}",
                  f'msgid "Refused {number} for %(name)s"',
                  f'msgstr "Reddedildi {number} %(nom)s"', ""]
    for number in range(accepted):
        lines += [f'msgid "Kept {number}"', f'msgstr "Tutuldu {number}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def opens_to_load(path: Path, caplog) -> tuple[int, list[str]]:
    OPENED.clear()
    WATCHING[:] = [str(path)]
    try:
        with caplog.at_level(logging.ERROR):
            catalog = Catalog(code="tr", path=path, messages=entries_of(parse_po(path)),
                              rule=canonical_rule("tr"))
            catalog.vet_all()
    finally:
        WATCHING.clear()
    return len(OPENED), [r.getMessage() for r in caplog.records]


@pytest.mark.parametrize("refused", [0, 1, 40, 400])
def test_the_file_is_read_a_fixed_number_of_times(tmp_path, caplog, refused):
    path = tmp_path / "messages.po"
    write_catalog(path, refused)
    opens, logged = opens_to_load(path, caplog)
    assert opens <= 2, f"{opens} opens of the .po for {refused} refused entries"
    refusals = [m for m in logged if "not used" in m]
    assert len(refusals) == refused
    # Each still names the line of its msgstr: entry n starts at line 7 + 5n.
    for number, message in enumerate(refusals):
        assert message.startswith(f"{path}:{7 + 5 * number + 3}: translation of "
                                  f"'Refused {number} for %(name)s'"), message
