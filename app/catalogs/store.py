"""The catalogs the site reads from, loaded once per change, never per request.

- Production reads the compiled .mo files (`flask translate compile`). A
  missing, empty or corrupt .po or .mo refuses to start, naming the file.
- Development reads the .po files directly and rereads one when it changes,
  once it has stopped changing: its size and modification time the same at
  two looks CATALOG_SETTLE_SECONDS apart (or its modification time that long
  ago), and the same again after reading it. A file still being written can
  parse -- cut at an entry boundary it is a smaller, valid catalog -- and
  would show readers English until the save finished. A .po broken mid-edit
  keeps the last good catalog and logs why; one broken at start-up means
  English for that language, logged.

"Production" is HIKAYA_ENV=production, or, when HIKAYA_ENV is not set, any app
that is neither in debug mode nor TESTING (app/config.py). The Flask command line never
refuses to start for a catalog (it logs instead), because `flask translate
check` is how you find out what is wrong with one.

For every load the store also works out, per page and language, the share of
the page's strings that the page will show translated; the publish threshold
reads that number.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import click
import polib
from flask import Flask

from ..config import is_production
from ..writing import stamp as stamp_of
from . import coverage, pseudo
from .cache import FileCache, file_hash, rules_fingerprint
from .catalog import Catalog
from .files import (
    ENGINE_DOMAIN,
    ENGINE_TRANSLATIONS,
    PACKAGE_DIR,
    CatalogFault,
    MessageKey,
    display_path,
    entries_of,
    parse_po,
    po_path,
    pot_path,
    read_mo,
)
from .plurals import canonical_rule
from .rules import Checker

log = logging.getLogger(__name__)


class CatalogStore:
    """The current catalog of every language, and the page statistics that
    go with them."""

    def __init__(
        self,
        app: Flask,
        codes: list[str],
        pseudo_codes: list[str],
        pages: Iterable[coverage.PageLike],
        checkers: Mapping[MessageKey, Checker] | None = None,
    ):
        self.app = app
        self.pages = list(pages)
        self.checkers: Mapping[MessageKey, Checker] = checkers or {}
        # Problems in the files the messages come from that are not catalogs
        # (content files: file, line, message), handed in by the site for
        # `flask translate extract` and `check` to report.
        self.source_problems: list[tuple[str, int, str]] = []
        self.source_warnings: list[tuple[str, int, str]] = []
        # Called before extracting (the site hands in one that lends the
        # content files it has read to the content extractor).
        self.prepare_extraction: Callable[[], None] = lambda: None
        self._generation = 0
        self.translations_dir = Path(app.config["TRANSLATIONS_DIR"])
        self.pseudo_dir = Path(app.config["PSEUDO_DIR"])
        self.engine_dir = Path(app.config.get("ENGINE_TRANSLATIONS_DIR") or ENGINE_TRANSLATIONS)
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
        # code -> the stamps of its site catalog and the engine's (file_stamps)
        self.stamps: dict[str, tuple] = {}
        self.settle = float(app.config.get("CATALOG_SETTLE_SECONDS") or 0)
        # file key -> (stamp seen, monotonic time it was first seen)
        self.pending: dict[str, tuple[tuple[int, int] | None, float]] = {}
        self.faults: dict[str, CatalogFault] = {}
        self._page_strings: dict[str, coverage.PageStrings] = {}
        # Under the command line the catalogs are read when a command first
        # needs them: `check`, `extract`, `update` and `compile` read the
        # files themselves and would only wait for a load they never use.
        self.deferred = False
        self.pot_stamp: tuple[int, int] | None = None
        self.fractions: dict[tuple[str, str], float] = {}
        self.cache = FileCache(app.config.get("CATALOG_CACHE"), "catalog cache")
        self.rules_key = rules_fingerprint(self.checkers) if self.cache.enabled else ""

    # --- files --------------------------------------------------------------
    def po_path(self, code: str) -> Path:
        folder = self.pseudo_dir if code in self.pseudo_codes else self.translations_dir
        return po_path(folder, code)

    @property
    def pot_path(self) -> Path:
        return pot_path(self.translations_dir)

    # --- loading --------------------------------------------------------------
    def load_all(self) -> None:
        command = click.get_current_context(silent=True)
        if not self.fatal and command is not None and command.command.name != "run":
            # `flask run` serves pages: it loads (and logs) at start, as a server does.
            self.deferred = True
            return
        self._load_everything()

    def _ensure_loaded(self) -> None:
        if self.deferred:
            self.deferred = False
            self._load_everything()

    @property
    def generation(self) -> int:
        """Goes up whenever what a page would show may have changed (a
        catalog reread, new pages): the page cache keys on it."""
        self._ensure_loaded()
        return self._generation

    @property
    def page_strings(self) -> dict[str, coverage.PageStrings]:
        self._ensure_loaded()
        return self._page_strings

    def _load_everything(self) -> None:
        self._load_pages()
        if self.pseudo_codes:
            self._build_pseudo()
        for code in [*self.codes, *self.pseudo_codes]:
            self._load(code, initial=True)
        self._compute_fractions()
        self.cache.save()

    def warm(self, codes: Iterable[str]) -> None:
        """Read each catalog as production will (its .mo, the .po checked)
        so the cache already holds it: `flask translate compile` calls this,
        and the first start of a deployment is as quick as any later one."""
        if not self.cache.enabled:
            return
        use_mo, self.use_mo = self.use_mo, True
        try:
            for code in codes:
                if code in self.codes:
                    try:
                        self._read(code)
                    except CatalogFault:
                        continue  # production will say so when it starts
            self._template_references(self.pot_path)
        finally:
            self.use_mo = use_mo
        self.cache.save()

    def _read(self, code: str) -> Catalog:
        """The site's catalog of `code`, the engine's (if it has one for
        `code`) behind it for the messages the site does not translate."""
        site_po = self.po_path(code)
        use_mo = self.use_mo and code not in self.pseudo_codes
        catalog = self._read_file(code, site_po, site_po.with_suffix(".mo") if use_mo else site_po)
        engine_po = po_path(self.engine_dir, code, ENGINE_DOMAIN)
        if engine_po.is_file():
            try:
                catalog.fallback = self._read_file(code, engine_po, engine_po)
            except CatalogFault as fault:  # the engine's bug: English for its strings
                log.error("engine catalog %s; showing English for its messages", fault)
        return catalog

    def _read_file(self, code: str, po_path: Path, path: Path) -> Catalog:
        """One catalog file (`path`: the .po itself, or its .mo) read and
        judged, or as the cache kept it for the same bytes and rules."""
        use_mo = path != po_path
        key = (self.rules_key, file_hash(path), file_hash(po_path) if use_mo else None)
        found = self.cache.get(str(path), key) if key[1] and self.cache.enabled else None
        if found is not None:
            messages, verdicts = found
            catalog = Catalog(code=code, path=path, messages=messages, rule=canonical_rule(code),
                              checkers=self.checkers, verdicts=dict(verdicts))
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
        catalog = Catalog(code=code, path=path, messages=entries_of(source),
                          rule=canonical_rule(code), checkers=self.checkers)
        catalog.vet_all()
        if self.cache.enabled and file_hash(path) == key[1]:  # not changed while read
            self.cache.put(str(path), key, (catalog.messages, dict(catalog.verdicts)))
        return catalog

    def settled(self, key: str, stamp: tuple[int, int] | None) -> bool:
        """Has a changed file stopped changing? Its stamp (modification time,
        size) is the one a look CATALOG_SETTLE_SECONDS ago saw, or its
        modification time is at least that old. A file that is gone counts
        as settled (it is reported, and the last good catalog stays)."""
        if self.settle <= 0 or stamp is None:
            return True
        if (time.time_ns() - stamp[0]) / 1e9 >= self.settle:
            return True
        now = time.monotonic()
        seen = self.pending.get(key)
        if seen is not None and seen[0] == stamp:
            return now - seen[1] >= self.settle
        self.pending[key] = (stamp, now)
        return False

    def file_stamps(self, code: str) -> tuple:
        """The stamps of what a language's catalog is read from: the site's
        .po and the engine's."""
        return (stamp_of(self.po_path(code)),
                stamp_of(po_path(self.engine_dir, code, ENGINE_DOMAIN)))

    def _load(self, code: str, *, initial: bool) -> bool:
        stamp = self.file_stamps(code)
        try:
            catalog = self._read(code)
            if not initial and self.file_stamps(code) != stamp:
                # Written to while being read: not adopted, looked at again
                # on a later request.
                return False
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
            po_stamp = stamp_of(self.po_path(code))
            mo_stamp = stamp_of(catalog.path)
            if po_stamp and mo_stamp and po_stamp[0] > mo_stamp[0]:
                log.warning("%s is older than its .po; run `flask translate compile`",
                            display_path(catalog.path))
        return True

    def _load_pages(self) -> None:
        """Page -> strings, from the template's source references (or, when
        there is no usable template, from the catalogs' own)."""
        self.pot_stamp = stamp_of(self.pot_path)
        entries = None
        for candidate in [self.pot_path, *(self.po_path(c) for c in self.codes)]:
            entries = self._template_references(candidate)
            if entries is not None:
                break
        # The engine's default templates' strings count on the pages they show on too.
        engine = self._template_references(pot_path(self.engine_dir, ENGINE_DOMAIN),
                                           f"{PACKAGE_DIR.name}/")
        self._page_strings = coverage.strings_by_page(self.app.jinja_env, self.pages,
                                                     (entries or []) + (engine or []))

    def _template_references(self, path: Path, package: str = "") -> list | None:
        """(key, the templates it occurs in) of every message of a catalog
        file that occurs in a template (`package`/templates/ for the
        engine's: its default templates); None when the file cannot be read."""
        if not path.is_file():
            return None
        key = ("references", file_hash(path))
        found = self.cache.get(f"{path}#references", key) if self.cache.enabled else None
        if found is not None:
            return found
        try:
            source = polib.pofile(str(path))
        except (OSError, ValueError):
            return None
        entries = [
            ((e.msgctxt, e.msgid), [p.removeprefix(package) for p, _ in e.occurrences
                                    if p.startswith(package + coverage.TEMPLATE_PREFIX)])
            for e in source if e.msgid and not e.obsolete
        ]
        entries = [e for e in entries if e[1]] or ([] if len(source) else None)
        if entries is not None and key[1]:
            self.cache.put(f"{path}#references", key, entries)
        return entries

    def _build_pseudo(self) -> None:
        if not self.pot_path.is_file():
            return
        pot_time = self.pot_path.stat().st_mtime_ns
        stale = any(
            (s := stamp_of(self.po_path(code))) is None or s[0] < pot_time
            for code in self.pseudo_codes
        )
        if stale:
            try:
                pseudo.write_all(self.pot_path, self.pseudo_dir,
                                 also=pot_path(self.engine_dir, ENGINE_DOMAIN))
            except (OSError, ValueError) as exc:
                log.error(
                    "cannot build pseudo-locales from %s: %s", display_path(self.pot_path), exc
                )

    def _compute_fractions(self) -> None:
        fractions = {}
        for code in [*self.codes, *self.pseudo_codes]:
            counter = coverage.Counter(self.catalogs.get(code))
            for pid, strings in self._page_strings.items():
                fractions[(pid, code)] = counter.share(strings).fraction
        self.fractions = fractions
        self._generation += 1

    def set_pages(self, pages: Iterable[coverage.PageLike],
                  checkers: Mapping[MessageKey, Checker]) -> None:
        """New pages or new rules (the site's content changed): count again,
        and judge every translation again under the new rules."""
        if self.deferred:  # not loaded yet: it will be, with these
            self.pages, self.checkers = list(pages), checkers
            if self.cache.enabled:
                self.rules_key = rules_fingerprint(checkers)
            return
        self.pages = list(pages)
        self.checkers = checkers
        if self.cache.enabled:
            self.rules_key = rules_fingerprint(checkers)
        for catalog in self.catalogs.values():
            catalog.checkers = checkers
            catalog.verdicts.clear()
            catalog.completeness.clear()
            catalog.logged.clear()
            catalog.vet_all()
        self._load_pages()
        self._compute_fractions()
        self.cache.save()

    def refresh(self) -> None:
        """Development: reread what changed on disk since the last request.
        A few stat() calls when nothing did."""
        self._ensure_loaded()
        changed = False
        pot_stamp = stamp_of(self.pot_path)
        if pot_stamp != self.pot_stamp and self.settled("pot", pot_stamp):
            self._load_pages()
            if self.pseudo_codes:
                self._build_pseudo()
            changed = True
        for code in [*self.codes, *self.pseudo_codes]:
            stamps = self.file_stamps(code)
            if stamps != self.stamps.get(code) and all(
                    self.settled(f"{code}#{i}", stamp) for i, stamp in enumerate(stamps)):
                changed = self._load(code, initial=False) or changed
        if changed:
            self._compute_fractions()
            self.cache.save()

    # --- questions ------------------------------------------------------------
    def get(self, code: str) -> Catalog | None:
        self._ensure_loaded()
        return self.catalogs.get(code)

    def fraction(self, pid: str, code: str) -> float:
        self._ensure_loaded()
        return self.fractions.get((pid, code), 1.0)

