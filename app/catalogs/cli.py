"""`flask translate`: the translators' workflow, over Babel.

Babel does extraction (pybabel extract) and merging (its Catalog.update, as
pybabel update runs it); this module only adds what it lacks: one pinned
Plural-Forms header per language, a compile that refuses a catalog with
errors and never leaves a half-written one in use, one writer at a time
(every command that writes translations/ holds CATALOG_LOCK: a second one
says so and waits, so two at once end as one after the other), every file
written whole under a temporary name of its own (app/writing.py), and the
commands `check` (app/catalogs/check.py), `status` and `pseudo`
(app/catalogs/pseudo.py). The work is in those modules; this one is the
command line.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from babel.messages.catalog import Catalog as BabelCatalog
from flask import current_app
from flask.cli import AppGroup

from ..writing import exclusive, replaced
from . import catalog_store, checkall, coverage, extraction, files, lifecycle, pseudo
from . import check as catalog_check
from .catalog import Catalog
from .extraction import extraction_sources, pin_plural_forms, write_catalog
from .files import CatalogFault, display_path, entries_of, parse_po
from .plurals import canonical_rule

translate = AppGroup("translate", help="Extract, merge, compile and check the translations.")

# In the translations folder; held by every command that writes there.
CATALOG_LOCK = ".translate.lock"


def _choose_engine(ctx: click.Context, _param, value: bool) -> None:
    ctx.meta["hikaya.engine"] = value


engine_option = click.option(
    "--engine", is_flag=True, expose_value=False, callback=_choose_engine,
    help="Work on the engine's own catalogs (app/translations, domain hikaya: the "
         "messages of files inside the package) instead of the site's. They are the "
         "engine developers' job; a site only overrides them.")


def engine_translations_dir(app) -> Path:
    """The package's own catalogs; a test may point ENGINE_TRANSLATIONS_DIR elsewhere."""
    return Path(app.config.get("ENGINE_TRANSLATIONS_DIR") or files.ENGINE_TRANSLATIONS)


def engine() -> bool:
    """Is this command working on the engine's catalogs (--engine)?"""
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.meta.get("hikaya.engine"))


def domain() -> str:
    return files.ENGINE_DOMAIN if engine() else files.DOMAIN


def overrides() -> frozenset:
    """The engine's messages (keys of its template), which a site's catalog
    may hold too, to say them its own way; none for the engine's own."""
    if engine():
        return frozenset()
    try:
        template = parse_po(files.pot_path(engine_translations_dir(current_app),
                                           files.ENGINE_DOMAIN))
    except CatalogFault:
        return frozenset()
    return frozenset(catalog_check.template_keys(template))


def template_for(code: str, locale: str | None) -> BabelCatalog:
    """What a site's catalog of `code` holds: the site's template, and, for a
    language the engine has no catalog of (Kurdish, say), the engine's
    messages too, so that the site's translators translate them there."""
    template = read_catalog(pot_path(), locale)
    engine_dir = engine_translations_dir(current_app)
    if engine() or files.po_path(engine_dir, code, files.ENGINE_DOMAIN).is_file():
        return template
    try:
        theirs = read_catalog(files.pot_path(engine_dir, files.ENGINE_DOMAIN), locale)
    except click.ClickException:
        return template
    for message in theirs:
        if message.id and template.get(message.id, message.context) is None:
            template[message.id] = message
    return template


def translations_dir() -> Path:
    if engine():
        return engine_translations_dir(current_app)
    return Path(current_app.config["TRANSLATIONS_DIR"])


def pot_path() -> Path:
    return files.pot_path(translations_dir(), domain())


def po_path(code: str) -> Path:
    return files.po_path(translations_dir(), code, domain())


def catalog_codes() -> list[str]:
    """Every language that has a catalog on disk, configured or not."""
    return files.catalog_codes(translations_dir(), domain())


@contextmanager
def writing_catalogs() -> Iterator[None]:
    """One command writing translations/ at a time: a second one says it
    waits, and then works on what the first one wrote."""
    lock = translations_dir() / CATALOG_LOCK

    def waiting(holder: str) -> None:
        click.echo(f"waiting for {display_path(lock)}: another `flask translate` command "
                   f"(pid {holder}) is writing the catalogs", err=True)

    def resumed(seconds: float) -> None:
        click.echo(f"waited {seconds:.1f} s for the other command; going on from what it "
                   "wrote", err=True)

    with exclusive(lock, waiting, resumed):
        yield


def extract_to(output: Path) -> None:
    """This command's domain extracted into `output` (extraction.extract_to)."""
    extraction.extract_to(output, engine=engine(),
                          prepare=catalog_store().prepare_extraction)


def read_catalog(po: Path, code: str | None) -> BabelCatalog:
    return extraction.read_catalog(po, code, domain())


