"""Dynamic throughput against its floor: `make bench-floor` (or
`.venv/bin/python -m bench.floor`).

Hikaya under gunicorn (the repo's gunicorn.conf.py) serves one page; a
minimal Flask app serving the very same bytes and headers for that path
runs under the same gunicorn settings; wrk loads each in turn, the same way,
several times. The ratio Hikaya / minimal is what the page cache
(app/delivery/pagecache.py) is for: the goal is at least 0.6. Prints a table
and, with --write, puts it in BENCHMARKS.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import urllib.request
from pathlib import Path

from bench.load import run_wrk
from bench.report import load_average, replace_section
from harness.gunicorn import gunicorn_server

ACCEPT = {
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate, br",
    "Accept-Language": "ar-SY,ar;q=0.9,en;q=0.5",
}
# Headers a server or the response machinery sets per response.
PER_RESPONSE = {"date", "server", "connection", "transfer-encoding", "keep-alive"}

MINIMAL_APP = '''\
"""The floor: a minimal Flask app that answers one path with fixed bytes."""
import json
from pathlib import Path

from flask import Flask, Response

HERE = Path(__file__).parent
BODY = (HERE / "body.bin").read_bytes()
HEADERS = json.loads((HERE / "headers.json").read_text())
PATH = (HERE / "path.txt").read_text()

app = Flask(__name__)


@app.route(PATH)
def page():
    return Response(BODY, headers=HEADERS)
'''


def fetch(url: str) -> tuple[bytes, list[tuple[str, str]]]:
    request = urllib.request.Request(url, headers=ACCEPT)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), [(k, v) for k, v in response.getheaders()
                                 if k.lower() not in PER_RESPONSE]


def measure(base_url: str, path: str, args, tmp: Path) -> list[float]:
    paths = tmp / "paths.txt"
    paths.write_text(path + "\n")
    runs = []
    for _ in range(args.runs):
        result = run_wrk(base_url, paths, connections=args.connections,
                         duration=args.duration, threads=args.threads)
        if result["error_total"]:
            raise RuntimeError(f"errors under load: {result['errors']}")
        runs.append(result["throughput"])
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", default="/en/programs/syria/")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    args = parser.parse_args(argv)
    before = load_average()
    with tempfile.TemporaryDirectory(prefix="hikaya-floor-") as name:
        tmp = Path(name)
        env = {**os.environ, "HIKAYA_ENV": "production", "HIKAYA_LOCALES": "en,ar,tr"}
        with gunicorn_server(tmp / "hikaya.log", env=env) as base:
            body, headers = fetch(base + args.path)
            hikaya = measure(base, args.path, args, tmp)
        floor_dir = tmp / "floor"
        floor_dir.mkdir()
        (floor_dir / "floor_app.py").write_text(MINIMAL_APP)
        (floor_dir / "body.bin").write_bytes(body)
        import json

        (floor_dir / "headers.json").write_text(json.dumps(dict(headers)))
        (floor_dir / "path.txt").write_text(args.path)
        floor_env = {**os.environ, "PYTHONPATH": str(floor_dir)}
        with gunicorn_server(tmp / "floor.log", app_spec="floor_app:app", cwd=floor_dir,
                             env=floor_env, probe=args.path) as base:
            same, _ = fetch(base + args.path)
            assert same == body, "the floor must serve the same bytes"
            floor = measure(base, args.path, args, tmp)
    after = load_average()
    h, f = statistics.median(hikaya), statistics.median(floor)
    lines = [
        f"`{args.path}` as a browser asks for it (brotli, {len(body)} bytes), wrk "
        f"{args.threads} threads, {args.connections} connections, {args.duration} s x "
        f"{args.runs} runs each, both under the repo's `gunicorn.conf.py` (sync workers, "
        f"preloaded). Load average before / after: {before} / {after}.",
        "",
        "| server | req/s (median) | runs |",
        "| --- | ---: | --- |",
        f"| Hikaya (page cache on) | {h:.0f} | {', '.join(f'{r:.0f}' for r in hikaya)} |",
        f"| minimal Flask app, same bytes | {f:.0f} | {', '.join(f'{r:.0f}' for r in floor)} |",
        "",
        f"Ratio Hikaya / floor: **{h / f:.2f}** (goal: at least 0.60).",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        replace_section("floor", "Dynamic throughput against its floor", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
