"""The catalogs the site reads from, loaded once per change, never per request.

- Production reads the compiled .mo files (`flask translate compile`). A
  missing, empty or corrupt .po or .mo refuses to start, naming the file.
- Development reads the .po files directly and rereads one when its
  modification time changes, so a translator's save shows on the next page
  load. A .po broken mid-edit keeps the last good catalog and logs why; one
  broken at start-up means English for that language, logged.

"Production" is HIKAYA_ENV=production, or, when HIKAYA_ENV is not set, any app
that is neither in debug mode nor TESTING. The Flask command line never
refuses to start for a catalog (it logs instead), because `flask translate
check` is how you find out what is wrong with one.

For every load the store also works out, per page and language, the share of
the page's strings that the page will show translated; the publish threshold
reads that number.
"""

from __future__ import annotations

import io
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import click
import polib
from babel.messages.catalog import Catalog as Catalog_
from babel.messages.pofile import PoFileParser
from flask import Flask

from ..config import ROOT
from . import coverage as catalog_pages
from . import pseudo
from .rules import ERROR, PluralRule, canonical_rule, check_translation

log = logging.getLogger(__name__)

MessageKey = tuple[str | None, str]


class CatalogFault(Exception):
    """A catalog that cannot be used, with the file (and line) to look at."""

    def __init__(self, path: Path, message: str, line: int | None = None):
        self.path = Path(path)
        self.line = line
        self.reason = message
        where = f"{display_path(path)}:{line}" if line else display_path(path)
        super().__init__(f"{where}: {message}")


def display_path(path: str | Path) -> str:
    """Relative to the repository (or the working directory) when inside it,
    so an editor can open it from there."""
    path = Path(path).resolve()
    for base in (ROOT, Path.cwd()):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)


class _StrictParser(PoFileParser):
    """Babel's parser, keeping its complaints (polib lets some bad lines
    through) but leaving plural-form counts to the plurals check."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.issues: list[tuple[int, str]] = []

    def _invalid_pofile(self, line, lineno, msg) -> None:
        if "num_plurals" not in msg:
            self.issues.append((lineno + 1, msg))  # Babel counts lines from zero


KEYWORD_LINE_RE = re.compile(
    r"(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+(?P<rest>.*)$"
)
C_STRING_RE = re.compile(r'"(?P<body>(?:[^"\\]|\\.)*)"[ \t]*$')
ESCAPE_RE = re.compile(r'\\(?:[\\"ntrabfv?\']|[0-7]{1,3}|x[0-9a-fA-F]+)')


def lint_lines(text: str) -> tuple[int, str] | None:
    """The first line that is not PO syntax. Both parsers above accept an
    unterminated string or a bad escape; a translator's editor would not."""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = KEYWORD_LINE_RE.match(line)
        rest = match.group("rest") if match else line
        if not match and not line.startswith('"'):
            return number, f"unknown keyword in {line[:30]!r}"
        string = C_STRING_RE.match(rest)
        if string is None:
            return number, "string is not closed with a \" or has text after it"
        leftover = ESCAPE_RE.sub("", string.group("body"))
        if "\\" in leftover:
            return number, "unknown escape sequence (write \\\\ for a backslash)"
    return None


def parse_po(path: Path) -> polib.POFile:
    """Read a .po file with two parsers: polib (which keeps line numbers) and
    Babel (which refuses lines polib lets through). CatalogFault on anything
    either cannot read, with the line when one is known."""
    path = Path(path)
    if not path.is_file():
        raise CatalogFault(path, "does not exist")
    data = path.read_bytes()
    if not data.strip():
        raise CatalogFault(path, "is empty")
    try:
        text = data.decode("utf-8-sig")  # an editor's byte-order mark is harmless
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogFault(path, "is not valid UTF-8", line) from None
    problem = lint_lines(text)
    if problem is not None:
        raise CatalogFault(path, f"syntax error: {problem[1]}", problem[0])
    try:
        po = polib.pofile(text, wrapwidth=100)
    except (OSError, ValueError) as exc:
        match = re.search(r"\(line (\d+)\)", str(exc))
        message = re.sub(r"\s*(?:in po file)?\s*\S*\s*\(line \d+\)", "", str(exc)).strip()
        message = message.lower() if message else "syntax error"
        raise CatalogFault(path, message, int(match.group(1)) if match else None) from None
    parser = _StrictParser(Catalog_(charset="utf-8"), ignore_obsolete=True)
    try:
        parser.parse(io.BytesIO(data))
    except Exception as exc:  # Babel's parser raises assorted errors on bad input
        raise CatalogFault(path, f"syntax error: {exc}") from None
    if parser.issues:
        lineno, message = parser.issues[0]
        raise CatalogFault(path, f"syntax error: {message}", lineno)
    if not any(entry.msgid for entry in po):
        raise CatalogFault(path, "has no messages")
    return po


