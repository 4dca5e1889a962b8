"""Load run: gunicorn on loopback, wrk with 200 connections for 60 seconds
rotating through every page in every locale, repeated; the medians of
throughput and latency are reported, and any error fails the run.

    make load                       # or: .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --runs 1 --duration 10

Errors are what a reader would notice: a status of 400 or more, or a
connection refused, reset or left unanswered for --timeout seconds (10 by
default: a reader on a slow phone waits that long, not wrk's default 2 s;
the p99 latency shows how close the run came).

The server is started by gunicorn_server(), which the hardening tests use too,
so the limits they check are the ones this run is served with.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "gunicorn.conf.py"
ROTATE_LUA = Path(__file__).resolve().parent / "rotate.lua"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
LOCALES = "en,ar,tr"


@contextmanager
def gunicorn_server(
    log_path: Path | None = None, extra_args: tuple[str, ...] = ()
) -> Iterator[str]:
    """Serve the app with gunicorn on a free loopback port; yield its base URL.

    The socket is bound here and handed to gunicorn as fd://N, so the port is
    known before gunicorn starts and no other process can take it meanwhile.
    The repo's gunicorn.conf.py is used when it exists; the command line only
    overrides where to listen.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(2048)
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    command = [sys.executable, "-m", "gunicorn", "--bind", f"fd://{listener.fileno()}"]
    if GUNICORN_CONFIG.is_file():
        command += ["--config", str(GUNICORN_CONFIG)]
    command += [*extra_args, "app:create_app()"]
    env = {
        **os.environ,
        "HIKAYA_LOCALES": os.environ.get("HIKAYA_LOCALES", LOCALES),
        "HIKAYA_SECRET_KEY": secrets.token_hex(16),
        "PYTHONUNBUFFERED": "1",
    }
    log_file = open(log_path or os.devnull, "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        pass_fds=[listener.fileno()],
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    listener.close()
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, process, log_path)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log_file.close()


def wait_until_serving(base_url: str, process: subprocess.Popen, log_path: Path | None) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log_path.read_text(errors="replace") if log_path else ""
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(base_url + "/en/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer on {base_url} within 30 s")


def site_paths() -> list[str]:
    """Every page in every locale, the root redirect, the sitemap and the
    stylesheet, as a reader's browser would ask for them."""
    from flask import url_for

    from app import create_app
    from app.pages import all_pages

    app = create_app({"LOCALES": LOCALES.split(",")})
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
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
