"""The catalogs the site reads from, loaded once per change, never per request.

Production reads the .mo files and refuses to start on a broken one, naming
it. Development reads the .po files, rereading one once it has settled
(CATALOG_SETTLE_SECONDS), and keeps the last good catalog over a broken one,
logged. Each load counts each page's strings by state (states.py).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import click
from flask import Flask

from ..config import is_production
from ..writing import Settling
from ..writing import stamp as stamp_of
from . import check, coverage, pseudo, states  # noqa: F401 - check: its dataclasses are cached
from .cache import FileCache, paused_gc
from .catalog import Catalog, read_catalog
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
)
from .plurals import canonical_rule
from .rules import Checker

log = logging.getLogger(__name__)


class CatalogStore:
    def __init__(self, app: Flask, codes: list[str], pseudo_codes: list[str],
                 pages: Iterable[coverage.PageLike],
                 checkers: Mapping[MessageKey, Checker] | None = None):
        self.app = app
        self.pages = list(pages)
        self.checkers: Mapping[MessageKey, Checker] = checkers or {}
        # (file, line, message) of content files, for `extract` and `check`.
        self.source_problems: list[tuple[str, int, str]] = []
        self.source_warnings: list[tuple[str, int, str]] = []
        # The site's hook to lend its read content files to extraction.
        self.prepare_extraction: Callable[[], None] = lambda: None
        self._generation = 0
        self.translations_dir = Path(app.config["TRANSLATIONS_DIR"])
        self.pseudo_dir = Path(app.config["PSEUDO_DIR"])
        self.engine_dir = Path(app.config.get("ENGINE_TRANSLATIONS_DIR") or ENGINE_TRANSLATIONS)
        production = is_production(app)
        reload = app.config.get("CATALOG_RELOAD")
        self.reload = (not production) if reload is None else bool(reload)
        # Under the command line a fault is logged, and the .po files are
        # read: `compile` must not need the .mo files it is about to build.
        self.fatal = production and click.get_current_context(silent=True) is None
        self.use_mo = self.fatal
        self.codes = list(codes)
        self.pseudo_codes = list(pseudo_codes)
        self.catalogs: dict[str, Catalog] = {}
        self.stamps: dict[str, tuple] = {}
        self.settling = Settling(float(app.config.get("CATALOG_SETTLE_SECONDS") or 0))
        self._page_strings: dict[str, coverage.PageStrings] | None = None
        # The command line reads the catalogs when a command first needs them.
        self.deferred = False
        self.pot_stamp: tuple[int, int] | None = None
        # (page id, code) -> how many of its strings are in each state (states.py)
        self.counts: dict[tuple[str, str], states.Counts] = {}
        self.cache = FileCache(app.config.get("CATALOG_CACHE"), "catalog cache")

    def po_path(self, code: str) -> Path:
        folder = self.pseudo_dir if code in self.pseudo_codes else self.translations_dir
        return po_path(folder, code)

    @property
    def pot_path(self) -> Path:
        return pot_path(self.translations_dir)

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
        """Goes up whenever what a page shows may have changed: the page cache keys on it."""
        self._ensure_loaded()
        return self._generation

    @property
    def page_strings(self) -> dict[str, coverage.PageStrings]:
        """Each page's strings: from the templates and content, not the catalogs."""
        if self._page_strings is None:
            self._load_pages()
        return self._page_strings

    def _load_everything(self) -> None:
        with paused_gc():
            self._load_pages()
            self._build_pseudo()  # nothing to build without pseudo-locales
            for code in [*self.codes, *self.pseudo_codes]:
                self._load(code, initial=True)
            self._count()
        self.cache.save()

    def warm(self, codes: Iterable[str]) -> None:
        """Read each catalog as production will, so its first start reads nothing again."""
        if not self.cache.enabled:
            return
        use_mo, self.use_mo = self.use_mo, True
        try:
            for code in [code for code in codes if code in self.codes]:
                with contextlib.suppress(CatalogFault):  # production will say so when it starts
                    self._read(code)
            coverage.template_references(self.pot_path, self.cache)
        finally:
            self.use_mo = use_mo
        self.cache.save()

    def _read(self, code: str) -> Catalog:
        """The site's catalog of `code`, with the engine's behind it."""
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

    def unvetted(self, code: str, po: Path | None = None) -> Catalog:
        """`code`'s catalog from its .po (or just `po`), the engine's behind it, each
        translation judged only when asked: what counting some pages needs (see _read)."""
        catalog = Catalog(code, po or self.po_path(code), entries_of(parse_po(
            po or self.po_path(code))), canonical_rule(code), checkers=self.checkers)
        engine_po = po_path(self.engine_dir, code, ENGINE_DOMAIN)
        if po is None and engine_po.is_file():
            with contextlib.suppress(CatalogFault):  # the engine's bug: English for its strings
                catalog.fallback = self.unvetted(code, engine_po)
        return catalog

    def _read_file(self, code: str, po: Path, path: Path) -> Catalog:
        return read_catalog(code, po, path, self.cache, self.checkers)

    def file_stamps(self, code: str) -> tuple:
        return (stamp_of(self.po_path(code)),
                stamp_of(po_path(self.engine_dir, code, ENGINE_DOMAIN)))

    def _load(self, code: str, *, initial: bool) -> bool:
        stamp = self.file_stamps(code)
        try:
            catalog = self._read(code)
            if not initial and self.file_stamps(code) != stamp:
                # Written to while being read: looked at again later.
                return False
        except CatalogFault as fault:
            self.stamps[code] = stamp
            if initial and self.fatal:
                raise RuntimeError(f"cannot start: catalog {fault}") from None
            if code in self.catalogs:
                log.error("catalog %s; still using the last good one", fault)
            else:
                log.error("catalog %s; showing English for %s", fault, code)
            return False
        self.stamps[code] = stamp
        self.catalogs[code] = catalog
        po_stamp, mo_stamp = stamp_of(self.po_path(code)), stamp_of(catalog.path)
        if catalog.path.suffix == ".mo" and po_stamp and mo_stamp and po_stamp[0] > mo_stamp[0]:
            log.warning("%s is older than its .po; run `flask translate compile`",
                        display_path(catalog.path))
        return True

    def _load_pages(self) -> None:
        """Page -> strings, by the template's references (or a catalog's, lacking one)."""
        self.pot_stamp = stamp_of(self.pot_path)
        entries = None
        for candidate in [self.pot_path, *(self.po_path(c) for c in self.codes)]:
            entries = coverage.template_references(candidate, self.cache)
            if entries is not None:
                break
        # The engine's templates' strings count too, unless the site overrides the file.
        engine = coverage.template_references(pot_path(self.engine_dir, ENGINE_DOMAIN),
                                              self.cache, f"{PACKAGE_DIR.name}/")
        site = Path(self.app.config["TEMPLATES_DIR"])
        engine = [(key, [name for name in names
                         if not (site / name.removeprefix(coverage.TEMPLATE_PREFIX)).is_file()])
                  for key, names in engine or []]
        self._page_strings = coverage.strings_by_page(self.app.jinja_env, self.pages,
                                                     (entries or []) + (engine or []),
                                                     self.cache)

    def _build_pseudo(self) -> None:
        pseudo.rebuild_if_stale(self.pot_path, self.pseudo_dir, [self.po_path(code) for code in
                                self.pseudo_codes], pot_path(self.engine_dir, ENGINE_DOMAIN))

    def _count(self) -> None:
        self.counts = {}
        for code in [*self.codes, *self.pseudo_codes]:
            counter = states.Counter(self.catalogs.get(code))
            for pid, strings in self._page_strings.items():
                self.counts[(pid, code)] = counter.counts(strings)
        self._generation += 1

    def set_pages(self, pages: Iterable[coverage.PageLike],
                  checkers: Mapping[MessageKey, Checker]) -> None:
        """The site's content changed: count and judge again."""
        self.pages, self.checkers = list(pages), checkers
        if self.deferred:  # not loaded yet: it will be, with these
            return
        for catalog in self.catalogs.values():
            catalog.checkers = checkers
            catalog.verdicts.clear()
            catalog.completeness.clear()
            catalog.logged.clear()
            catalog.vet_all()
        self._load_pages()
        self._count()
        self.cache.save()

    def refresh(self) -> None:
        """Development: reread what changed on disk since the last request."""
        self._ensure_loaded()
        changed = False
        pot_stamp = stamp_of(self.pot_path)
        if pot_stamp != self.pot_stamp and self.settling.settled("pot", pot_stamp):
            self._load_pages()
            self._build_pseudo()
            changed = True
        for code in [*self.codes, *self.pseudo_codes]:
            stamps = self.file_stamps(code)
            if stamps != self.stamps.get(code) and all(
                    self.settling.settled(f"{code}#{i}", stamp) for i, stamp in enumerate(stamps)):
                changed = self._load(code, initial=False) or changed
        if changed:
            self._count()
            self.cache.save()

    def get(self, code: str) -> Catalog | None:
        self._ensure_loaded()
        return self.catalogs.get(code)

    def fraction(self, pid: str, code: str) -> float:
        return self.page_counts(pid, code).share(states.CURRENT)

    def page_counts(self, pid: str, code: str) -> states.Counts:
        self._ensure_loaded()
        return self.counts.get((pid, code), states.Counts())

