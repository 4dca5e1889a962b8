"""One language's loaded catalog: its translations, and the verdict of the
rules on each, so a page never shows a translation they refuse and each
refusal is logged once, at load, with the file and line."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .files import Entry, Lines, MessageKey, display_path
from .plurals import PluralRule
from .rules import ERROR, Checker, check_translation
from .states import Outdated

log = logging.getLogger("app.catalogs.store")


@dataclass
class Catalog:
    code: str
    path: Path  # the file it was read from
    messages: dict[MessageKey, Entry]
    rule: PluralRule
    # The rules of messages that follow more than the template rules (content
    # files' Markdown, handed in by the site); the others follow check_translation.
    checkers: Mapping[MessageKey, Checker] = field(default_factory=dict)
    # (key, form) -> the errors that keep the page from using it
    verdicts: dict[tuple[MessageKey, int], tuple[str, ...]] = field(default_factory=dict)
    logged: set[MessageKey] = field(default_factory=set)
    completeness: dict[MessageKey, bool] = field(default_factory=dict)
    # The file's lines, read once when the first refusal is logged: reading
    # them for each refusal made loading quadratic in refused entries.
    lines: Lines | None = field(default=None, repr=False, compare=False)
    # The engine's catalog of the same language (domain hikaya): a message
    # this one lacks is looked up there (app/catalogs/files.py).
    fallback: Catalog | None = field(default=None, repr=False, compare=False)

    def omittable(self, entry: Entry, form: int) -> frozenset[str]:
        if entry.msgid_plural is None:
            return frozenset()
        return self.rule.omittable(form)

    def problems(self, key: MessageKey, form: int) -> tuple[str, ...]:
        """The errors of one form, from the rules `flask translate check` uses."""
        cache_key = (key, form)
        if cache_key not in self.verdicts:
            entry = self.messages[key]
            checker = self.checkers.get(key, check_translation)
            found = checker(entry.source, entry.forms[form], omittable=self.omittable(entry, form))
            verdict = tuple(f.message for f in found if f.severity == ERROR)
            self.verdicts[cache_key] = verdict
            if verdict:
                self.reject_once(key, "; ".join(verdict))
        return self.verdicts[cache_key]

    def vet_all(self) -> None:
        """Judge every translation now, when the catalog is loaded: each one
        refused is logged then, once, with its file and line, whether or not
        a page ever asks for it."""
        for key, entry in self.messages.items():
            for form, text in enumerate(entry.forms):
                if text:
                    self.problems(key, form)

    def lookup(self, key: MessageKey, n: int | None, *, plural: bool = False) -> str | None:
        """The translation to show (an `Outdated` one marked as such), or
        None for English: there is none (or
        not for this plural form, or it is singular where the code asks for
        a plural or the other way round), or it breaks a rule (logged once)."""
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
        problems = self.problems(key, form)
        if problems:
            self.reject_once(key, "; ".join(problems))
            return None
        # An outdated translation comes with its state, for the page to mark.
        return Outdated(entry.forms[form], entry.outdated) if entry.outdated else entry.forms[form]

    def complete(self, key: MessageKey) -> bool:
        """Every form a reader can meet is there and usable."""
        known = self.completeness.get(key)
        if known is not None:
            return known
        entry = self.messages.get(key)
        if entry is None and self.fallback is not None:
            result = self.fallback.complete(key)
        elif entry is None:
            result = False
        elif entry.msgid_plural is not None and len(entry.forms) < self.rule.nplurals:
            result = False
        else:
            result = all(form and not self.problems(key, i) for i, form in enumerate(entry.forms))
        self.completeness[key] = result
        return result

    def reject_once(self, key: MessageKey, reason: str) -> None:
        if key not in self.messages and self.fallback is not None:
            self.fallback.reject_once(key, reason)
            return
        if key in self.logged:
            return
        self.logged.add(key)
        context, msgid = key
        label = f"{context}|{msgid}" if context else msgid
        entry = self.messages.get(key)
        where = display_path(self.path)
        if entry is not None and entry.line:
            if self.lines is None:
                self.lines = Lines(self.path)
            # Where a translator's editor should jump: the entry's first msgstr.
            where = f"{where}:{self.lines.find(entry.line, 'msgstr')}"
        log.error("%s: translation of %r not used, English shown instead: %s",
                  where, label, reason)
