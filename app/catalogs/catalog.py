"""One language's loaded catalog: its translations and the rules' verdict on
each, so a page never shows one they refuse, logged once with file and line."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .cache import FileCache, checker_name, file_hash
from .files import (
    CatalogFault,
    Entry,
    Lines,
    MessageKey,
    display_path,
    entries_of,
    parse_po,
    read_mo,
)
from .plurals import PluralRule, canonical_rule
from .rules import ERROR, Checker, check_translation
from .states import Outdated

log = logging.getLogger("app.catalogs.store")


@dataclass
class Catalog:
    code: str
    path: Path  # the file it was read from
    messages: dict[MessageKey, Entry]
    rule: PluralRule
    # Stricter rules of some messages (content Markdown); others: check_translation.
    checkers: Mapping[MessageKey, Checker] = field(default_factory=dict)
    # (key, form) -> the errors that keep the page from using it
    verdicts: dict[tuple[MessageKey, int], tuple[str, ...]] = field(default_factory=dict)
    logged: set[MessageKey] = field(default_factory=set)
    completeness: dict[MessageKey, bool] = field(default_factory=dict)
    # Read once, at the first refusal logged: per refusal was quadratic.
    lines: Lines | None = field(default=None, repr=False, compare=False)
    # The engine's catalog of the same language, for the messages this lacks.
    fallback: Catalog | None = field(default=None, repr=False, compare=False)
    # Hashes of the file (and, beside a .mo, the .po) it was read from; () unknown.
    source: tuple = field(default=(), repr=False, compare=False)

    def problems(self, key: MessageKey, form: int) -> tuple[str, ...]:
        cache_key = (key, form)
        if cache_key not in self.verdicts:
            entry = self.messages[key]
            checker = self.checkers.get(key, check_translation)
            omittable = frozenset() if entry.msgid_plural is None else self.rule.omittable(form)
            found = checker(entry.source, entry.forms[form], omittable=omittable)
            verdict = tuple(f.message for f in found if f.severity == ERROR)
            self.verdicts[cache_key] = verdict
            if verdict:
                self.reject_once(key, "; ".join(verdict))
        return self.verdicts[cache_key]

    def vet_all(self) -> None:
        """Judge every translation at load, so each refusal is logged then;
        and so know which messages are complete (each page's count asks)."""
        for key, entry in self.messages.items():
            for form, text in enumerate(entry.forms):
                if text:
                    self.problems(key, form)
            self.completeness[key] = self._whole(key, entry)

    def lookup(self, key: MessageKey, n: int | None, *, plural: bool = False) -> str | None:
        """The translation to show (an `Outdated` one for the page to mark), or None
        for English (no such form, singular for plural or the reverse, refused)."""
        entry = self.messages.get(key)
        if entry is None and self.fallback is not None:
            return self.fallback.lookup(key, n, plural=plural)
        if entry is None or (entry.msgid_plural is not None) != plural:
            return None
        try:
            form = self.rule.function(int(n)) if plural else 0
        except (TypeError, ValueError):
            return None
        if form >= len(entry.forms) or not entry.forms[form]:
            return None
        if self.problems(key, form):  # refusals: logged
            return None
        return Outdated(entry.forms[form], entry.outdated) if entry.outdated else entry.forms[form]

    def complete(self, key: MessageKey) -> bool:
        if key not in self.completeness:
            entry = self.messages.get(key)
            if entry is None:
                result = self.fallback is not None and self.fallback.complete(key)
            else:
                result = self._whole(key, entry)
            self.completeness[key] = result
        return self.completeness[key]

    def _whole(self, key: MessageKey, entry: Entry) -> bool:
        """Every form a reader can meet translated and accepted."""
        if entry.msgid_plural is not None and len(entry.forms) < self.rule.nplurals:
            return False
        return all(form and not self.problems(key, i) for i, form in enumerate(entry.forms))

    def reject_once(self, key: MessageKey, reason: str) -> None:
        if key not in self.messages and self.fallback is not None:
            self.fallback.reject_once(key, reason)
            return
        if key in self.logged:
            return
        self.logged.add(key)
        label = f"{key[0]}|{key[1]}" if key[0] else key[1]
        entry = self.messages.get(key)
        # A line is a .po's (an outdated entry beside a .mo is read from it).
        source = self.path.with_suffix(".po") if entry is not None and entry.line else self.path
        where = display_path(source)
        if entry is not None and entry.line:
            if self.lines is None:
                self.lines = Lines(source)
            where = f"{where}:{self.lines.find(entry.line, 'msgstr')}"
        log.error("%s: translation of %r not used, English shown instead: %s",
                  where, label, reason)


def read_catalog(code: str, po_path: Path, path: Path, cache: FileCache,
                 checkers: Mapping[MessageKey, Checker]) -> Catalog:
    """One catalog file (`path`: the .po, or its .mo) read and judged, or as the
    load cache kept it for the same bytes: its verdicts reused for each message
    whose rules are the same (an edit of one content message judges it again,
    not the whole catalog)."""
    use_mo = path != po_path
    names: dict[int, str] = {}
    key = (cache.hash_of(path), cache.hash_of(po_path) if use_mo else None)
    found = cache.get(str(path), key) if key[0] and cache.enabled else None
    if found is not None:
        entries, verdicts, rules = found
        messages = {k: Entry(*fields) for k, fields in entries.items()}
        catalog = Catalog(code=code, path=path, messages=messages, rule=canonical_rule(code),
                          checkers=checkers, source=key, verdicts={
                              (k, form): verdict for (k, form), verdict in verdicts.items()
                              if rules.get(k) == _rules_of(checkers, k, names)})
        for (message, _), verdict in catalog.verdicts.items():
            if verdict:  # refused: logged at load, as on a first read
                catalog.reject_once(message, "; ".join(verdict))
        catalog.vet_all()  # what the cache did not judge under these rules
        return catalog
    po = parse_po(po_path)
    source = read_mo(path) if use_mo else po
    if use_mo and not any(entry.msgid for entry in source):
        raise CatalogFault(path, "holds no translation: translate some of its .po and run "
                           "`flask translate compile`, or leave the language out of locales")
    messages = entries_of(source)
    if use_mo:  # a .mo leaves fuzzy entries out: the outdated ones come from the .po
        messages.update((k, e) for k, e in entries_of(po).items() if e.outdated)
    catalog = Catalog(code=code, path=path, messages=messages,
                      rule=canonical_rule(code), checkers=checkers)
    catalog.vet_all()
    if key[0] and file_hash(path) == key[0]:  # not changed while read
        catalog.source = key
    if cache.enabled and catalog.source:
        rules = {k: _rules_of(checkers, k, names) for k in catalog.messages}
        # Entries as tuples: a cache entry without dataclasses is read untouched.
        entries = {k: (e.msgid, e.msgid_plural, e.forms, e.line, e.outdated)
                   for k, e in catalog.messages.items()}
        cache.put(str(path), key, (entries, dict(catalog.verdicts), rules))
    return catalog


def _rules_of(checkers: Mapping[MessageKey, Checker], key: MessageKey,
              names: dict[int, str]) -> str:
    """checker_name of `key`'s rules; `names` a memo by checker (a few for 8,000 messages)."""
    checker = checkers.get(key, check_translation)
    if id(checker) not in names:
        names[id(checker)] = checker_name(checker)
    return names[id(checker)]
