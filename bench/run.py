"""Delivery benchmark: `make bench` (or `.venv/bin/python -m bench.run`).

Measures, on this machine and loopback only, and writes BENCHMARKS.md:
- dynamic throughput and p50/p99 latency per locale: gunicorn with the repo's
  gunicorn.conf.py, loaded by wrk rotating through that locale's pages;
- the same pages from the freeze under nginx (deploy config), the reference
  for the best this machine can do;
- i18n overhead: the time to render each page in a locale over the same page
  in English, in-process (no network, no compression);
- the time to freeze the whole site;
- the page weight of every page x locale (gzip, as sent; see harness/weight.py).

Every timed figure is the median of --runs repetitions. Bounded: about two
minutes with the defaults, and the limits below stop a typo from turning it
into a flood.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from flask import Flask, url_for

from app import create_app
from app.config import defaults
from app.delivery.freeze import freeze_site
from app.site.availability import published_languages
from app.site.pages import all_pages
from bench.load import WRK, run_wrk
from bench.report import keep_sections
from harness.gunicorn import gunicorn_server
from harness.nginx import NGINX, serve_frozen
from harness.weight import FIRST_ROUND_TRIP_BUDGET, PAGE_BUDGET, measure

ROOT = Path(__file__).resolve().parent.parent
# The configured languages (HIKAYA_LOCALES, else the app's default).
LOCALES: list[str] = list(defaults()["LOCALES"])
OUTPUT = ROOT / "BENCHMARKS.md"
PER_ROUND = 50  # requests per timed round of the i18n overhead


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem = re.search(r"MemTotal:\s*(\d+) kB", meminfo)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def tool_version(command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=10)
        except OSError:
            return "not installed"
        return (done.stdout + done.stderr).strip().splitlines()[0].split(" Copyright")[0]

    return {
        "CPU": model.group(1).strip() if model else platform.processor() or "unknown",
        "cores usable": f"{usable} (of {os.cpu_count()})",
        "memory": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "unknown",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "packages": ", ".join(
            f"{name} {metadata.version(name)}"
            for name in ("flask", "werkzeug", "jinja2", "babel", "gunicorn",
                         "flask-compress", "brotli", "polib", "nh3")
        ),
        "nginx": tool_version([NGINX, "-v"]),
        "wrk": tool_version([WRK, "-v"]),
    }


def published_paths(app: Flask) -> dict[str, list[str]]:
    """Each locale's page URLs, only those published in it (the freeze has
    no others, so both servers get the same list)."""
    paths: dict[str, list[str]] = {lang: [] for lang in LOCALES}
    with app.test_request_context():
        for page in all_pages():
            for language in published_languages(page):
                paths[language.tag].append(
                    url_for(page.endpoint, lang=language.tag, **page.values)
                )
    return paths


def all_paths(app: Flask) -> dict[str, list[str]]:
    with app.test_request_context():
        return {
            lang: [url_for(p.endpoint, lang=lang, **p.values) for p in all_pages()]
            for lang in LOCALES
        }


def load_runs(base_url: str, paths: dict[str, list[str]], args, tmp: Path) -> dict[str, dict]:
    """wrk per locale, args.runs times; medians of throughput, p50 and p99."""
    results = {}
    for lang, lang_paths in paths.items():
        paths_file = tmp / f"paths-{lang}.txt"
        paths_file.write_text("\n".join(lang_paths) + "\n")
        run_wrk(base_url, paths_file, connections=8, duration=1, threads=1)  # warm up
        runs = [
            run_wrk(base_url, paths_file, connections=args.connections,
                    duration=args.duration, threads=args.threads)
            for _ in range(args.runs)
        ]
        results[lang] = {
            "throughput": statistics.median(r["throughput"] for r in runs),
            "p50": statistics.median(r["p50_us"] for r in runs) / 1000,
            "p99": statistics.median(r["p99_us"] for r in runs) / 1000,
            "errors": sum(r["error_total"] for r in runs),
            "error_kinds": {
                kind: sum(r["errors"][kind] for r in runs)
                for kind in runs[0]["errors"]
                if any(r["errors"][kind] for r in runs)
            },
            "requests": sum(r["requests"] for r in runs),
        }
        print(f"  {lang}: {results[lang]['throughput']:.0f} req/s, "
              f"p50 {results[lang]['p50']:.2f} ms, p99 {results[lang]['p99']:.2f} ms, "
              f"errors {results[lang]['errors']}", flush=True)
    return results


def render_times(app: Flask, paths: dict[str, list[str]], rounds: int, per_round: int):
    """Median seconds per request for each (locale, page index), rounds
    interleaved across locales so drift in the machine hits all alike."""
    client = app.test_client()
    samples: dict[tuple[str, int], list[float]] = {}
    for _ in range(rounds):
        for index in range(len(paths["en"])):
            for lang in LOCALES:
                path = paths[lang][index]
                client.get(path)  # one untimed, so caches are warm for every locale
                started = time.perf_counter()
                for _ in range(per_round):
                    client.get(path)
                elapsed = (time.perf_counter() - started) / per_round
                samples.setdefault((lang, index), []).append(elapsed)
    return {key: statistics.median(values) for key, values in samples.items()}


def freeze_times(runs: int, tmp: Path) -> tuple[list[float], int, int]:
    seconds, pages, files = [], 0, 0
    for run in range(runs):
        app = create_app({"LOCALES": LOCALES})
        result = freeze_site(app, tmp / f"freeze-{run}")
        seconds.append(result.seconds)
        pages, files = result.pages, result.files
    return seconds, pages, files


def kb(size: float) -> str:
    return f"{size / 1024:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions; figures are medians")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if not (1 <= args.runs <= 9 and 1 <= args.duration <= 30 and 1 <= args.connections <= 256
            and 1 <= args.threads <= 8):
        parser.error("runs 1..9, duration 1..30 s, connections 1..256, threads 1..8")

    if not Path(WRK).is_file():
        parser.error("the benchmark needs wrk: apt-get install wrk")
    if not Path(NGINX).is_file():
        parser.error("the benchmark needs nginx: apt-get install nginx-light")

    started = time.monotonic()
    app = create_app({"LOCALES": LOCALES})
    info = machine()
    # Other work on the machine skews every figure: say how busy it was.
    load_before = os.getloadavg()[0]
    print("machine:", "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)

    # Page weight: deterministic bytes, measured once.
    client = app.test_client()
    weights = {
        lang: [measure(client, path, encoding="gzip") for path in lang_paths]
        for lang, lang_paths in all_paths(app).items()
    }

    print(f"i18n overhead: {len(all_pages())} pages x {len(LOCALES)} locales, "
          f"{args.runs * 3} rounds", flush=True)
    times = render_times(app, all_paths(app), rounds=args.runs * 3, per_round=PER_ROUND)

    with tempfile.TemporaryDirectory(prefix="hikaya-bench-") as tmp_name:
        tmp = Path(tmp_name)
        print(f"freeze: {args.runs * 2 - 1} runs", flush=True)
        freeze_seconds, frozen_pages, frozen_files = freeze_times(args.runs * 2 - 1, tmp)

        paths = published_paths(app)
        load_note = (f"wrk, {args.threads} threads, {args.connections} connections, "
                     f"{args.duration} s x {args.runs} runs per locale")
        print(f"gunicorn ({load_note})", flush=True)
        with gunicorn_server(tmp / "gunicorn.log") as base_url:
            dynamic = load_runs(base_url, paths, args, tmp)
        print("nginx over the freeze", flush=True)
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
        with serve_frozen(app, tmp / "freeze-0", workers=workers) as nginx:
            static = load_runs(nginx.base_url, paths, args, tmp)

    info["load average (1 min) before / after"] = f"{load_before:.2f} / {os.getloadavg()[0]:.2f}"
    report = write_report(args, info, weights, times, app, freeze_seconds, frozen_pages,
                          frozen_files, dynamic, static, load_note,
                          time.monotonic() - started)
    args.output.write_text(keep_sections(report, args.output))
    print()
    print(report)
    errors = sum(r["errors"] for r in (*dynamic.values(), *static.values()))
    return 1 if errors else 0


def write_report(args, info, weights, times, app, freeze_seconds, frozen_pages, frozen_files,
                 dynamic, static, load_note, elapsed) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); every timed figure is the median of "
        f"{args.runs} or more runs on this machine, over loopback. The load generator "
        "shares the machine's cores with the server, so absolute figures are a floor.",
        "",
        "## Machine",
        "",
        *(f"- {name}: {value}" for name, value in info.items()),
        "",
        "## Throughput and latency per locale",
        "",
        f"Each locale's published pages in rotation ({load_note}); requests as a "
        "browser sends them (`Accept-Encoding: gzip, deflate, br`). Dynamic: gunicorn "
        "with `gunicorn.conf.py` (sync workers, brotli). Static: nginx with the "
        "generated deploy config over `flask freeze` (precompressed gzip).",
        "",
        "| locale | dynamic req/s | p50 ms | p99 ms | nginx req/s | p50 ms | p99 ms | "
        "nginx / dynamic |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for lang in dynamic:
        d, s = dynamic[lang], static[lang]
        lines.append(
            f"| {lang} | {d['throughput']:.0f} | {d['p50']:.2f} | {d['p99']:.2f} | "
            f"{s['throughput']:.0f} | {s['p50']:.2f} | {s['p99']:.2f} | "
            f"{s['throughput'] / d['throughput']:.1f}x |"
        )
    errors = sum(r["errors"] for r in (*dynamic.values(), *static.values()))
    kinds = {
        f"{server} {lang}: {r['error_kinds']}"
        for server, results in (("gunicorn", dynamic), ("nginx", static))
        for lang, r in results.items()
        if r["errors"]
    }
    lines += [
        "",
        f"Errors (status >= 400, connect/read/write errors, timeouts) in all runs: {errors}"
        + (f" ({'; '.join(sorted(kinds))})." if kinds else "."),
        "",
    ]

    lines += [
        "## i18n overhead",
        "",
        "Time to render a page in the locale over the same page in English, in-process "
        "through the test client (routing, render, ETag; no network, no compression). "
        f"Per page: median of {args.runs * 3} interleaved rounds of {PER_ROUND} requests. "
        "The aim is within 5% (ratio up to 1.05); a localized page also has different "
        "text, so part of any difference is the page, not the lookup.",
        "",
        "| locale | median ratio over pages | lowest | highest |",
        "| --- | ---: | ---: | ---: |",
    ]
    pages = list(range(len(all_pages())))
    ratios = {
        lang: [times[(lang, i)] / times[("en", i)] for i in pages]
        for lang in LOCALES
        if lang != "en"
    }
    for lang, values in ratios.items():
        lines.append(f"| {lang} | {statistics.median(values):.3f} | {min(values):.3f} | "
                     f"{max(values):.3f} |")
    lines += [
        "",
        "| page | en ms | " + " | ".join(f"{lang} ms" for lang in LOCALES if lang != "en") + " |",
        "| --- | ---: | " + " | ".join("---:" for lang in LOCALES if lang != "en") + " |",
    ]
    with app.test_request_context():
        names = [url_for(p.endpoint, lang="en", **p.values)[3:] for p in all_pages()]
    for i in pages:
        lines.append(
            f"| `{names[i]}` | {times[('en', i)] * 1000:.2f} | "
            + " | ".join(f"{times[(lang, i)] * 1000:.2f}" for lang in LOCALES if lang != "en")
            + " |"
        )

    lines += [
        "",
        "## Freeze",
        "",
        f"`flask freeze` of the whole site ({frozen_pages} pages, {frozen_files} files with "
        f"the .gz twins): median {statistics.median(freeze_seconds):.2f} s over "
        f"{len(freeze_seconds)} runs (fastest {min(freeze_seconds):.2f} s, "
        f"slowest {max(freeze_seconds):.2f} s).",
        "",
        "## Page weight",
        "",
        f"KB as sent with gzip (bytes are deterministic: measured once). Budget: HTML + CSS "
        f"<= {kb(FIRST_ROUND_TRIP_BUDGET)} KB (the first round trip), everything the page "
        f"loads <= {kb(PAGE_BUDGET)} KB.",
        "",
        "| locale | HTML+CSS max | HTML+CSS median | total max | total median |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for lang, ws in weights.items():
        first = [w.first_round_trip for w in ws]
        total = [w.total for w in ws]
        lines.append(f"| {lang} | {kb(max(first))} | {kb(statistics.median(first))} | "
                     f"{kb(max(total))} | {kb(statistics.median(total))} |")
    lines += [
        "",
        "| page | " + " | ".join(f"{lang} HTML+CSS / total" for lang in weights) + " |",
        "| --- | " + " | ".join("---:" for _ in weights) + " |",
    ]
    for i, name in enumerate(names):
        lines.append(
            f"| `{name}` | "
            + " | ".join(f"{kb(ws[i].first_round_trip)} / {kb(ws[i].total)}"
                         for ws in weights.values())
            + " |"
        )
    lines += ["", f"The whole run took {elapsed:.0f} s.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
