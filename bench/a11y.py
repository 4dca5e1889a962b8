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
machine slows every browser down. --write puts the figures in BENCHMARKS.md.

--profile instead runs today's code once over the site in one browser and
prints where a page view's time goes: each kind of call to the browser
(navigation, axe, each of the tool's page scripts, key presses, viewport
changes), its count, time per call and share of the run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.report import replace_section
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


# What BASE imports that today's code no longer installs, put beside the
# base checkout (pip --target), never into this checkout's environment.
BASE_ONLY = ["Frozen-Flask==1.0.2"]


def base_checkout(folder: Path, base: str = BASE) -> Path:
    """Commit `base`, cloned from this repository, its catalogs compiled."""
    target = folder / "base"
    git("clone", "--quiet", "--no-checkout", str(ROOT), str(target))
    git("-c", "advice.detachedHead=false", "checkout", "--quiet", base, cwd=target)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(folder / "base-packages"), *BASE_ONLY], check=True)
    flask(target, "translate", "compile")
    return target


def flask(checkout: Path, *args: str) -> subprocess.CompletedProcess:
    """`flask ARGS` with the checkout's own app package (and BASE_ONLY beside a base)."""
    packages = checkout.parent / "base-packages"
    extra = {"PYTHONPATH": f"{checkout}{os.pathsep}{packages}"} if packages.is_dir() else {}
    return run(checkout, "flask", *args, check=False, **extra)


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


def step(method: str, params: dict) -> str:
    """The kind of a DevTools call, for --profile: a Runtime.evaluate is
    axe or the tool's scripts, named by their first arguments (the mode)."""
    if method != "Runtime.evaluate":
        return method
    source = params["expression"]
    if "axe.run(document" in source:
        return "axe (js/axe_run.js)"
    if ".apply(null, " not in source:
        return "load event awaited"
    start = source.rindex(".apply(null, ") + len(".apply(null, ")
    given, _ = json.JSONDecoder().raw_decode(source, start)  # the arguments, JSON
    if "var steps = [" in source:  # run_batch: one list of arguments per step
        return "scripts: " + " + ".join(str(a[0]) if a else "(page_language)" for a in given[0])
    return f"script: {given[0] if given else '?'}"


def profile() -> None:
    """One tab over the whole site, each call to it timed by its kind."""
    from app import create_app
    from app.a11y import runner
    from app.a11y.targets import site_targets
    from app.browser import Chromium, DevTools, serve

    spent: defaultdict[str, float] = defaultdict(float)
    calls: Counter[str] = Counter()

    def timed(kind, call, *args):
        started = time.perf_counter()
        try:
            return call(*args)
        finally:
            spent[kind] += time.perf_counter() - started
            calls[kind] += 1

    original = DevTools.send

    def send(devtools, *commands):
        method, params = commands[0]
        kind = ("key presses" if method == "Input.dispatchKeyEvent" else step(method, params))
        return timed(kind, original, devtools, *commands)

    app = create_app()
    with app.app_context(), serve(app) as base:
        targets = site_targets(base)
        browser = Chromium()  # one tab of the browser a run starts
        DevTools.send = send
        try:
            result = runner.run(targets, driver=browser.tab())
        finally:
            DevTools.send = original
            browser.quit()
    views = len(result.checked)
    print(f"one browser, {len(targets)} pages, {views} page views in {result.seconds:.1f} s "
          f"({1000 * result.seconds / len(targets):.0f} ms a page), load {load()}")
    print("| call | calls | ms a call | ms a page | share of the run |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for kind, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"| {kind} | {calls[kind]} | {1000 * seconds / calls[kind]:.1f} | "
              f"{1000 * seconds / len(targets):.1f} | {seconds / result.seconds:.0%} |")
    rest = result.seconds - sum(spent.values())
    print(f"| Python between calls, browser start and quit | | | "
          f"{1000 * rest / len(targets):.1f} | {rest / result.seconds:.0%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each (median)")
    parser.add_argument("--jobs", type=int, default=2, help="browsers side by side in each run")
    parser.add_argument("--base", default=BASE, help=f"the commit to compare with [{BASE}]")
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    parser.add_argument("--profile", action="store_true",
                        help="where today's run spends its time (one browser), nothing compared")
    args = parser.parse_args()
    if not 1 <= args.runs <= 10 or not 1 <= args.jobs <= 8:
        parser.error("--runs must be 1..10 and --jobs 1..8")
    if args.profile:
        return profile()

    before = load()
    print("Machine")
    for key, value in {**machine(), "load before": before}.items():
        print(f"  {key}: {value}")
    head = git("rev-parse", "--short", "HEAD")
    dirty = " + uncommitted changes" if git("status", "--porcelain", "--", "app") else ""
    print(
        f"Whole-site flask a11y --jobs {args.jobs}: {args.base} and today ({head}{dirty}), "
        f"{args.runs} runs each, alternating"
    )
    results: dict[str, list[tuple[float, int, int]]] = {args.base: [], "today": []}
    log: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hikaya-bench-a11y-base-") as folder:
        checkouts = {args.base: base_checkout(Path(folder), args.base), "today": ROOT}
        for n in range(args.runs):
            order = [args.base, "today"] if n % 2 == 0 else ["today", args.base]
            for name in order:
                seconds, views, new = one_run(checkouts[name], args.jobs)
                results[name].append((seconds, views, new))
                log.append(f"  run {n + 1}/{args.runs}, {name}: {views} page views in "
                           f"{seconds:.1f} s, {new} findings (load {load()})")
                print(log[-1], flush=True)

    lines = ["| code | page views | median run (s) | page views/s |",
             "| --- | ---: | ---: | ---: |"]
    rates = {}
    for name, runs in results.items():
        seconds = statistics.median(s for s, _, _ in runs)
        views = runs[0][1]
        rates[name] = views / seconds
        lines.append(f"| {name} | {views} | {seconds:.1f} | {rates[name]:.2f} |")
    ratio = rates["today"] / rates[args.base]
    lines += ["", f"today / {args.base}: **{ratio:.2f}x** page views per second "
              f"(goal: at least 3); load average before {before}, after {load()}"]
    print("\n" + "\n".join(lines))
    dirty_runs = {name: sum(new for _, _, new in runs) for name, runs in results.items()}
    if any(dirty_runs.values()):
        print(f"FINDINGS on the site: {dirty_runs}")
        raise SystemExit(1)
    print("both found nothing on the site in every run")
    if args.write:
        replace_section("a11y", "Accessibility run: page views per second", "\n".join([
            f"`make bench-a11y` (bench/a11y.py): the whole site, `flask a11y --jobs {args.jobs}`, "
            f"{args.base} and today ({head}{dirty}) side by side, {args.runs} runs each "
            "alternating, medians of the run time each prints; both found nothing on the site. "
            f"Machine: {machine()['cores usable']} cores usable, shared with other work.", "",
            *(f"- {line.strip()}" for line in log), "", *lines]))


if __name__ == "__main__":
    main()
