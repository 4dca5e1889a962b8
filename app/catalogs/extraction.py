"""Babel's side of `flask translate`: extracting messages (the engine's from the
package, the site's by babel.cfg), and the catalogs Babel merges and writes.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from collections.abc import Callable
from pathlib import Path

import babel
import click
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import write_po
from flask import current_app

from ..writing import replaced
from . import files
from .files import CatalogFault, parse_po
from .lifecycle import with_previous
from .plurals import canonical_plural_forms

# Besides Babel's defaults: `_text`, and `N_plural` (app/catalogs/gettext.py).
EXTRA_KEYWORDS = ("_text", "N_plural:1,2")


def site_dir() -> Path:
    return Path(current_app.config["SITE_DIR"])


def read_catalog(po: Path, code: str | None, domain: str = files.DOMAIN) -> BabelCatalog:
    """A catalog as Babel merges and writes it, read by the one strict reader (parse_po)."""
    try:
        parsed = parse_po(po)
    except CatalogFault as fault:
        raise click.ClickException(f"{fault}; `flask translate check` shows more") from None
    header = "\n".join(f"# {line}".rstrip() for line in parsed.header.split("\n"))
    catalog = BabelCatalog(locale=code, domain=domain, header_comment=header or None,
                           fuzzy=bool(parsed.metadata_is_fuzzy))
    catalog.mime_headers = list(parsed.metadata.items())
    for entry in parsed:
        if entry.obsolete or not entry.msgid:
            continue
        plural = entry.msgid_plural
        catalog.add(
            (entry.msgid, plural) if plural else entry.msgid,
            tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if plural else entry.msgstr,
            locations=[(path, int(line) if line else None) for path, line in entry.occurrences],
            flags=entry.flags, auto_comments=entry.comment.split("\n") if entry.comment else (),
            user_comments=entry.tcomment.split("\n") if entry.tcomment else (),
            previous_id=tuple(filter(None, (entry.previous_msgid, entry.previous_msgid_plural))),
            lineno=entry.linenum, context=entry.msgctxt)
    return catalog


def write_catalog(po: Path, catalog: BabelCatalog) -> None:
    """Whole, as pybabel writes it (width 100, no obsolete entries), with `#|` lines."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, ignore_obsolete=True)
    with replaced(po) as tmp:
        tmp.write_text(with_previous(buffer.getvalue().decode("utf-8"), catalog, 100),
                       encoding="utf-8", newline="")


def pin_plural_forms(catalog: BabelCatalog, code: str) -> None:
    """The canonical Plural-Forms header (not Babel's), and that many forms per plural."""
    catalog.mime_headers = [("Plural-Forms", canonical_plural_forms(code))]
    nplurals = catalog.num_plurals
    for message in catalog:
        if message.id and message.pluralizable:
            forms = list(message.string) if isinstance(message.string, (list, tuple)) \
                else [message.string]
            message.string = tuple(forms + [""] * (nplurals - len(forms)))


# The engine's messages: every file of the package, its Python and templates.
ENGINE_MAPPING = """
[python: **.py]
[jinja2: templates/**.html]
encoding = utf-8
newstyle_gettext = true
silent = false
"""


def extract_to(output: Path, *, engine: bool = False,
               prepare: Callable[[], None] = lambda: None) -> None:
    """What `pybabel extract` writes: the engine's messages (--engine), or the
    site's by babel.cfg less those only the package has."""
    if engine:
        base, top, mapping = files.PACKAGE_DIR.parent, files.PACKAGE_DIR.name, ENGINE_MAPPING
    else:
        prepare()
        base, top = site_dir(), "."
        mapping = (base / "babel.cfg").read_text(encoding="utf-8")
    method_map, options_map = parse_mapping_cfg(io.StringIO(mapping))
    catalog = BabelCatalog(project="Hikaya", copyright_holder="Hikaya", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(base / top), method_map, options_map, comment_tags=("TRANSLATORS:",),
        keywords={**DEFAULT_KEYWORDS, **parse_keywords(list(EXTRA_KEYWORDS))},
    ):
        catalog.add(message, None, [(os.path.normpath(os.path.join(top, filename)), lineno)],
                    auto_comments=comments, context=context)
    for message in [] if engine else list(catalog):  # the engine's: not the site's to translate
        if message.id and all(files.in_engine(path, base) for path, _ in message.locations):
            catalog.delete(message.id, message.context)
    with replaced(output) as tmp, tmp.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_by_file=True)


def extraction_sources() -> str:
    """A hash of babel.cfg, Babel's version and every file under its patterns'
    folders: more than extraction reads, never less."""
    root = site_dir()
    text = (root / "babel.cfg").read_text(encoding="utf-8")
    digest = hashlib.blake2b(f"{babel.__version__}\0{text}".encode(), digest_size=16)
    method_map, _ = parse_mapping_cfg(io.StringIO(text))
    for top in sorted({pattern.split("/", 1)[0] for pattern, _ in method_map}):
        for folder, dirs, names in os.walk(root / top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, root).encode() + b"\0")
                # A FIFO would hang the read, /dev/zero never end it; a loop has no mode.
                if not (os.path.exists(path) and stat.S_ISREG(os.stat(path).st_mode)):
                    digest.update(b"\0not a regular file\0")
                    continue
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()
