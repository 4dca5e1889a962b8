"""Accessibility-run benchmark: `make bench-a11y` (or `.venv/bin/python -m bench.a11y`).

Runs `flask a11y --out DIR --jobs N` over the whole site (every page in
every published language and each language's 404 page, at both widths) with
this checkout's code and with commit BASE's (the code before the speed work
of issue 21; or --base REV's), cloned into a temporary folder, --runs times each, alternating
which goes first so both see the same machine, and prints page views per
second for each (the median of the runs, from the run time each prints) and
the ratio. Each is run as QA runs it by default: BASE writes a full-page
screenshot of every view, today's only with --screenshots.

Both must find nothing on the site: the script says so and exits 1 if not.
The machine and its load average are printed too: other work on a shared
machine slows every browser down.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench.run import machine
from harness.checkout import run

ROOT = Path(__file__).resolve().parent.parent
BASE = "f019493"
SUMMARY = re.compile(r"^(\d+) page views, (\d+) new, .*, ([\d.]+) s$", re.MULTILINE)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def git(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def base_checkout(folder: Path, base: str = BASE) -> Path:
    """Commit `base`, cloned from this repository (no network), its catalogs compiled."""
    target = folder / "base"
    git("clone", "--quiet", "--no-checkout", str(ROOT), str(target))
    git("-c", "advice.detachedHead=false", "checkout", "--quiet", base, cwd=target)
    flask(target, "translate", "compile")
    return target


def flask(checkout: Path, *args: str) -> subprocess.CompletedProcess:
    """`flask ARGS` with the checkout's own app package."""
    return run(checkout, "flask", *args, check=False)


def one_run(checkout: Path, jobs: int) -> tuple[float, int, int]:
    """(seconds, page views, new findings) of a whole-site run."""
    with tempfile.TemporaryDirectory(prefix="hikaya-bench-a11y-") as out:
        done = flask(checkout, "a11y", "--out", out, "--jobs", str(jobs))
    for line in done.stdout.splitlines():
        if line.startswith("NEW "):
            print(f"    {line}")
    found = SUMMARY.search(done.stdout)
    if found is None:
        said = done.stdout + done.stderr
        raise SystemExit(f"flask a11y in {checkout} printed no summary:\n{said}")
    views, new, seconds = int(found[1]), int(found[2]), float(found[3])
    return seconds, views, new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each (median)")
    parser.add_argument("--jobs", type=int, default=2, help="browsers side by side in each run")
    parser.add_argument("--base", default=BASE, help=f"the commit to compare with [{BASE}]")
    args = parser.parse_args()
    if not 1 <= args.runs <= 10 or not 1 <= args.jobs <= 8:
        parser.error("--runs must be 1..10 and --jobs 1..8")

    print("Machine")
    for key, value in {**machine(), "load before": load()}.items():
        print(f"  {key}: {value}")
    head = git("rev-parse", "--short", "HEAD")
    dirty = " + uncommitted changes" if git("status", "--porcelain", "--", "app") else ""
    print(
        f"Whole-site flask a11y --jobs {args.jobs}: {args.base} and today ({head}{dirty}), "
        f"{args.runs} runs each, alternating"
    )
    results: dict[str, list[tuple[float, int, int]]] = {args.base: [], "today": []}
    with tempfile.TemporaryDirectory(prefix="hikaya-bench-a11y-base-") as folder:
        checkouts = {args.base: base_checkout(Path(folder), args.base), "today": ROOT}
        for n in range(args.runs):
            order = [args.base, "today"] if n % 2 == 0 else ["today", args.base]
            for name in order:
                seconds, views, new = one_run(checkouts[name], args.jobs)
                results[name].append((seconds, views, new))
                print(
                    f"  run {n + 1}/{args.runs}, {name}: {views} page views in {seconds:.1f} s, "
                    f"{new} findings (load {load()})",
                    flush=True,
                )

    print()
    print("| code | page views | median run (s) | page views/s |")
    print("| --- | ---: | ---: | ---: |")
    rates = {}
    for name, runs in results.items():
        seconds = statistics.median(s for s, _, _ in runs)
        views = runs[0][1]
        rates[name] = views / seconds
        print(f"| {name} | {views} | {seconds:.1f} | {rates[name]:.2f} |")
    print()
    print(f"today / {args.base}: {rates['today'] / rates[args.base]:.2f}x page views per second")
    print(f"load after: {load()}")
    dirty_runs = {name: sum(new for _, _, new in runs) for name, runs in results.items()}
    if any(dirty_runs.values()):
        print(f"FINDINGS on the site: {dirty_runs}")
        raise SystemExit(1)
    print("both found nothing on the site in every run")


if __name__ == "__main__":
    main()
