"""`flask translate check`: every problem in the catalogs, with the file and
line an editor can jump to.

Errors (the gate fails): placeholders, HTML safety (both from
app/catalogs/rules.py, the rules the page itself applies), plural forms,
freshness (code vs messages.pot, messages.pot vs each catalog) and syntax.
Warnings: fuzzy, untranslated, edge whitespace, identical to the source,
direction control characters.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib
from flask import current_app, has_app_context

from . import lifecycle
from .files import CatalogFault, Lines, display_path, parse_po
from .plurals import canonical_plural_forms, normalise_plural_forms, plural_rule
from .rules import (
    ERROR,
    WARNING,
    Checker,
    Finding,
    check_bidi,
    check_translation,
    check_whitespace,
)


def proper_names() -> frozenset[str]:
    """site.toml's names that stay the same in every language: a translation
    identical to one is not a forgotten string."""
    return frozenset(current_app.config["PROPER_NAMES"]) if has_app_context() else frozenset()


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    severity: str
    check: str
    message: str
    locale: str | None = None
    msgid: str | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity} [{self.check}] {self.message}"


@dataclass
class Summary:
    locale: str
    file: str
    messages: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    errors: int = 0
    warnings: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.messages if self.messages else 100.0

    def __str__(self) -> str:
        return (
            f"{self.locale}: {self.messages} messages, {self.translated} translated "
            f"({self.percent:.1f}%), {self.fuzzy} fuzzy, {self.untranslated} untranslated; "
            f"{self.errors} error{'s' * (self.errors != 1)}, "
            f"{self.warnings} warning{'s' * (self.warnings != 1)}"
        )


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == WARNING for p in self.problems)

    def as_json(self) -> dict:
        return {
            "problems": [asdict(p) for p in self.problems],
            "locales": {
                s.locale: {**asdict(s), "percent_translated": round(s.percent, 1)}
                for s in self.summaries
            },
            "errors": self.errors,
            "warnings": self.warnings,
        }


# --- Lines ----------------------------------------------------------------------


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if e.msgid and not e.obsolete]


def template_keys(template: polib.POFile) -> dict[tuple[str | None, str], str | None]:
    """What a catalog is compared with: each message of messages.pot, by key,
    with its msgid_plural (None for a singular message)."""
    return {key(e): e.msgid_plural or None for e in live(template)}


# --- One catalog ----------------------------------------------------------------


def check_catalog(
    po_path: Path, code: str, template: Mapping[tuple[str | None, str], str | None] | None,
    *, template_path: Path | None = None,
    checkers: Mapping[tuple[str | None, str], Checker] | None = None,
    overrides: Collection[tuple[str | None, str]] = (),
) -> tuple[list[Problem], Summary]:
    """`checkers`: the stricter rules of some messages (content files'
    Markdown), by key; the others follow the template rules. `overrides`:
    the engine's messages, which a site's catalog may hold beyond its own
    template to say them its own way."""
    shown = display_path(po_path)
    summary = Summary(locale=code, file=shown)
    problems: list[Problem] = []

    def add(line: int, finding: Finding, entry: polib.POEntry | None = None) -> None:
        problems.append(Problem(
            shown, line, finding.severity, finding.check, finding.message,
            code, entry.msgid if entry is not None else None,
        ))

    try:
        po = parse_po(po_path)
    except CatalogFault as fault:
        add(fault.line or 1, Finding(ERROR, "syntax", fault.reason))
        return _tally(problems, summary)
    lines = Lines(po_path)

    # Plural rule: the pinned header, and the rule every plural entry follows.
    try:
        canonical = canonical_plural_forms(code)
    except ValueError as exc:
        add(1, Finding(ERROR, "plurals", f"{exc}: is {code!r} a language code?"))
        return _tally(problems, summary)
    header = po.metadata.get("Plural-Forms", "")
    if normalise_plural_forms(header) != normalise_plural_forms(canonical):
        add(lines.header("Plural-Forms"), Finding(
            ERROR, "plurals",
            f"Plural-Forms is {header!r}; {code} must use {canonical!r} "
            "(run `flask translate update` to pin it)",
        ))
    rule = plural_rule(canonical)

    seen: dict[tuple[str | None, str], int] = {}
    for entry in live(po):
        at = lines.msgid(entry)
        if key(entry) in seen:
            first = seen[key(entry)]
            add(at, Finding(ERROR, "syntax", f"duplicate message (first at line {first})"), entry)
            continue
        seen[key(entry)] = at
        summary.messages += 1
        checker = (checkers or {}).get(key(entry), check_translation)
        problems.extend(_check_entry(entry, code, rule, lines, shown, checker))

    summary.translated = sum(1 for e in live(po) if e.translated())
    summary.fuzzy = sum(1 for e in live(po) if e.fuzzy)
    summary.untranslated = summary.messages - summary.translated - summary.fuzzy

    if template is not None:
        problems.extend(_check_merged(po, template, code, lines, shown, template_path,
                                      overrides))
    return _tally(problems, summary)


def _tally(problems: list[Problem], summary: Summary) -> tuple[list[Problem], Summary]:
    summary.errors = sum(p.severity == ERROR for p in problems)
    summary.warnings = sum(p.severity == WARNING for p in problems)
    return problems, summary


def _forms(entry: polib.POEntry) -> list[tuple[int | None, str]]:
    if entry.msgid_plural:
        return [(i, entry.msgstr_plural[i]) for i in sorted(entry.msgstr_plural)]
    return [(None, entry.msgstr)]


def _check_entry(entry, code, rule, lines: Lines, shown: str,
                 checker: Checker = check_translation) -> Iterable[Problem]:
    def problem(line: int, finding: Finding) -> Problem:
        return Problem(shown, line, finding.severity, finding.check, finding.message, code,
                       entry.msgid)

    forms = _forms(entry)
    outdated = lifecycle.outdated_finding(entry) if entry.fuzzy else None
    if outdated is not None:  # shown to readers: judged as a translation too
        yield problem(lines.msgstr(entry, forms[0][0] if forms else None), outdated)
    if entry.fuzzy and (outdated is None or outdated.check != "outdated"):
        # Not shown on the page (English is); msgmerge's guess may be stale,
        # so its other problems wait until a translator confirms it.
        yield problem(lines.msgstr(entry, forms[0][0] if forms else None), Finding(
            WARNING, "fuzzy", "marked fuzzy: readers see English until it is confirmed"))
        return
    if entry.msgid_plural and entry.msgstr and not entry.msgstr_plural:
        yield problem(lines.msgstr(entry), Finding(
            ERROR, "plurals", "a plural message needs msgstr[0]..msgstr[n], not msgstr"))
        return
    if not entry.msgid_plural and entry.msgstr_plural:
        yield problem(lines.msgstr(entry, min(entry.msgstr_plural)), Finding(
            ERROR, "plurals", "msgstr[n] on a message that has no msgid_plural"))
        return
    if not any(text for _, text in forms):
        yield problem(lines.msgstr(entry, forms[0][0] if forms else None), Finding(
            WARNING, "untranslated", "not translated: readers see English"))
        return

    source = entry.msgid if not entry.msgid_plural else f"{entry.msgid}\n{entry.msgid_plural}"
    if entry.msgid_plural:
        indices = sorted(entry.msgstr_plural)
        if indices != list(range(rule.nplurals)):
            yield problem(lines.msgstr(entry, indices[-1] if indices else None), Finding(
                ERROR, "plurals",
                f"has forms {indices}; {code} needs exactly {rule.nplurals} "
                f"(msgstr[0]..msgstr[{rule.nplurals - 1}])",
            ))

    for form, text in forms:
        line = lines.msgstr(entry, form)
        if not text:
            yield problem(line, Finding(
                ERROR, "plurals", f"msgstr[{form}] is empty: readers would see English for "
                "the numbers that use this form"))
            continue
        if form is not None and form >= rule.nplurals:
            continue  # reported above; no rule to check it against
        omittable = rule.omittable(form) if form is not None else frozenset()
        english = entry.msgid if form is None or form == rule.function(1) else entry.msgid_plural
        findings = [
            *checker(source, text, omittable=omittable),
            *check_whitespace(english, text),
            *check_bidi(source, text),
        ]
        if (
            text == english
            and code.split("_")[0] != "en"
            and re.search(r"[^\W\d_]", re.sub(r"%\([^)]*\)\w|<[^>]*>", "", text))
            and text.strip() not in proper_names()
        ):
            findings.append(Finding(
                WARNING, "identical",
                "same as the English source (if it is a name, add it to "
                "proper_names in site.toml)",
            ))
        for finding in findings:
            yield problem(line, finding)


def _check_merged(po, template: Mapping[tuple[str | None, str], str | None], code,
                  lines: Lines, shown: str, template_path,
                  overrides: Collection[tuple[str | None, str]] = ()) -> list[Problem]:
    """The catalog holds exactly the template's messages (`template`: each
    message's key and msgid_plural, see template_keys)."""
    problems = []
    have = {key(e): e for e in live(po)}
    want = template
    missing = [k for k in want if k not in have]
    if missing:
        sample = ", ".join(repr(msgid[:40]) for _, msgid in missing[:3])
        problems.append(Problem(
            shown, 1, ERROR, "freshness",
            f"not merged with {display_path(template_path) if template_path else 'messages.pot'}: "
            f"{len(missing)} message(s) missing ({sample}{', ...' if len(missing) > 3 else ''}); "
            "run `flask translate update`",
            code,
        ))
    for k, entry in have.items():
        if k in overrides and k not in want:
            continue  # the site's own way of saying an engine message
        if k not in want:
            problems.append(Problem(
                shown, lines.msgid(entry), ERROR, "freshness",
                "no longer in messages.pot; run `flask translate update`", code, entry.msgid,
            ))
        elif want[k] != (entry.msgid_plural or None):
            problems.append(Problem(
                shown, lines.msgid(entry), ERROR, "freshness",
                "its msgid_plural differs from messages.pot; run `flask translate update`",
                code, entry.msgid,
            ))
    return problems
