"""`flask translate`: the translators' workflow, over pybabel.

pybabel does extraction and merging; this module only adds what it lacks:
one pinned Plural-Forms header per language, and a compile that never leaves
a half-written catalog in use.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po, write_po
from flask import current_app
from flask.cli import AppGroup

from .config import ROOT

translate = AppGroup("translate", help="Extract, merge, compile and check the translations.")

# The plural rules translation tools (GNU gettext, Weblate, Poedit) use.
# Babel writes Turkish with one form and numbers Arabic's forms 4 and 5 the
# other way round; the catalogs keep these headers, and `check` enforces them.
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "tr": "nplurals=2; plural=(n != 1);",
}

# Template functions whose first argument is a message, besides Babel's defaults.
EXTRA_KEYWORDS = ("_text",)


def canonical_plural_forms(code: str) -> str:
    """The Plural-Forms header a catalog for `code` must carry."""
    language = code.split("_")[0]
    if language in PLURAL_FORMS:
        return PLURAL_FORMS[language]
    nplurals, expr = get_plural(code)
    return f"nplurals={nplurals}; plural={expr};"


def translations_dir() -> Path:
    return Path(current_app.config["TRANSLATIONS_DIR"])


def pot_path() -> Path:
    return translations_dir() / "messages.pot"


def catalog_codes() -> list[str]:
    """Every language that has a catalog on disk, configured or not."""
    return sorted(p.parent.parent.name for p in translations_dir().glob("*/LC_MESSAGES/messages.po"))


def pybabel(*args: str) -> None:
    status = CommandLineInterface().run(["pybabel", "-q", *args])
    if status:
        raise click.ClickException(f"pybabel {args[0]} failed")


def pin_plural_forms(po: Path, code: str) -> None:
    """Give the catalog its canonical Plural-Forms header and every plural
    entry that many slots; pybabel init and update write Babel's own rule."""
    rule = canonical_plural_forms(code)
    nplurals = int(rule.split(";")[0].split("=")[1])
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    # Babel derives its header from these two; there is no public setter.
    catalog._num_plurals = nplurals
    catalog._plural_expr = rule.split("plural=", 1)[1].rstrip(";")
    for message in catalog:
        if message.id and message.pluralizable:
            forms = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
            message.string = tuple(forms + [""] * (nplurals - len(forms)))
    with po.open("wb") as handle:
        write_po(handle, catalog, width=100, ignore_obsolete=True)


@translate.command()
def extract() -> None:
    """Refresh translations/messages.pot from app/ and templates/."""
    keywords = [arg for keyword in EXTRA_KEYWORDS for arg in ("-k", keyword)]
    # pybabel writes source paths as given; relative ones keep the .pot the
    # same on every machine, so run it from the repository root.
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        pybabel(
            "extract", "-F", "babel.cfg", "-o", str(pot_path()), *keywords,
            "--add-comments=TRANSLATORS:", "--sort-by-file", "--width=100",
            "--project=Hikaya", "--copyright-holder=Hikaya",
            ".",
        )
    finally:
        os.chdir(cwd)
    click.echo(f"wrote {pot_path()}")


@translate.command()
def update() -> None:
    """Merge messages.pot into every catalog, keeping each Plural-Forms header."""
    for code in catalog_codes():
        pybabel(
            "update", "-i", str(pot_path()), "-d", str(translations_dir()), "-l", code,
            "--width=100", "--ignore-obsolete",
        )
        pin_plural_forms(translations_dir() / code / "LC_MESSAGES" / "messages.po", code)
        click.echo(f"updated {code}")


@translate.command("init")
@click.argument("code")
def init_locale(code: str) -> None:
    """Start a catalog for a new language CODE (then add it to HIKAYA_LOCALES)."""
    po = translations_dir() / code / "LC_MESSAGES" / "messages.po"
    if po.exists():
        raise click.ClickException(f"{po} exists already; use `flask translate update`")
    pybabel("init", "-i", str(pot_path()), "-d", str(translations_dir()), "-l", code, "--width=100")
    pin_plural_forms(po, code)
    click.echo(f"created {po}")


@translate.command("compile")
def compile_catalogs() -> None:
    """Build the .mo files. A catalog that does not parse is reported with its
    line and its previous .mo stays in place; the command then exits non-zero."""
    failed = []
    for code in catalog_codes():
        po = translations_dir() / code / "LC_MESSAGES" / "messages.po"
        try:
            compile_catalog(po, code)
        except (PoFileError, ValueError) as exc:
            click.echo(f"{po}: error: {exc}", err=True)
            failed.append(code)
    if failed:
        sys.exit(1)
    click.echo(f"compiled {len(catalog_codes())} catalogs")


def compile_catalog(po: Path, code: str) -> Path:
    """Write po's .mo atomically: readers see the old catalog or the new one,
    never half of one."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code, abort_invalid=True)
    mo = po.with_suffix(".mo")
    fd, tmp = tempfile.mkstemp(dir=po.parent, prefix=".messages-", suffix=".mo")
    try:
        with os.fdopen(fd, "wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        os.replace(tmp, mo)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return mo
