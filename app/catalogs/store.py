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
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import click
from flask import Flask

from ..config import is_production
from ..writing import Settling
from ..writing import stamp as stamp_of
from . import coverage, pseudo
from .cache import FileCache, rules_fingerprint
from .catalog import Catalog
from .files import (
    ENGINE_DOMAIN,
    ENGINE_TRANSLATIONS,
    PACKAGE_DIR,
    CatalogFault,
    MessageKey,
    display_path,
    po_path,
    pot_path,
)
from .reading import read_catalog
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
        # The ids of the pages published in a language (the site's rule,
        # handed in: `flask translate update` writes them, app/catalogs/lifecycle.py).
        self.published_pages: Callable[[str], Iterable[str]] = lambda code: ()
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
        self.settling = Settling(float(app.config.get("CATALOG_SETTLE_SECONDS") or 0))
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
            coverage.template_references(self.pot_path, self.cache)
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

    def _read_file(self, code: str, po: Path, path: Path) -> Catalog:
        """One file (app/catalogs/reading.py), through the load cache."""
        return read_catalog(code, po, path, self.cache, self.rules_key, self.checkers)

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
            entries = coverage.template_references(candidate, self.cache)
            if entries is not None:
                break
        # The engine's default templates' strings count on the pages they show
        # on too, unless the site has its own file of that name (it is shown instead).
        engine = coverage.template_references(pot_path(self.engine_dir, ENGINE_DOMAIN),
                                              self.cache, f"{PACKAGE_DIR.name}/")
        site = Path(self.app.config["TEMPLATES_DIR"])
        engine = [(key, [name for name in names
                         if not (site / name.removeprefix(coverage.TEMPLATE_PREFIX)).is_file()])
                  for key, names in engine or []]
        self._page_strings = coverage.strings_by_page(self.app.jinja_env, self.pages,
                                                     (entries or []) + (engine or []))

    def _build_pseudo(self) -> None:
        pseudo.rebuild_if_stale(self.pot_path, self.pseudo_dir, [self.po_path(code) for code in
                                self.pseudo_codes], pot_path(self.engine_dir, ENGINE_DOMAIN))

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
        if pot_stamp != self.pot_stamp and self.settling.settled("pot", pot_stamp):
            self._load_pages()
            if self.pseudo_codes:
                self._build_pseudo()
            changed = True
        for code in [*self.codes, *self.pseudo_codes]:
            stamps = self.file_stamps(code)
            if stamps != self.stamps.get(code) and all(
                    self.settling.settled(f"{code}#{i}", stamp) for i, stamp in enumerate(stamps)):
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