def read_mo(path: Path) -> polib.MOFile:
    path = Path(path)
    if not path.is_file():
        raise CatalogFault(path, "does not exist; run `flask translate compile`")
    if path.stat().st_size == 0:
        raise CatalogFault(path, "is empty; run `flask translate compile`")
    try:
        return polib.mofile(str(path))
    except Exception as exc:  # struct errors, bad magic, bad encoding
        raise CatalogFault(
            path, f"is not a compiled catalog ({exc}); run `flask translate compile`"
        ) from None


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgid_plural: str | None
    forms: tuple[str, ...]  # one form for a singular message

    @property
    def source(self) -> str:
        """Every English form: a placeholder from either one counts."""
        return self.msgid if self.msgid_plural is None else f"{self.msgid}\n{self.msgid_plural}"


def entries_of(catalog: polib.POFile | polib.MOFile) -> dict[MessageKey, Entry]:
    """The translations a page may use: not fuzzy, not obsolete, not empty."""
    out: dict[MessageKey, Entry] = {}
    for entry in catalog:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            count = max(entry.msgstr_plural, default=-1) + 1
            forms = tuple(entry.msgstr_plural.get(i, "") for i in range(count))
        else:
            forms = (entry.msgstr,)
        if any(forms):
            plural = entry.msgid_plural or None
            out[(entry.msgctxt, entry.msgid)] = Entry(entry.msgid, plural, forms)
    return out


@dataclass
class Catalog:
    code: str
    path: Path  # the file it was read from
    messages: dict[MessageKey, Entry]
    rule: PluralRule
    # (key, form) -> the errors that keep the page from using it; filled lazily
    verdicts: dict[tuple[MessageKey, int], tuple[str, ...]] = field(default_factory=dict)
    logged: set[MessageKey] = field(default_factory=set)

    def omittable(self, entry: Entry, form: int) -> frozenset[str]:
        if entry.msgid_plural is None:
            return frozenset()
        return self.rule.omittable(form)

    def problems(self, key: MessageKey, form: int) -> tuple[str, ...]:
        """The errors of one form, from the rules `flask translate check` uses."""
        cache_key = (key, form)
        if cache_key not in self.verdicts:
            entry = self.messages[key]
            found = check_translation(
                entry.source, entry.forms[form], omittable=self.omittable(entry, form)
            )
            self.verdicts[cache_key] = tuple(f.message for f in found if f.severity == ERROR)
        return self.verdicts[cache_key]

    def lookup(self, key: MessageKey, n: int | None, *, plural: bool = False) -> str | None:
        """The translation to show, or None for English: there is none (or
        not for this plural form, or it is singular where the code asks for
        a plural or the other way round), or it breaks a rule (logged once)."""
        entry = self.messages.get(key)
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
        return entry.forms[form]

    def complete(self, key: MessageKey) -> bool:
        """Every form a reader can meet is there and usable."""
        entry = self.messages.get(key)
        if entry is None:
            return False
        if entry.msgid_plural is not None and len(entry.forms) < self.rule.nplurals:
            return False
        return all(form and not self.problems(key, i) for i, form in enumerate(entry.forms))

    def reject_once(self, key: MessageKey, reason: str) -> None:
        if key in self.logged:
            return
        self.logged.add(key)
        context, msgid = key
        label = f"{context}|{msgid}" if context else msgid
        log.error("%s: translation of %r not used, English shown instead: %s",
                  display_path(self.path), label, reason)


def environment(app: Flask) -> str:
    explicit = (app.config.get("HIKAYA_ENV") or "").strip().lower()
    if explicit in ("production", "development"):
        return explicit
    return "development" if app.debug or app.testing else "production"


def is_production(app: Flask) -> bool:
    return environment(app) == "production"


def config_defaults() -> dict[str, object]:
    env = os.environ
    return {
        # "production" or "development"; unset: production unless debug or TESTING.
        "HIKAYA_ENV": env.get("HIKAYA_ENV") or None,
        # Share of a page's strings a language needs before the page is offered in it.
        "PUBLISH_THRESHOLD": float(env.get("HIKAYA_PUBLISH_THRESHOLD", "1.0")),
        # Serve en-XA and ar-XB (never in production).
        "PSEUDO_LOCALES": env.get("HIKAYA_PSEUDO_LOCALES", "") in ("1", "true", "yes"),
        "PSEUDO_DIR": str(ROOT / "build" / "pseudo-translations"),
        # Reread a .po when it changes; None: in development.
        "CATALOG_RELOAD": None,
    }