def refuse_broken_sources() -> None:
    """A content file with problems would leave its messages out of the
    catalogs: name each problem at its file and line, and stop."""
    problems = catalog_store().source_problems
    if problems:
        for path, line, message in problems:
            click.echo(f"{path}:{line}: error [content] {message}", err=True)
        raise click.ClickException(f"{len(problems)} problem(s) in content files; "
                                   "nothing extracted")


@translate.command()
@engine_option
def extract() -> None:
    """Refresh translations/messages.pot from templates/ and content/ (with
    --engine: app/translations/hikaya.pot from the package's files)."""
    if not engine():
        refuse_broken_sources()
    with writing_catalogs(), replaced(pot_path()) as tmp:
        extract_to(tmp)
    click.echo(f"wrote {pot_path()}")


@translate.command()
@engine_option
@click.option("--minor", is_flag=True, help="The edits of FILE... are minor (a typo): "
              "their old translations stay current.")
@click.argument("minor_files", nargs=-1, metavar="[FILE]...")
def update(minor: bool, minor_files: tuple[str, ...]) -> None:
    """Merge messages.pot into every catalog, keeping each Plural-Forms header.

    Babel's merge without its fuzzy matching; a changed message keeps its
    own old translation, marked outdated (app/catalogs/lifecycle.py). Read
    and written here so that each catalog is written once, whole, under the
    lock: two updates at once end as one after the other."""
    date = lifecycle.today()
    with writing_catalogs():
        engines = overrides()
        minor_set = lifecycle.minor_sources(
            minor, minor_files, files.PACKAGE_DIR.parent if engine() else extraction.site_dir(),
            read_catalog(pot_path(), None))
        merged = {}
        for code in catalog_codes():
            catalog = read_catalog(po_path(code), code)
            # A translated engine message is the site's override: kept.
            merged[code] = catalog, lifecycle.merge(catalog, template_for(code, None),
                                                    date=date, minor=minor_set, keep=engines)
            pin_plural_forms(catalog, code)
        # Asked of the catalogs on disk, so before any is written.
        published = {} if engine() else {code: lifecycle.published_before(
            catalog_store(), code, done) for code, (_, done) in merged.items()}
        for code, (catalog, _) in merged.items():
            write_catalog(po_path(code), catalog)
            lifecycle.write_published(translations_dir() / code, code, published.get(code),
                                      catalog_store().page_strings)
            click.echo(f"updated {code}")


@translate.command("init")
@engine_option
@click.argument("code")
def init_locale(code: str) -> None:
    """Start a catalog for a new language CODE (then add it to HIKAYA_LOCALES)."""
    po = po_path(code)
    with writing_catalogs():
        if po.exists():
            raise click.ClickException(f"{po} exists already; use `flask translate update`")
        # What `pybabel init` does, from the template as read_catalog reads it.
        catalog = template_for(code, code)
        catalog.locale = code
        catalog.revision_date = datetime.datetime.now(datetime.UTC)
        catalog.fuzzy = False
        pin_plural_forms(catalog, code)
        write_catalog(po, catalog)
        lifecycle.write_published(translations_dir() / code, code, None if engine() else (), ())
    click.echo(f"created {po}")


@translate.command("compile")
@engine_option
def compile_catalogs() -> None:
    """Build the .mo files. A catalog that does not parse or that `check`
    finds errors in keeps its previous .mo (readers never get half of one),
    its errors are listed, and the command exits non-zero."""
    with writing_catalogs():
        compiled, failed = _compile_all()
    if failed:
        sys.exit(1)
    click.echo(f"compiled {len(compiled)} catalogs")


def _compile_all() -> tuple[list[str], list[str]]:
    failed, compiled = [], []
    template = _template_or_none()
    for code in catalog_codes():
        po = po_path(code)
        problems, _ = catalog_check.check_catalog(po, code, template, template_path=pot_path(),
                                                  checkers=catalog_store().checkers,
                                                  overrides=overrides())
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            for problem in errors:
                click.echo(str(problem), err=True)
            click.echo(f"{code}: not compiled ({len(errors)} errors); its last .mo stays", err=True)
            failed.append(code)
            continue
        compile_catalog(po, code)
        compiled.append(code)
    # What production's start would find, found now (build/catalog-cache.json).
    if not engine():
        catalog_store().warm(compiled)
    return compiled, failed


def _template_or_none() -> dict | None:
    """The keys of messages.pot a catalog is compared with, if it reads."""
    try:
        return catalog_check.template_keys(parse_po(pot_path()))
    except CatalogFault:
        return None


def compile_catalog(po: Path, code: str) -> Path:
    """Write po's .mo atomically: readers see the old catalog or the new one,
    never half of one. Fuzzy and untranslated messages are left out, so the
    page shows (and marks) English for them."""
    catalog = parse_po(po)
    mo = po.with_suffix(".mo")
    with replaced(mo) as tmp:
        tmp.write_bytes(catalog.to_binary())
    return mo


