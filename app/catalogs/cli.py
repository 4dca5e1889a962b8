"""`flask translate`: the translators' workflow over Babel's extraction and
merge, with a pinned Plural-Forms header per language, a compile that keeps the
last good .mo of a catalog with errors, one writer at a time (CATALOG_LOCK),
every file written whole, and `check`, `status` and `pseudo`.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path

import click
from babel.messages.catalog import Catalog as BabelCatalog
from flask import current_app
from flask.cli import AppGroup

from ..writing import exclusive, replaced
from . import catalog_store, coverage, extraction, files, lifecycle, pseudo, states
from . import check as catalog_check
from .extraction import extraction_sources, pin_plural_forms, write_catalog
from .files import CatalogFault, display_path, parse_po
from .states import CURRENT, STATES, Counter, Counts, published, published_ids

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


def engine() -> bool:
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.meta.get("hikaya.engine"))


def domain() -> str:
    return files.ENGINE_DOMAIN if engine() else files.DOMAIN


def overrides() -> frozenset:
    """The engine's messages, which a site's catalog may say its own way."""
    engine_pot = files.pot_path(catalog_store().engine_dir, files.ENGINE_DOMAIN)
    return frozenset(() if engine() else template_keys(engine_pot) or ())


def template_for(code: str, locale: str | None) -> BabelCatalog:
    """The site's template, plus the engine's messages for a language the
    engine has no catalog of (Kurdish, say): the site translates them."""
    template = read_catalog(pot_path(), locale)
    engine_dir = catalog_store().engine_dir
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
    return catalog_store().engine_dir if engine() else catalog_store().translations_dir


def pot_path() -> Path:
    return files.pot_path(translations_dir(), domain())


def po_path(code: str) -> Path:
    return files.po_path(translations_dir(), code, domain())


def catalog_codes() -> list[str]:
    return files.catalog_codes(translations_dir(), domain())


def writing_catalogs() -> AbstractContextManager:
    """One command writing translations/ at a time: a second one says it waits."""
    lock = translations_dir() / CATALOG_LOCK

    def waiting(holder: str) -> None:
        click.echo(f"waiting for {display_path(lock)}: another `flask translate` command "
                   f"(pid {holder}) is writing the catalogs", err=True)

    def resumed(seconds: float) -> None:
        click.echo(f"waited {seconds:.1f} s for the other command; going on from what it "
                   "wrote", err=True)

    return exclusive(lock, waiting, resumed)


def extract_to(output: Path) -> None:
    extraction.extract_to(output, engine=engine(),
                          prepare=catalog_store().prepare_extraction)


def read_catalog(po: Path, code: str | None) -> BabelCatalog:
    return extraction.read_catalog(po, code, domain())


@translate.command()
@engine_option
def extract() -> None:
    """Refresh translations/messages.pot from templates/ and content/ (with
    --engine: app/translations/hikaya.pot from the package's files)."""
    # A broken content file would leave its messages out: each problem named.
    if not engine() and (problems := catalog_store().source_problems):
        for path, line, message in problems:
            click.echo(f"{path}:{line}: error [content] {message}", err=True)
        raise click.ClickException(f"{len(problems)} problem(s) in content files; "
                                   "nothing extracted")
    with writing_catalogs():
        sources = None if engine() else extraction_sources()  # as `check` keys freshness
        with replaced(pot_path()) as tmp:
            extract_to(tmp)
        if sources is not None:
            catalog_check.record_fresh(pot_path(), sources, catalog_store().cache)
    click.echo(f"wrote {pot_path()}")


@translate.command()
@engine_option
@click.option("--minor", is_flag=True, help="The edits of FILE... are minor (a typo): "
              "their old translations stay current.")
@click.argument("minor_files", nargs=-1, metavar="[FILE]...")
def update(minor: bool, minor_files: tuple[str, ...]) -> None:
    """Merge messages.pot into every catalog, keeping each Plural-Forms header; a
    changed message keeps its own old translation, marked outdated."""
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
        listed = {} if engine() else {code: lifecycle.published_before(
            catalog_store(), code, done) for code, (_, done) in merged.items()}
        for code, (catalog, _) in merged.items():
            write_catalog(po_path(code), catalog)
            lifecycle.write_published(translations_dir(), code, listed.get(code),
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
        catalog = template_for(code, code)
        catalog.locale = code
        catalog.revision_date = datetime.datetime.now(datetime.UTC)
        catalog.fuzzy = False
        pin_plural_forms(catalog, code)
        write_catalog(po, catalog)
        lifecycle.write_published(translations_dir(), code, None if engine() else (), ())
    click.echo(f"created {po}")


@translate.command("compile")
@engine_option
def compile_catalogs() -> None:
    """Build the .mo files. A catalog with errors keeps its last .mo, its
    errors are listed, and the command exits 1."""
    compiled, failed = [], []
    with writing_catalogs():
        template = template_keys(pot_path())
        for code in catalog_codes():
            problems, _ = catalog_check.check_catalog(
                po_path(code), code, template, template_path=pot_path(),
                checkers=catalog_store().checkers, overrides=overrides())
            # A fuzzy entry (an outdated one too) is never compiled, and the page
            # judges an outdated one again: its errors leave the rest compiled.
            fuzzy = _fuzzy_msgids(po_path(code))
            errors = [str(p) for p in problems if p.severity == "error" and p.msgid not in fuzzy]
            if errors:
                click.echo("\n".join([*errors, f"{code}: not compiled ({len(errors)} errors); "
                                      "its last .mo stays"]), err=True)
                failed.append(code)
            else:
                compile_catalog(po_path(code), code)
                compiled.append(code)
        if not engine():
            catalog_store().warm(compiled)
    if failed:
        sys.exit(1)
    click.echo(f"compiled {len(compiled)} catalogs")


def _fuzzy_msgids(po: Path) -> set[str]:
    try:
        return {entry.msgid for entry in parse_po(po) if entry.fuzzy}
    except CatalogFault:  # check_catalog has named its line
        return set()


def template_keys(pot: Path) -> dict | None:
    """The keys of a template a catalog is compared with, if it reads."""
    try:
        return catalog_check.template_keys(parse_po(pot))
    except CatalogFault:
        return None


def compile_catalog(po: Path, code: str) -> Path:
    """Write po's .mo whole; fuzzy and untranslated messages are left out."""
    with replaced(po.with_suffix(".mo")) as tmp:
        tmp.write_bytes(parse_po(po).to_binary())
    return po.with_suffix(".mo")


@translate.command()
@engine_option
@click.argument("codes", nargs=-1, metavar="[LANG]...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json: the same problems and summaries, for tools.")
def check(codes: tuple[str, ...], fmt: str) -> None:
    """Check catalogs (all, or each LANG): placeholders, HTML, plural forms, freshness
    and syntax are errors (exit 1); fuzzy, untranslated, whitespace, identical-to-English
    and direction characters are warnings. Each is FILE:LINE: severity [check] message."""
    chosen = [code.replace("-", "_") for code in codes] or catalog_codes()
    broken = catalog_store().source_problems and not engine()
    # Extraction stops at a broken content file; its problems are reported instead.
    report = catalog_check.check_all(
        translations_dir(), chosen, checkers=catalog_store().checkers, domain=domain(),
        cache=catalog_store().cache, overrides=overrides(), extract=None if broken else extract_to,
        sources=None if broken or engine() else extraction_sources())
    report.problems[:0] = [] if engine() else [
        catalog_check.Problem(path, line, severity, "content", message)
        for severity, found in (("error", catalog_store().source_problems),
                                ("warning", catalog_store().source_warnings))
        for path, line, message in found]
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
    """How many strings of each page are current, outdated, untranslated and
    refused, per language; the pages nearest to fully translated first."""
    try:
        template = parse_po(pot_path())
    except CatalogFault as fault:
        raise click.ClickException(str(fault)) from None
    entries = [((e.msgctxt, e.msgid), [path for path, _ in e.occurrences])
               for e in catalog_check.live(template)]
    store, keys = catalog_store(), frozenset(k for k, _ in entries)
    if engine():  # the engine's own strings, in its own catalogs
        pages = coverage.strings_by_page(current_app.jinja_env, store.pages, entries)
    else:  # what the publish rule counts: the engine's strings a page shows too
        pages = store.page_strings
        keys = keys.union(*(set(strings) for strings in pages.values()))
    everything = coverage.PageStrings(keys, frozenset())
    threshold = float(current_app.config["PUBLISH_THRESHOLD"])
    result: dict[str, dict] = {}
    for code in catalog_codes():
        try:
            catalog = store.unvetted(code, po_path(code) if engine() else None)
        except (CatalogFault, ValueError) as exc:
            result[code] = {"error": str(exc)}
            continue
        result[code] = status_report(catalog, pages, everything, published_ids(
            translations_dir(), code), threshold, float(current_app.config["KEEP_PUBLISHED"]))
    if fmt == "json":
        click.echo(json.dumps({"threshold": threshold, "locales": result}, indent=2))
        return
    click.echo("\n".join(status_table(result, pages, threshold)))
    for code in [code for code in result if "error" in result[code]]:
        click.echo(f"{code}: {result[code]['error']}", err=True)


def status_report(catalog, pages: Mapping, everything: Iterable, listed: frozenset[str],
                  threshold: float, keep: float) -> dict:
    """One language's report, in the machine format (`--format json`)."""
    counter = Counter(catalog)

    def shown(counts: Counts, pid: str | None = None) -> dict:
        out = {"translated": counts.current, "total": counts.total,
               "percent": round(100.0 * counts.share(CURRENT), 1),
               **{state: getattr(counts, state) for state in STATES}}
        if pid is not None:
            out["published"] = published(counts, pid in listed, threshold, keep)
        return out

    return {"all": shown(counter.of(everything)),
            "pages": {pid: shown(counter.counts(strings), pid) for pid, strings in pages.items()}}


def left(result: Mapping[str, dict], pid: str) -> int:
    """Strings of a page still to translate or confirm, in every language."""
    return sum(data["pages"][pid]["total"] - data["pages"][pid]["translated"]
               for data in result.values() if "error" not in data)


def status_table(result: Mapping[str, dict], pages: Iterable[str], threshold: float) -> list[str]:
    """The text report: a row per page, the fewest strings left first (fully translated
    ones last); a cell per language, current/outdated/untranslated/refused and % current."""
    order = states.nearest_first(pages, lambda pid: left(result, pid))
    width = max([len("all strings"), *(len(pid) for pid in order)]) + 2

    def cell(code: str, pid: str | None = None) -> str:
        data = result[code]
        if "error" in data:
            return "error"
        found = data["all"] if pid is None else data["pages"][pid]
        counts = "/".join(str(found[state]) for state in STATES)
        star = "" if pid is None or found["published"] else "*"
        return f"{counts} {found['percent']:.1f}%{star}"

    lines = ["page".ljust(width) + "".join(code.rjust(24) for code in result),
             "all strings".ljust(width) + "".join(cell(c).rjust(24) for c in result)]
    lines += [pid.ljust(width) + "".join(cell(c, pid).rjust(24) for c in result) for pid in order]
    lines.append("counts: " + "/".join(STATES) + "; % current")
    lines.append(f"* not published: below PUBLISH_THRESHOLD ({threshold:.0%}) and not kept "
                 "(KEEP_PUBLISHED): readers get the English page with a notice")
    return lines


@translate.command("pseudo")
def build_pseudo() -> None:
    """Build the pseudo-locales en-XA (accented, longer) and ar-XB (mirrored)
    from messages.pot; served with HIKAYA_PSEUDO_LOCALES=1 outside production."""
    out = Path(current_app.config["PSEUDO_DIR"])
    with writing_catalogs():
        written = pseudo.write_all(pot_path(), out, also=files.pot_path(
            catalog_store().engine_dir, files.ENGINE_DOMAIN))
    for path in written:
        click.echo(f"wrote {display_path(path)}")