class CatalogStore:
    """The current catalog of every language, and the page statistics that
    go with them."""

    def __init__(self, app: Flask, codes: list[str], pseudo_codes: list[str]):
        self.app = app
        self.translations_dir = Path(app.config["TRANSLATIONS_DIR"])
        self.pseudo_dir = Path(app.config["PSEUDO_DIR"])
        self.production = is_production(app)
        reload = app.config.get("CATALOG_RELOAD")
        self.reload = (not self.production) if reload is None else bool(reload)
        # Under the command line a fault is logged, never fatal (see module
        # doc), and the .po files are read: `flask translate compile` must
        # not need the .mo files it is about to build.
        self.fatal = self.production and click.get_current_context(silent=True) is None
        self.use_mo = self.fatal
        self.codes = list(codes)
        self.pseudo_codes = list(pseudo_codes)
        self.catalogs: dict[str, Catalog] = {}
        self.stamps: dict[str, tuple[int, int] | None] = {}
        self.faults: dict[str, CatalogFault] = {}
        self.page_strings: dict[str, set[MessageKey]] = {}
        self.pot_stamp: tuple[int, int] | None = None
        self.fractions: dict[tuple[str, str], float] = {}

    # --- files --------------------------------------------------------------
    def po_path(self, code: str) -> Path:
        if code in self.pseudo_codes:
            return pseudo.catalog_path(self.pseudo_dir, code)
        return self.translations_dir / code / "LC_MESSAGES" / "messages.po"

    @property
    def pot_path(self) -> Path:
        return self.translations_dir / "messages.pot"

    @staticmethod
    def stamp(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    # --- loading --------------------------------------------------------------
    def load_all(self) -> None:
        self._load_pages()
        if self.pseudo_codes:
            self._build_pseudo()
        for code in [*self.codes, *self.pseudo_codes]:
            self._load(code, initial=True)
        self._compute_fractions()

    def _read(self, code: str) -> Catalog:
        po_path = self.po_path(code)
        po = parse_po(po_path)
        source: polib.POFile | polib.MOFile = po
        path = po_path
        if self.use_mo and code not in self.pseudo_codes:
            path = po_path.with_suffix(".mo")
            source = read_mo(path)
            if not any(entry.msgid for entry in source):
                raise CatalogFault(path, "is empty; run `flask translate compile`")
        return Catalog(code=code, path=path, messages=entries_of(source), rule=canonical_rule(code))

    def _load(self, code: str, *, initial: bool) -> bool:
        stamp = self.stamp(self.po_path(code))
        try:
            catalog = self._read(code)
        except CatalogFault as fault:
            self.stamps[code] = stamp
            if initial and self.fatal:
                raise RuntimeError(f"cannot start: catalog {fault}") from None
            self.faults[code] = fault
            if code in self.catalogs:
                log.error("catalog %s; still using the last good one", fault)
            else:
                log.error("catalog %s; showing English for %s", fault, code)
            return False
        self.stamps[code] = stamp
        self.faults.pop(code, None)
        self.catalogs[code] = catalog
        if catalog.path.suffix == ".mo":
            po_stamp = self.stamp(self.po_path(code))
            mo_stamp = self.stamp(catalog.path)
            if po_stamp and mo_stamp and po_stamp[0] > mo_stamp[0]:
                log.warning("%s is older than its .po; run `flask translate compile`",
                            display_path(catalog.path))
        return True

    def _load_pages(self) -> None:
        """Page -> strings, from the template's source references (or, when
        there is no usable template, from the catalogs' own)."""
        self.pot_stamp = self.stamp(self.pot_path)
        source: polib.POFile | None = None
        for candidate in [self.pot_path, *(self.po_path(c) for c in self.codes)]:
            try:
                source = polib.pofile(str(candidate)) if candidate.is_file() else None
            except (OSError, ValueError):
                source = None
            if source is not None and len(source):
                break
        entries = [
            ((e.msgctxt, e.msgid), [path for path, _ in e.occurrences])
            for e in (source or []) if e.msgid and not e.obsolete
        ]
        self.page_strings = catalog_pages.strings_by_page(self.app.jinja_env, entries)

    def _build_pseudo(self) -> None:
        if not self.pot_path.is_file():
            return
        pot_time = self.pot_path.stat().st_mtime_ns
        stale = any(
            (s := self.stamp(self.po_path(code))) is None or s[0] < pot_time
            for code in self.pseudo_codes
        )
        if stale:
            try:
                pseudo.write_all(self.pot_path, self.pseudo_dir)
            except (OSError, ValueError) as exc:
                log.error(
                    "cannot build pseudo-locales from %s: %s", display_path(self.pot_path), exc
                )

    def _compute_fractions(self) -> None:
        fractions = {}
        for code in [*self.codes, *self.pseudo_codes]:
            catalog = self.catalogs.get(code)
            for pid, keys in self.page_strings.items():
                if not keys:
                    fractions[(pid, code)] = 1.0
                    continue
                done = sum(1 for key in keys if catalog and catalog.complete(key))
                fractions[(pid, code)] = done / len(keys)
        self.fractions = fractions

    def refresh(self) -> None:
        """Development: reread what changed on disk since the last request.
        A few stat() calls when nothing did."""
        changed = False
        if self.stamp(self.pot_path) != self.pot_stamp:
            self._load_pages()
            if self.pseudo_codes:
                self._build_pseudo()
            changed = True
        for code in [*self.codes, *self.pseudo_codes]:
            if self.stamp(self.po_path(code)) != self.stamps.get(code):
                changed = self._load(code, initial=False) or changed
        if changed:
            self._compute_fractions()

    # --- questions ------------------------------------------------------------
    def get(self, code: str) -> Catalog | None:
        return self.catalogs.get(code)

    def fraction(self, pid: str, code: str) -> float:
        return self.fractions.get((pid, code), 1.0)

