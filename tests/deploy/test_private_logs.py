"""No server the project ships or documents writes down anything about a
reader: requests carrying marker values in every personal header, and
malformed ones, go through each real server from a loopback address of
their own (127.0.0.77), then every line of every log is searched for that
address and the markers.

Servers: the development server as `scripts/serve.sh` runs it (plain and
--debug), gunicorn with gunicorn.conf.py (as deployed, and with its access
log on at debug level), and nginx as docs/operators.md installs it on Debian's own
configuration, in front of gunicorn over TLS and over the frozen site."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import pytest

from harness.gunicorn import gunicorn_server
from harness.nginx import free_port

from ..support import build_environment
from .conftest import READER_ADDRESS, ROOT, exchange

MARK = "mk5f1c"
FORWARDED = "203.0.113.77"
PERSONAL = {
    "User-Agent": f"Mozilla/5.0 (Linux; Android 9) {MARK}-agent",
    "Cookie": f"hikaya_lang=ar; session={MARK}-cookie",
    "Referer": f"https://search.example/?q={MARK}-referer",
    "Accept-Language": f"ar-SY, x-{MARK}-lang;q=0.5",
    "X-Forwarded-For": FORWARDED,
    "X-Real-IP": FORWARDED,
}
NEEDLES = (READER_ADDRESS, MARK, FORWARDED)


def ask(method: str, target: str, host: str, extra: bytes = b"", body: bytes = b"") -> bytes:
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}",
             *(f"{k}: {v}" for k, v in PERSONAL.items())]
    return ("\r\n".join(lines) + "\r\n").encode() + extra + b"Connection: close\r\n\r\n" + body


def visits(host: str) -> list[bytes]:
    """What readers and attackers send: pages, a miss, a trimmed URL, the
    switcher, and requests each server refuses itself, every one with the
    markers in its headers. (Paths are not markers: the development server
    and gunicorn's optional access log write the request line.)"""
    return [
        ask("GET", "/ar/", host),
        ask("GET", "/", host),
        ask("GET", "/tr/?chosen=1", host),
        ask("GET", "/en/no-such-page/", host),
        ask("GET", "/ar/programs/", host),
        ask("GET", "/static/../app/config.py", host),
        ask("GET", "/en/" + "a" * 9000, host),
        ask("GET", "/en/", host, b"X-Big: " + b"a" * 20_000 + b"\r\n"),
        ask("POST", "/en/", host, b"Content-Length: 5000\r\n", b"a" * 5000),
        ask("GET", "/en/", host, b"Transfer-Encoding: chunked\r\n", b"zz\r\nhello\r\n0\r\n\r\n"),
        ask("GET", "/en/", host, b"Content-Length: -1\r\n"),
        ask("get", "/ar/", host),
        ask("TRACE", "/en/", host),
        ask("GET", "/en/", host, b"Bad Header\r\n"),
        ask("GET", "/en/", "evil.example"),
        b"GET /en/ HTTP/9.9\r\nHost: " + host.encode() + b"\r\nUser-Agent: " + MARK.encode()
        + b"\r\n\r\n",
        b"\x00\xff\xfe garbage\r\nUser-Agent: " + MARK.encode() + b"\r\n\r\n",
        b"GET /\r\nCookie: " + MARK.encode() + b"\r\n\r\n",
    ]


def send_all(port: int, host: str, *, tls: bool = False) -> int:
    """Send every visit; return how many got an HTTP answer."""
    answered = 0
    for data in visits(host):
        answered += exchange(port, data, tls=tls, timeout=5).startswith(b"HTTP/")
    return answered


def found(lines_by_log: dict[str, list[str]]) -> list[str]:
    """Every log line naming the reader's address or a marker. Prints how
    much was searched (pytest -s shows it)."""
    hits = [f"{log}: {line}" for log, lines in lines_by_log.items() for line in lines
            if any(needle in line for needle in NEEDLES)]
    searched = ", ".join(f"{log} {len(lines)}" for log, lines in lines_by_log.items())
    print(f"log lines searched: {searched}; lines naming the reader: {len(hits)}")
    return hits


# --- the development server, as scripts/serve.sh runs it ------------------------


@pytest.mark.parametrize("args", [[], ["--debug"]], ids=["serve.sh", "serve.sh --debug"])
def test_the_development_server_logs_no_reader(tmp_path, args):
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "serve.sh"), *args], cwd=ROOT,
            env={**os.environ, "PORT": str(port), "PYTHONUNBUFFERED": "1"},
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                assert process.poll() is None, log.read_text()
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.2)
            answered = send_all(port, f"127.0.0.1:{port}")
            time.sleep(0.5)
        finally:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    lines = log.read_text(errors="replace").splitlines()
    assert answered >= 15
    # The requests were logged (this is not an empty log passing)...
    assert sum('"GET /ar/ HTTP/1.1" 200' in line for line in lines) == 1, lines
    # ...and nothing about who sent them.
    assert found({"serve.sh": lines}) == []


