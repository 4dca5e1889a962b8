"""The whole of `flask translate check`: messages.pot against the code, then
every catalog (app/catalogs/check.py), reusing what an earlier check found
for the same bytes under the same rules."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path

import polib

from . import files
from .cache import FileCache, file_hash, rules_fingerprint
from .check import (
    ERROR,
    WARNING,
    Lines,
    Problem,
    Report,
    check_catalog,
    key,
    live,
    template_keys,
)
from .files import CatalogFault, display_path, parse_po
from .rules import Checker

# --- The template against the code ---------------------------------------------


def check_template_fresh(pot_path: Path, extract,
                         template: polib.POFile | None = None) -> list[Problem]:
    """Extract the strings from the code into a temporary file (`extract` is
    the same function `flask translate extract` uses) and compare.
    `template`: messages.pot already read."""
    shown = display_path(pot_path)
    if template is None:
        try:
            template = parse_po(pot_path)
        except CatalogFault as fault:
            return [Problem(shown, fault.line or 1, ERROR, "freshness" if not pot_path.is_file()
                            else "syntax", fault.reason)]
    fd, tmp = tempfile.mkstemp(suffix=".pot")
    os.close(fd)
    try:
        extract(Path(tmp))
        current = polib.pofile(tmp)
    finally:
        Path(tmp).unlink(missing_ok=True)
    problems = []
    have = {key(e): e for e in live(template)}
    lines = Lines(pot_path)
    reported = set()
    for entry in live(current):
        if key(entry) not in have and key(entry) not in reported:
            reported.add(key(entry))
            where, line = entry.occurrences[0] if entry.occurrences else (shown, "1")
            problems.append(Problem(
                where, int(line or 1), ERROR, "freshness",
                f"{entry.msgid[:60]!r} is not in {shown}; run `flask translate extract` "
                "and `flask translate update`",
                None, entry.msgid,
            ))
    now = {key(e) for e in live(current)}
    for k, entry in have.items():
        if k not in now:
            problems.append(Problem(
                shown, lines.msgid(entry), WARNING, "freshness",
                "no longer in the code; run `flask translate extract`", None, entry.msgid,
            ))
    return problems


def check_all(
    translations_dir: Path, codes: list[str], *, extract=None,
    checkers: Mapping[tuple[str | None, str], Checker] | None = None,
    cache: FileCache | None = None, sources: str | None = None, domain: str = files.DOMAIN,
    overrides: Collection[tuple[str | None, str]] = (),
) -> Report:
    """Every problem of messages.pot against the code (with `extract`) and of
    each catalog. With `cache`, what was found for the same bytes under the
    same rules is reused (a translator who saved one catalog waits for that
    one): the freshness check keys on `sources` (a hash of every file
    extraction reads) and messages.pot, a catalog's on its bytes, the
    template's and which messages follow which rules."""
    report = Report()
    cache = cache if cache is not None and cache.enabled else None
    pot_path = files.pot_path(translations_dir, domain)
    pot_hash = file_hash(pot_path)
    rules = rules_fingerprint(checkers or {}) if cache else ""
    overrides_key = hashlib.blake2b(repr(sorted(overrides, key=repr)).encode(),
                                    digest_size=16).hexdigest()
    read: list = []  # messages.pot, parsed once and only when something needs it

    def template() -> tuple[polib.POFile | None, CatalogFault | None]:
        if not read:
            try:
                read.append((parse_po(pot_path), None))
            except CatalogFault as fault:
                read.append((None, fault))
        return read[0]

    def wanted() -> dict | None:
        """The template's keys, kept with the other findings (parsing
        messages.pot is a third of checking one catalog)."""
        known = cache.get(f"{pot_path}#keys", pot_hash) if cache and pot_hash else None
        if known is None:
            parsed = template()[0]
            known = template_keys(parsed) if parsed is not None else None
            if cache and pot_hash and known is not None:
                cache.put(f"{pot_path}#keys", pot_hash, known)
        return known

    if extract is not None:
        key = ("fresh", sources, pot_hash, display_path(pot_path))
        found = cache.get(f"{pot_path}#fresh", key) if cache and sources else None
        if found is None:
            found = check_template_fresh(pot_path, extract, template()[0])
            if cache and sources:
                cache.put(f"{pot_path}#fresh", key, found)
        report.problems.extend(found)
    elif (fault := template()[1]) is not None:
        report.problems.append(Problem(
            display_path(pot_path), fault.line or 1, ERROR, "freshness", fault.reason))
    for code in codes:
        po_path = files.po_path(translations_dir, code, domain)
        key = ("check", code, rules, file_hash(po_path), pot_hash, display_path(po_path),
               overrides_key)
        found = cache.get(f"{po_path}#check", key) if cache and key[3] else None
        if found is None:
            found = check_catalog(po_path, code, wanted(), template_path=pot_path,
                                  checkers=checkers, overrides=overrides)
            if cache and key[3] and file_hash(po_path) == key[3]:
                cache.put(f"{po_path}#check", key, found)
        problems, summary = found
        report.problems.extend(problems)
        report.summaries.append(summary)
    if cache:
        cache.save()
    return report