@translate.command()
@engine_option
@click.argument("codes", nargs=-1, metavar="[LANG]...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json: the same problems and summaries, for tools.")
def check(codes: tuple[str, ...], fmt: str) -> None:
    """Check catalogs (all, or each LANG): placeholders, HTML, plural forms,
    freshness and syntax are errors; fuzzy, untranslated, whitespace,
    identical-to-English and direction characters are warnings. Exits 1 on
    any error. Each problem is FILE:LINE: severity [check] message."""
    chosen = [code.replace("-", "_") for code in codes] or catalog_codes()
    broken = catalog_store().source_problems and not engine()
    report = checkall.check_all(
        translations_dir(), chosen, checkers=catalog_store().checkers, domain=domain(),
        cache=catalog_store().cache, overrides=overrides(),
        sources=None if broken or engine() else extraction_sources(),
        # Extraction stops at a broken content file; its problems are reported instead.
        extract=None if broken else extract_to,
    )
    # A content file that cannot be read is a message that is missing.
    report.problems[:0] = [] if engine() else [
        catalog_check.Problem(path, line, severity, "content", message)
        for severity, found in (("error", catalog_store().source_problems),
                                ("warning", catalog_store().source_warnings))
        for path, line, message in found
    ]
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            click.echo(str(problem))
        for summary in report.summaries:
            click.echo(str(summary))
        click.echo(f"{report.errors} errors, {report.warnings} warnings")
    if report.errors:
        sys.exit(1)


@translate.command()
@engine_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def status(fmt: str) -> None:
    """How much of each page is translated, per language. Fuzzy and broken
    translations count as untranslated, as they do on the page."""
    try:
        template = parse_po(pot_path())
    except CatalogFault as fault:
        raise click.ClickException(str(fault)) from None
    entries = [
        ((e.msgctxt, e.msgid), [path for path, _ in e.occurrences])
        for e in template if e.msgid and not e.obsolete
    ]
    # The page registry the site handed the catalogs (app/site/pages.py).
    pages = coverage.strings_by_page(current_app.jinja_env, catalog_store().pages, entries)
    everything = {k for k, _ in entries}
    threshold = float(current_app.config["PUBLISH_THRESHOLD"])
    result: dict[str, dict] = {}
    for code in catalog_codes():
        po = po_path(code)
        try:
            parsed = parse_po(po)
        except CatalogFault as fault:
            result[code] = {"error": str(fault)}
            continue
        try:
            catalog = Catalog(code, po, entries_of(parsed), canonical_rule(code),
                              checkers=catalog_store().checkers)
        except ValueError as exc:
            result[code] = {"error": f"{display_path(po)}: {exc}"}
            continue
        counter = coverage.Counter(catalog)

        def shown(counted: coverage.Share) -> dict:
            return {"translated": counted.translated, "total": counted.total,
                    "percent": round(100.0 * counted.fraction, 1),
                    "published": counted.fraction >= threshold}

        # The same count the publish threshold reads (app/catalogs/coverage.py).
        result[code] = {
            "all": {k: v for k, v in shown(coverage.Share.of(catalog, everything)).items()
                    if k != "published"},
            "pages": {pid: shown(counter.share(strings)) for pid, strings in pages.items()},
        }
    if fmt == "json":
        click.echo(json.dumps({"threshold": threshold, "locales": result}, indent=2))
        return
    codes = list(result)
    width = max([len("all strings"), *(len(pid) for pid in pages)]) + 2

    def cell(code, pid=None):
        data = result[code]
        if "error" in data:
            return "error"
        if pid is None:
            return f"{data['all']['percent']:.1f}%"
        page = data["pages"][pid]
        return f"{page['percent']:.1f}%" + ("" if page["published"] else "*")

    click.echo("page".ljust(width) + "".join(code.rjust(10) for code in codes))
    click.echo("all strings".ljust(width) + "".join(cell(c).rjust(10) for c in codes))
    for pid in pages:
        click.echo(pid.ljust(width) + "".join(cell(c, pid).rjust(10) for c in codes))
    click.echo(f"* below PUBLISH_THRESHOLD ({threshold:.0%}): readers get the English page "
               "with a notice")
    for code in codes:
        if "error" in result[code]:
            click.echo(f"{code}: {result[code]['error']}", err=True)


@translate.command("pseudo")
def build_pseudo() -> None:
    """Build the pseudo-locales en-XA (accented, longer) and ar-XB (mirrored,
    right to left) from messages.pot. Served with PSEUDO_LOCALES=1 (or
    HIKAYA_PSEUDO_LOCALES=1) outside production."""
    out = Path(current_app.config["PSEUDO_DIR"])
    with writing_catalogs():
        written = pseudo.write_all(pot_path(), out, also=files.pot_path(
            engine_translations_dir(current_app), files.ENGINE_DOMAIN))
    for path in written:
        click.echo(f"wrote {display_path(path)}")