# --- gunicorn, as gunicorn.conf.py runs it ----------------------------------------


@pytest.mark.parametrize(
    "env",
    [{}, {"HIKAYA_ACCESS_LOG": "1", "HIKAYA_LOG_LEVEL": "debug"}],
    ids=["as deployed", "access log at debug level"],
)
def test_gunicorn_logs_no_reader(tmp_path, env):
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(log, env={**build_environment(), **env}) as url:
        port = int(url.rsplit(":", 1)[1])
        answered = send_all(port, f"127.0.0.1:{port}")
        time.sleep(0.5)
    lines = log.read_text(errors="replace").splitlines()
    assert answered >= 15
    # gunicorn does log the malformed requests, by kind only.
    assert any("refused a malformed request" in line for line in lines), lines
    if env:
        assert sum('"GET /ar/ HTTP/1.1" 200' in line for line in lines) == 1, lines
    assert found({"gunicorn": lines}) == []


# --- nginx as docs/operators.md installs it on Debian -----------------------


def tls_noise(port: int) -> None:
    """Handshakes nginx dislikes: plain HTTP to the TLS port, garbage, a
    client hello cut short, an old protocol only."""
    for data in (b"GET /ar/ HTTP/1.1\r\nHost: x\r\nUser-Agent: " + MARK.encode() + b"\r\n\r\n",
                 b"\x16\x03\x01\x00\x05" + b"\x01\x00\x00\x01\x00",
                 b"\x16\x03\x03" + os.urandom(200)):
        exchange(port, data, tls=False, timeout=3)
    subprocess.run(
        ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-tls1", "-bind",
         f"{READER_ADDRESS}:0"],
        input=b"", capture_output=True, timeout=10,
    )


def test_nginx_in_front_of_gunicorn_logs_no_reader(upstream_site):
    answered = send_all(upstream_site.port, "syria.example.org", tls=True)
    answered += send_all(upstream_site.http_port, "syria.example.org")
    tls_noise(upstream_site.port)
    time.sleep(0.5)
    logs = upstream_site.log_lines()
    assert answered >= 30
    assert {"var/log/nginx/access.log", "var/log/nginx/error.log", "var/log/nginx/stderr.log",
            "gunicorn"} <= set(logs)
    assert found(logs) == []


def test_nginx_over_the_freeze_logs_no_reader(frozen_site):
    answered = send_all(frozen_site.port, "syria.example.org")
    time.sleep(0.5)
    logs = frozen_site.log_lines()
    assert answered >= 15
    assert {"var/log/nginx/access.log", "var/log/nginx/error.log",
            "var/log/nginx/stderr.log"} <= set(logs)
    assert found(logs) == []


def test_the_search_would_find_an_address(tmp_path):
    """The search is not blind: Debian's default site, as shipped, logs the
    reader's address and markers for the same requests."""
    from harness.nginx import DebianNginx

    nginx = DebianNginx(tmp_path / "prefix", free_port()).lay_out()
    nginx.start([nginx.default_port])
    try:
        send_all(nginx.default_port, "127.0.0.1")
        time.sleep(0.5)
    finally:
        nginx.stop()
    hits = found(nginx.log_lines())
    assert any(READER_ADDRESS in hit and "access.log" in hit for hit in hits)
    assert any(MARK in hit for hit in hits)
