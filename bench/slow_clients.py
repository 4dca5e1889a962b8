"""Slow clients against a server on loopback, beside one normal reader.

`sockets` connections each send a request line and then one header line
every `interval` seconds, never finishing (a "slowloris"; a phone on a bad
line looks the same to a server). A closed one is opened again, so that
many are held all the time. Meanwhile one normal client fetches pages one
after the other, each on a new connection, and the share it got (status
200 within `timeout`) and its latency percentiles are reported.

    .venv/bin/python -m bench.slow_clients                # gunicorn alone, then behind nginx
    .venv/bin/python -m bench.slow_clients --duration 60 --sockets 50

The test suite runs attack() against nginx in front of gunicorn and nginx
over the freeze (tests/deploy/test_slow_clients.py); this script also runs
it against gunicorn alone, for comparison (gunicorn's sync workers are
held by slow sockets, which is why it is never exposed).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import socket
import ssl
import statistics
import time
from dataclasses import dataclass, field


@dataclass
class Result:
    attempts: int
    served: int
    latencies: list[float] = field(repr=False)  # seconds, of served requests
    held: float  # slow sockets open, averaged over the run
    reopened: int  # slow sockets the server closed (and the attack reopened)

    @property
    def share(self) -> float:
        return self.served / self.attempts if self.attempts else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("inf")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def __str__(self) -> str:
        return (
            f"{self.served}/{self.attempts} served ({self.share:.1%}), "
            f"p50 {self.percentile(50) * 1000:.0f} ms, p95 {self.percentile(95) * 1000:.0f} ms, "
            f"p99 {self.percentile(99) * 1000:.0f} ms; {self.held:.0f} slow sockets held on "
            f"average, {self.reopened} reopened"
        )


def raise_open_files_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def _tls_context() -> ssl.SSLContext:
    """One client context, built once: loading the system's CA store for
    every connection would cost more than the requests measured. The
    certificate is a test one, so it is not verified."""
    global _TLS
    if _TLS is None:
        _TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        _TLS.check_hostname = False
        _TLS.verify_mode = ssl.CERT_NONE
    return _TLS


_TLS: ssl.SSLContext | None = None


def _connect(port: int, tls: bool, host: str, timeout: float) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    if tls:
        sock = _tls_context().wrap_socket(sock, server_hostname=host)
    return sock


def fetch(port: int, path: str, *, tls: bool, host: str, timeout: float) -> int:
    """One GET on a new connection; the status, or 0 for no whole answer."""
    try:
        with _connect(port, tls, host, timeout) as sock:
            sock.sendall(
                f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\n"
                "Connection: close\r\n\r\n".encode()
            )
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    except (OSError, ssl.SSLError):
        return 0
    response = b"".join(chunks)
    head, _, body = response.partition(b"\r\n\r\n")
    parts = head.split(b"\r\n", 1)[0].split()
    if len(parts) < 2 or not parts[1].isdigit():
        return 0
    return int(parts[1])


class SlowSockets:
    """The slow sockets, run in a process of their own (as an attacker is
    another machine): their TLS handshakes and sends do not compete with the
    normal reader's for this interpreter's lock."""

    def __init__(self, port, *, tls, host, count, interval):
        self.port, self.tls, self.host = port, tls, host
        self.count, self.interval = count, interval
        self.sockets: list[socket.socket | None] = [None] * count
        self.reopened = 0
        self.samples: list[int] = []

    def _open(self) -> socket.socket | None:
        try:
            sock = _connect(self.port, self.tls, self.host, timeout=2)
            sock.sendall(f"GET /en/ HTTP/1.1\r\nHost: {self.host}\r\n".encode())
            return sock
        except (OSError, ssl.SSLError):
            return None

    def run(self, ready, stop, deadline: float) -> tuple[float, int]:
        """Open every socket, say so (`ready`), then hold them -- a header
        line each per interval, reopening what the server closed -- until
        `stop` is set (or the time.time() `deadline`). Returns the average
        number held while holding, and how many were reopened."""
        for i in range(self.count):
            if time.time() < deadline:
                self.sockets[i] = self._open()
        ready.set()
        line = 0
        while not stop.is_set() and time.time() < deadline:
            tick = time.time()
            for i in range(self.count):
                if stop.is_set():
                    break
                sock = self.sockets[i]
                if sock is not None:
                    try:
                        sock.sendall(f"X-Slow-{line}: {i}\r\n".encode())
                        continue
                    except (OSError, ssl.SSLError):
                        sock.close()
                        self.reopened += 1
                self.sockets[i] = self._open()
            line += 1
            self.samples.append(sum(s is not None for s in self.sockets))
            stop.wait(max(0.0, self.interval - (time.time() - tick)))
        for sock in self.sockets:
            if sock is not None:
                sock.close()
        return (statistics.mean(self.samples) if self.samples else 0.0), self.reopened


def _run_slow_sockets(queue, ready, stop, deadline, port, tls, host, count, interval) -> None:
    raise_open_files_limit(count + 256)
    slow = SlowSockets(port, tls=tls, host=host, count=count, interval=interval)
    queue.put(slow.run(ready, stop, deadline))


def attack(
    port: int,
    paths: list[str],
    *,
    tls: bool = False,
    host: str = "127.0.0.1",
    sockets: int = 200,
    duration: float = 20.0,
    interval: float = 2.0,
    timeout: float = 5.0,
    open_within: float = 120.0,
) -> Result:
    """Open `sockets` slow connections (within `open_within` seconds), then
    hold them for `duration` seconds while one client fetches `paths` in
    turn. Every loop is bounded in time."""
    context = multiprocessing.get_context("spawn")
    queue, ready, stop = context.Queue(), context.Event(), context.Event()
    deadline = time.time() + open_within + duration + 30
    slow = context.Process(
        target=_run_slow_sockets,
        args=(queue, ready, stop, deadline, port, tls, host, sockets, interval),
        daemon=True,
    )
    slow.start()
    try:
        ready.wait(open_within)
        attempts = served = 0
        latencies: list[float] = []
        end = time.monotonic() + duration
        while time.monotonic() < end:
            began = time.monotonic()
            status = fetch(port, paths[attempts % len(paths)], tls=tls, host=host,
                           timeout=timeout)
            took = time.monotonic() - began
            attempts += 1
            if status == 200:
                served += 1
                latencies.append(took)
            time.sleep(0.05)  # a reader, not a load generator
    finally:
        stop.set()
    held, reopened = queue.get(timeout=60)
    slow.join(timeout=10)
    return Result(attempts, served, latencies, held, reopened)


def main() -> None:
    import tempfile
    from pathlib import Path

    from app import create_app
    from app.delivery.nginx import site_conf_for
    from bench.load import site_paths
    from harness.gunicorn import gunicorn_server
    from harness.nginx import run_nginx

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--duration", type=float, default=20.0)
    args = parser.parse_args()
    paths = [p for p in site_paths() if p != "/"]
    app = create_app({"TESTING": True})
    with tempfile.TemporaryDirectory() as tmp, gunicorn_server() as app_url:
        port = int(app_url.rsplit(":", 1)[1])
        print(f"gunicorn alone, {args.sockets} slow sockets for {args.duration:.0f} s:")
        print("  ", attack(port, paths, sockets=args.sockets, duration=args.duration))
        conf = lambda listen: site_conf_for(  # noqa: E731
            app, upstream=app_url, listen=listen, error_log=Path(tmp) / "error.log")
        with run_nginx(conf, workers=2) as nginx:
            print("nginx in front of gunicorn:")
            print("  ", attack(nginx.port, paths, sockets=args.sockets, duration=args.duration))


if __name__ == "__main__":
    main()
