"""Accessibility-run benchmark: `make bench-a11y` (or `.venv/bin/python -m bench.a11y`).

Checks the whole site (every page in every published language and each
language's 404 page, at both widths, screenshots written, as `flask a11y
--out` does) with 1 browser and with 2 side by side, --runs times each,
alternating so that both settings see the same machine, and prints:
- page views per second with 1 and 2 jobs (median of the runs) and the ratio;
- the time of a whole-site run with each;
- what a site of --stories stories would take at those rates. That last
  figure is arithmetic on the measured rate, not a measurement: the content
  issue that makes such a site has not landed.

The machine and its load average are printed too: other work on a shared
machine slows every browser down.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
from functools import partial
from pathlib import Path

from app import create_app
from app.a11y import runner
from app.a11y.browser import CHROMIUM, start_chromium
from app.a11y.cli import site_targets
from app.a11y.liveserver import serve
from bench.run import machine

WIDTHS = len(runner.VIEWPORTS)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def chromium_version() -> str:
    try:
        done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return "not installed"
    return done.stdout.strip()


def measure(app, jobs_list: list[int], runs: int, limit: int | None) -> dict[int, list[tuple]]:
    """jobs -> [(seconds, page views), ...], runs interleaved."""
    results: dict[int, list[tuple]] = {jobs: [] for jobs in jobs_list}
    with serve(app) as base_url, app.app_context():
        targets = site_targets(base_url)
        if limit:
            targets = targets[:limit]
        for n in range(runs):
            for jobs in jobs_list:
                with tempfile.TemporaryDirectory(prefix="hikaya-bench-a11y-") as out:
                    run = runner.run(
                        targets,
                        start_browser=partial(start_chromium, 1280, 900),
                        jobs=jobs,
                        out=Path(out),
                    )
                views = len(run.checked)
                results[jobs].append((run.seconds, views))
                print(
                    f"  run {n + 1}/{runs}, {jobs} job{'s' if jobs > 1 else ''}: "
                    f"{views} page views in {run.seconds:.1f} s "
                    f"({len(run.findings)} findings; load {load()})",
                    flush=True,
                )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions per setting (median)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="settings to compare")
    parser.add_argument("--limit", type=int, default=None, help="check only the first N pages")
    parser.add_argument("--stories", type=int, default=1000, help="stories in the estimate")
    args = parser.parse_args()
    if not 1 <= args.runs <= 10 or not all(1 <= j <= 8 for j in args.jobs):
        parser.error("--runs must be 1..10 and --jobs 1..8")

    # The configured languages (HIKAYA_LOCALES, else the default), as `flask a11y`.
    app = create_app({"TESTING": True})
    locales = app.config["LOCALES"]
    print("Machine")
    for key, value in {**machine(), "chromium": chromium_version(), "load before": load()}.items():
        print(f"  {key}: {value}")
    print(f"Whole-site a11y run, {args.runs} runs per setting, interleaved")
    results = measure(app, args.jobs, args.runs, args.limit)

    with app.app_context():
        from app.site.pages import STORIES, all_pages

        other_pages = len(all_pages()) - len(STORIES) + 1  # + the 404 page
    big_views = (args.stories + other_pages) * len(locales) * WIDTHS
    base = None
    print()
    print(
        "| jobs | page views | median run (s) | page views/s | vs 1 job |"
        f" {args.stories:,} stories, {big_views:,} page views (estimate) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for jobs in args.jobs:
        seconds = statistics.median(s for s, _ in results[jobs])
        views = results[jobs][0][1]
        rate = views / seconds
        base = base or rate
        estimate = big_views / rate
        print(
            f"| {jobs} | {views} | {seconds:.1f} | {rate:.2f} | {rate / base:.2f}x | "
            f"{estimate / 60:.0f} min |"
        )
    print()
    print(f"load after: {load()}")
    print(
        "The last column is arithmetic on the measured rate, not a measurement: a site of "
        f"{args.stories:,} stories needs the content issue, which has not landed."
    )


if __name__ == "__main__":
    main()
