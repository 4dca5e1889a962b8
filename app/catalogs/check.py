"""`flask translate check`: every problem in the catalogs, at the file and
line an editor can jump to. Errors (the gate fails): the page's rules
(rules.py), plural forms, freshness and syntax; warnings: fuzzy, untranslated,
edge whitespace, identical to the English, direction controls. What a check
found for the same bytes under the same rules is reused.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tempfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib
from flask import current_app, has_app_context

from . import files, lifecycle
from .cache import FileCache, file_hash, rules_fingerprint
from .files import CatalogFault, Lines, MessageKey, display_path, parse_po
from .plurals import base_language, canonical_plural_forms, normalise_plural_forms, plural_rule
from .rules import ERROR, WARNING, Checker, Finding, check_bidi, check_translation, check_whitespace


def proper_names() -> frozenset[str]:
    """site.toml's names, the same in every language: not forgotten strings."""
    return frozenset(current_app.config["PROPER_NAMES"] if has_app_context() else ())


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
        return (f"{self.locale}: {self.messages} messages, {self.translated} translated "
                f"({self.percent:.1f}%), {self.fuzzy} fuzzy, {self.untranslated} untranslated; "
                f"{self.errors} error{'s' * (self.errors != 1)}, "
                f"{self.warnings} warning{'s' * (self.warnings != 1)}")


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
        return {"problems": [asdict(p) for p in self.problems],
                "locales": {s.locale: {**asdict(s), "percent_translated": round(s.percent, 1)}
                            for s in self.summaries},
                "errors": self.errors, "warnings": self.warnings}


def key(entry: polib.POEntry) -> MessageKey:
    return (entry.msgctxt, entry.msgid)


def live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if e.msgid and not e.obsolete]


def template_keys(template: polib.POFile) -> dict[MessageKey, str | None]:
    """Each message of messages.pot, by key, with its msgid_plural."""
    return {key(e): e.msgid_plural or None for e in live(template)}


def check_catalog(po_path: Path, code: str, template: Mapping[MessageKey, str | None] | None, *,
                  template_path: Path | None = None,
                  checkers: Mapping[MessageKey, Checker] | None = None,
                  overrides: Collection[MessageKey] = ()) -> tuple[list[Problem], Summary]:
    """`checkers`: some messages' stricter rules (content Markdown); `overrides`:
    engine messages a site's catalog may hold beyond its template."""
    shown = display_path(po_path)
    summary = Summary(locale=code, file=shown)
    problems: list[Problem] = []

    def add(line: int, finding: Finding, msgid: str | None = None) -> None:
        problems.append(Problem(shown, line, finding.severity, finding.check, finding.message,
                                code, msgid))

    try:
        po = parse_po(po_path)
        canonical = canonical_plural_forms(code)
    except CatalogFault as fault:
        add(fault.line or 1, Finding(ERROR, "syntax", fault.reason))
        return _tally(problems, summary)
    except ValueError as exc:
        add(1, Finding(ERROR, "plurals", f"{exc}: is {code!r} a language code?"))
        return _tally(problems, summary)
    lines = Lines(po_path)
    header = po.metadata.get("Plural-Forms", "")
    if normalise_plural_forms(header) != normalise_plural_forms(canonical):
        add(lines.header("Plural-Forms"), Finding(
            ERROR, "plurals", f"Plural-Forms is {header!r}; {code} must use {canonical!r} "
            "(run `flask translate update` to pin it)"))
    rule = plural_rule(canonical)

    seen: dict[MessageKey, int] = {}
    for entry in live(po):
        at = lines.msgid(entry)
        if key(entry) in seen:
            add(at, Finding(ERROR, "syntax", f"duplicate message (first at line "
                            f"{seen[key(entry)]})"), entry.msgid)
            continue
        seen[key(entry)] = at
        summary.messages += 1
        checker = (checkers or {}).get(key(entry), check_translation)
        for line, finding in _check_entry(entry, code, rule, lines, checker):
            add(line, finding, entry.msgid)
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


def position(entry, lines: Lines) -> int:
    """The line `check` names an entry by: its (first) msgstr; the translator view's too."""
    forms = sorted(entry.msgstr_plural) if entry.msgid_plural else [None]
    return lines.msgstr(entry, forms[0] if forms else None)


