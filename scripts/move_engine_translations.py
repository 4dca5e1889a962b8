"""Move the translations of the engine's own messages out of a site's
catalogs into the engine's (app/translations/<lang>/LC_MESSAGES/hikaya.po).

Run once from the repository root after the engine's templates moved into
the package (app/templates/): `.venv/bin/python scripts/move_engine_translations.py`.
Nothing is retranslated and nothing is lost:

1. `flask translate extract --engine` writes app/translations/hikaya.pot from
   every file inside the package;
2. for each language of the site, hikaya.po is the site's catalog merged with
   that template (Babel's merge without fuzzy guesses): every engine message
   keeps the site's translation, its fuzzy flag and translator comments; a
   translation the engine's catalog already had is kept where the site has none;
3. `flask translate extract` and `update` then leave the engine's messages out
   of the site's template and catalogs, and `compile` rebuilds the site's .mo.

Run it again and it changes nothing more. It prints, per language, how many
engine messages it moved with a translation.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.catalogs import files  # noqa: E402
from app.catalogs.extraction import pin_plural_forms, read_catalog, write_catalog  # noqa: E402


def flask(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "translate", *args],
                   cwd=ROOT, check=True)


def move(site_dir: Path, engine_dir: Path) -> dict[str, int]:
    """Write the engine's catalog of each of the site's languages; returns
    how many engine messages each has translated."""
    template = read_catalog(files.pot_path(engine_dir, files.ENGINE_DOMAIN), None)
    moved = {}
    for code in files.catalog_codes(site_dir):
        catalog = read_catalog(files.po_path(site_dir, code), code)
        engine_po = files.po_path(engine_dir, code, files.ENGINE_DOMAIN)
        if engine_po.is_file():
            for message in read_catalog(engine_po, code):
                mine = catalog.get(message.id, message.context)
                if message.id and message.string and (mine is None or not mine.string):
                    catalog[message.id] = message
        catalog.update(template, no_fuzzy_matching=True)
        pin_plural_forms(catalog, code)
        write_catalog(engine_po, catalog)
        moved[code] = sum(1 for m in catalog if m.id and m.string and any(
            m.string if isinstance(m.string, tuple) else [m.string]))
    return moved


def main() -> None:
    flask("extract", "--engine")
    moved = move(ROOT / "translations", files.ENGINE_TRANSLATIONS)
    for code, count in moved.items():
        print(f"{code}: {count} engine messages translated in "
              f"{files.po_path(files.ENGINE_TRANSLATIONS, code, files.ENGINE_DOMAIN)}")
    flask("extract")
    flask("update")
    flask("compile")


if __name__ == "__main__":
    main()
