"""Load run: gunicorn on loopback, wrk with 200 connections for 60 seconds
rotating through every page in every locale, repeated; the medians of
throughput and latency are reported, and any error fails the run.

    make load                       # or: .venv/bin/python -m bench.load
    .venv/bin/python -m bench.load --runs 1 --duration 10

Errors are what a reader would notice: a status of 400 or more, or a
connection refused, reset or left unanswered for --timeout seconds (10 by
default: a reader on a slow phone waits that long, not wrk's default 2 s;
the p99 latency shows how close the run came).

The server is started by harness.gunicorn.gunicorn_server(), which the
hardening tests use too, so the limits they check are the ones this run is
served with.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.gunicorn import GUNICORN_CONFIG, gunicorn_server

ROTATE_LUA = Path(__file__).resolve().parent / "rotate.lua"
WRK = shutil.which("wrk") or "/usr/bin/wrk"


def site_paths() -> list[str]:
    """Every page in every locale, the root redirect, the sitemap and the
    stylesheet, as a reader's browser would ask for them."""
    from flask import url_for

    from app import create_app
    from app.site.pages import all_pages

    app = create_app()
    with app.test_request_context():
        paths = [
            url_for(page.endpoint, lang=lang, **page.values)
            for lang in app.config["LOCALES"]
            for page in all_pages()
        ]
        paths += ["/", "/sitemap.xml", url_for("static", filename="css/site.css")]
    return paths


def run_wrk(base_url: str, paths_file: Path, *, connections: int, duration: int,
            threads: int, timeout: int = 10) -> dict:
    command = [
        WRK, f"--threads={threads}", f"--connections={connections}",
        f"--duration={duration}s", f"--timeout={timeout}s", "--latency",
        f"--script={ROTATE_LUA}",
        base_url, "--", str(paths_file),
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    result_line = next(line for line in output.splitlines() if line.startswith("{"))
    result = json.loads(result_line)
    errors = result["errors"]
    result["error_total"] = sum(errors.values())
    result["throughput"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument("--runs", type=int, default=3, help="figures are medians over runs")
    parser.add_argument("--threads", type=int, default=min(os.cpu_count() or 2, 4))
    parser.add_argument("--timeout", type=int, default=10, help="seconds before a request fails")
    args = parser.parse_args(argv)
    # A forgotten argument must not turn this into a flood.
    if not (1 <= args.connections <= 1000 and 1 <= args.duration <= 300
            and 1 <= args.runs <= 10 and 1 <= args.timeout <= 60):
        parser.error("connections 1..1000, duration 1..300 s, runs 1..10, timeout 1..60 s")

    with tempfile.TemporaryDirectory(prefix="hikaya-load-") as tmp:
        paths_file = Path(tmp) / "paths.txt"
        paths = site_paths()
        paths_file.write_text("\n".join(paths) + "\n")
        log_path = Path(tmp) / "gunicorn.log"
        config = GUNICORN_CONFIG.name if GUNICORN_CONFIG.is_file() else "gunicorn defaults"
        print(f"gunicorn ({config}) on loopback; {len(paths)} paths; "
              f"{args.connections} connections x {args.duration} s x {args.runs} runs; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
        with gunicorn_server(log_path) as base_url:
            run_wrk(base_url, paths_file, connections=20, duration=3, threads=1)  # warm up
            results = []
            for run in range(1, args.runs + 1):
                result = run_wrk(base_url, paths_file, connections=args.connections,
                                 duration=args.duration, threads=args.threads,
                                 timeout=args.timeout)
                results.append(result)
                print(
                    f"run {run}: {result['requests']} requests, "
                    f"{result['throughput']:.0f} req/s, p50 {result['p50_us'] / 1000:.1f} ms, "
                    f"p99 {result['p99_us'] / 1000:.1f} ms, errors {result['errors']}"
                )
        errors = sum(r["error_total"] for r in results)
        print(
            f"median of {len(results)}: "
            f"{statistics.median(r['throughput'] for r in results):.0f} req/s, "
            f"p50 {statistics.median(r['p50_us'] for r in results) / 1000:.1f} ms, "
            f"p99 {statistics.median(r['p99_us'] for r in results) / 1000:.1f} ms; "
            f"errors in all runs: {errors}"
        )
        if errors:
            print(log_path.read_text(errors="replace")[-4000:], file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