def _check_entry(entry, code, rule, lines: Lines,
                 checker: Checker) -> Iterable[tuple[int, Finding]]:
    forms = [(i, entry.msgstr_plural[i]) for i in sorted(entry.msgstr_plural)] \
        if entry.msgid_plural else [(None, entry.msgstr)]
    first = position(entry, lines)
    outdated = lifecycle.outdated_finding(entry) if entry.fuzzy else None
    if outdated is not None:  # shown to readers: judged as a translation too
        yield first, outdated
    if entry.fuzzy and (outdated is None or outdated.check != "outdated"):
        # Not shown on the page (English is); msgmerge's guess may be stale,
        # so its other problems wait until a translator confirms it.
        yield first, Finding(WARNING, "fuzzy",
                             "marked fuzzy: readers see English until it is confirmed")
        return
    if entry.msgid_plural and entry.msgstr and not entry.msgstr_plural:
        yield lines.msgstr(entry), Finding(
            ERROR, "plurals", "a plural message needs msgstr[0]..msgstr[n], not msgstr")
        return
    if not entry.msgid_plural and entry.msgstr_plural:
        yield lines.msgstr(entry, min(entry.msgstr_plural)), Finding(
            ERROR, "plurals", "msgstr[n] on a message that has no msgid_plural")
        return
    if not any(text for _, text in forms):
        yield first, Finding(WARNING, "untranslated", "not translated: readers see English")
        return

    source = entry.msgid if not entry.msgid_plural else f"{entry.msgid}\n{entry.msgid_plural}"
    if entry.msgid_plural:
        indices = [i for i, _ in forms]
        if indices != list(range(rule.nplurals)):
            yield lines.msgstr(entry, indices[-1] if indices else None), Finding(
                ERROR, "plurals", f"has forms {indices}; {code} needs exactly {rule.nplurals} "
                f"(msgstr[0]..msgstr[{rule.nplurals - 1}])")
    for form, text in forms:
        line = lines.msgstr(entry, form)
        if not text:
            yield line, Finding(ERROR, "plurals", f"msgstr[{form}] is empty: readers would see "
                                "English for the numbers that use this form")
            continue
        if form is not None and form >= rule.nplurals:
            continue  # reported above; no rule to check it against
        omittable = rule.omittable(form) if form is not None else frozenset()
        english = entry.msgid if form is None or form == rule.function(1) else entry.msgid_plural
        for finding in [*checker(source, text, omittable=omittable),
                        *check_whitespace(english, text), *check_bidi(source, text)]:
            yield line, finding
        if text == english and base_language(code) != "en" and text.strip() not in proper_names() \
                and re.search(r"[^\W\d_]", re.sub(r"%\([^)]*\)\w|<[^>]*>", "", text)):
            yield line, Finding(WARNING, "identical", "same as the English source (if it is a "
                                "name, add it to proper_names in site.toml)")


def _check_merged(po, want: Mapping[MessageKey, str | None], code, lines: Lines, shown: str,
                  template_path, overrides: Collection[MessageKey] = ()) -> list[Problem]:
    """The catalog holds exactly the template's messages."""
    problems = []
    have = {key(e): e for e in live(po)}
    missing = [k for k in want if k not in have]
    if missing:
        sample = ", ".join(repr(msgid[:40]) for _, msgid in missing[:3])
        problems.append(Problem(
            shown, 1, ERROR, "freshness",
            f"not merged with {display_path(template_path) if template_path else 'messages.pot'}: "
            f"{len(missing)} message(s) missing ({sample}{', ...' if len(missing) > 3 else ''}); "
            "run `flask translate update`", code))
    for k, entry in have.items():
        if k not in want and k not in overrides:
            why = "no longer in messages.pot"
        elif k in want and want[k] != (entry.msgid_plural or None):
            why = "its msgid_plural differs from messages.pot"
        else:
            continue
        problems.append(Problem(shown, lines.msgid(entry), ERROR, "freshness",
                                f"{why}; run `flask translate update`", code, entry.msgid))
    return problems


