"""Reading one catalog file: parsed, every translation judged, and kept in
the load cache (app/catalogs/cache.py) under the file's bytes and the rules,
so the next start reads the answer instead."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polib

from .cache import FileCache, file_hash
from .catalog import Catalog
from .files import CatalogFault, MessageKey, entries_of, parse_po, read_mo
from .plurals import canonical_rule
from .rules import Checker


def read_catalog(code: str, po_path: Path, path: Path, cache: FileCache, rules_key: str,
                 checkers: Mapping[MessageKey, Checker]) -> Catalog:
    """One catalog file (`path`: the .po itself, or its .mo) read and
    judged, or as the cache kept it for the same bytes and rules."""
    use_mo = path != po_path
    key = (rules_key, file_hash(path), file_hash(po_path) if use_mo else None)
    found = cache.get(str(path), key) if key[1] and cache.enabled else None
    if found is not None:
        messages, verdicts = found
        catalog = Catalog(code=code, path=path, messages=messages, rule=canonical_rule(code),
                          checkers=checkers, verdicts=dict(verdicts))
        for (message, _), verdict in verdicts.items():
            if verdict:  # refused: logged at load, as on a first read
                catalog.reject_once(message, "; ".join(verdict))
        return catalog
    po = parse_po(po_path)
    source: polib.POFile | polib.MOFile = po
    if use_mo:
        source = read_mo(path)
        if not any(entry.msgid for entry in source):
            raise CatalogFault(path, "is empty; run `flask translate compile`")
    messages = entries_of(source)
    if use_mo:  # a .mo leaves fuzzy entries out: the outdated ones come from the .po
        messages.update((k, e) for k, e in entries_of(po).items() if e.outdated)
    catalog = Catalog(code=code, path=path, messages=messages,
                      rule=canonical_rule(code), checkers=checkers)
    catalog.vet_all()
    if cache.enabled and file_hash(path) == key[1]:  # not changed while read
        cache.put(str(path), key, (catalog.messages, dict(catalog.verdicts)))
    return catalog
