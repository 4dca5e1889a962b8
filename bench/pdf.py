"""PDF benchmark: `.venv/bin/python -m bench.pdf [--runs 3]`.

Prints the time `flask freeze --pdf` takes to print the whole site (every
page in every language it is published in, one Chromium, its start
included), as the median of --runs freezes, and each language's largest and
median PDF size against the 150 KB budget. Sizes are those of the last run
(Chromium writes the same bytes for the same page, bar its timestamps).
Runs one browser at a time, so it stays on one core of a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections import defaultdict
from pathlib import Path

from app import create_app
from app.config import defaults
from app.delivery.freeze import freeze_site

# The configured languages (HIKAYA_LOCALES, else the app's default).
LOCALES: list[str] = list(defaults()["LOCALES"])

BUDGET = 150 * 1024


def kb(size: float) -> str:
    return f"{size / 1024:.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, choices=range(1, 11), metavar="1..10")
    args = parser.parse_args()

    app = create_app({"SITE_URL": "https://syria.example.org"})
    seconds = []
    with tempfile.TemporaryDirectory(prefix="hikaya-bench-pdf-") as tmp:
        for run in range(args.runs):
            result = freeze_site(app, Path(tmp) / "site", {}, full=True)
            seconds.append(result.print_seconds)
            print(f"run {run + 1}: printed {len(result.pdfs)} PDFs in {result.print_seconds:.2f} s")

    by_language: dict[str, list[int]] = defaultdict(list)
    for download in result.pdfs.values():
        by_language[download.lang].append(download.size)
    print(f"\nprint the whole site: median {statistics.median(seconds):.2f} s "
          f"over {args.runs} runs ({len(result.pdfs)} PDFs)")
    print(f"{'language':<10}{'PDFs':>6}{'largest':>12}{'median':>12}   budget {kb(BUDGET)}")
    for lang in LOCALES:
        sizes = by_language.get(lang, [])
        if sizes:
            print(f"{lang:<10}{len(sizes):>6}{kb(max(sizes)):>12}"
                  f"{kb(statistics.median(sizes)):>12}   "
                  f"{'ok' if max(sizes) <= BUDGET else 'OVER'}")


if __name__ == "__main__":
    main()