def check_template_fresh(pot_path: Path, extract,
                         template: polib.POFile | None = None) -> list[Problem]:
    """Extract the code's strings (`extract`, as `flask translate extract`) and
    compare them with messages.pot."""
    shown = display_path(pot_path)
    if template is None:
        try:
            template = parse_po(pot_path)
        except CatalogFault as fault:
            return [Problem(shown, fault.line or 1, ERROR, "freshness" if not pot_path.is_file()
                            else "syntax", fault.reason)]
    with tempfile.TemporaryDirectory() as folder:
        extract(Path(folder, "messages.pot"))
        current = polib.pofile(str(Path(folder, "messages.pot")))
    problems = []
    have = {key(e): e for e in live(template)}
    reported = set()
    for entry in live(current):
        if key(entry) not in have and key(entry) not in reported:
            reported.add(key(entry))
            where, line = entry.occurrences[0] if entry.occurrences else (shown, "1")
            problems.append(Problem(
                where, int(line or 1), ERROR, "freshness",
                f"{entry.msgid[:60]!r} is not in {shown}; run `flask translate extract` "
                "and `flask translate update`", None, entry.msgid))
    now = {key(e) for e in live(current)}
    lines = Lines(pot_path)
    problems.extend(
        Problem(shown, lines.msgid(entry), WARNING, "freshness",
                "no longer in the code; run `flask translate extract`", None, entry.msgid)
        for k, entry in have.items() if k not in now)
    return problems


def fresh_key(pot_path: Path, pot_hash: str | None, sources: str | None) -> tuple | None:
    """What a freshness verdict is kept under: the sources extraction reads
    (extraction_sources) and the bytes of messages.pot (`pot_hash`)."""
    return ("fresh", sources, pot_hash, display_path(pot_path)) if sources else None


def record_fresh(pot_path: Path, sources: str, cache: FileCache) -> None:
    """`extract` just wrote messages.pot from `sources` (stamped before it read
    them): the next `check` need not extract again to know it is fresh."""
    cache.put(f"{pot_path}#fresh", fresh_key(pot_path, file_hash(pot_path), sources), [])
    cache.save()


def check_all(translations_dir: Path, codes: list[str], *, extract=None,
              checkers: Mapping[MessageKey, Checker] | None = None,
              cache: FileCache | None = None, sources: str | None = None,
              domain: str = files.DOMAIN, overrides: Collection[MessageKey] = ()) -> Report:
    """messages.pot against the code (with `extract`), then each catalog. With
    `cache`, a translator who saved one catalog waits for that one: freshness
    keys on `sources` (what extraction reads) and messages.pot, a catalog's
    check on its bytes, the template's and the rules."""
    report = Report()
    cache = cache or FileCache(None, "check cache")  # a disabled one keeps nothing
    pot_path = files.pot_path(translations_dir, domain)
    pot_hash = file_hash(pot_path)
    rules = rules_fingerprint(checkers or {}) if cache.enabled else ""
    overrides_key = hashlib.blake2b(repr(sorted(overrides, key=repr)).encode(),
                                    digest_size=16).hexdigest()

    @functools.cache  # messages.pot, parsed once and only when something needs it
    def template() -> tuple[polib.POFile | None, CatalogFault | None]:
        try:
            return parse_po(pot_path), None
        except CatalogFault as fault:
            return None, fault

    def wanted() -> dict | None:
        """Cached too: parsing messages.pot is a third of checking one catalog."""
        known = cache.get(f"{pot_path}#keys", pot_hash)
        if known is None and (parsed := template()[0]) is not None:
            known = template_keys(parsed)
            cache.put(f"{pot_path}#keys", pot_hash, known)
        return known

    if extract is not None:
        fresh = fresh_key(pot_path, pot_hash, sources)
        found = cache.get(f"{pot_path}#fresh", fresh)
        if found is None:
            found = check_template_fresh(pot_path, extract, template()[0])
            cache.put(f"{pot_path}#fresh", fresh, found)
        report.problems.extend(found)
    elif (fault := template()[1]) is not None:
        report.problems.append(Problem(
            display_path(pot_path), fault.line or 1, ERROR, "freshness", fault.reason))
    for code in codes:
        po_path = files.po_path(translations_dir, code, domain)
        digest = file_hash(po_path)
        found_key = ("check", code, rules, digest, pot_hash, display_path(po_path),
                     overrides_key) if digest else None
        found = cache.get(f"{po_path}#check", found_key)
        if found is None:
            found = check_catalog(po_path, code, wanted(), template_path=pot_path,
                                  checkers=checkers, overrides=overrides)
            if file_hash(po_path) == digest:  # not changed while read
                cache.put(f"{po_path}#check", found_key, found)
        report.problems.extend(found[0])
        report.summaries.append(found[1])
    cache.save()
    return report
