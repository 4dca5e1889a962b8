"""How loading a catalog grows with the translations it refuses:
`.venv/bin/python -m bench.refused [--sizes 2500,5000,10000] [--runs 3]`.

For each size a catalog is written to a temporary folder with that many
messages whose translation names a placeholder the source lacks (each refused, and logged at
its file and line), and read the way the app reads it: parsed, every
translation judged (app/catalogs/catalog.py). Prints the median time of
--runs reads and the time per refused entry, which stays flat when loading
is linear (issue 22, finding 9).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from pathlib import Path

from app.catalogs.catalog import Catalog
from app.catalogs.files import entries_of, parse_po
from app.catalogs.plurals import canonical_rule


def write_catalog(path: Path, refused: int) -> None:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
             '"Language: tr\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]
    for number in range(refused):
        lines += [f"#: bench/generated.html:{number + 1}",
                  f'msgid "Message {number} for %(name)s"',
                  f'msgstr "Mesaj {number} %(nom)s"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def load(path: Path) -> Catalog:
    catalog = Catalog(code="tr", path=path, messages=entries_of(parse_po(path)),
                      rule=canonical_rule("tr"))
    catalog.vet_all()
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2500,5000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    logging.disable(logging.ERROR)  # each refusal is logged; the log is not measured
    print("| refused entries | load, median s | per refused entry, ms |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"messages-{size}.po"
            write_catalog(path, size)
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                catalog = load(path)
                times.append(time.perf_counter() - started)
            assert len(catalog.logged) == size, (len(catalog.logged), size)
            median = statistics.median(times)
            print(f"| {size:,} | {median:.2f} | {1000 * median / size:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
