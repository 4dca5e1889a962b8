"""The production set-ups as docs/operators.md installs them, on Debian's own nginx
configuration (harness/nginx.py's DebianNginx: a copy of /etc/nginx in a
temporary prefix, run with `nginx -p`): gunicorn behind nginx over TLS, and
the frozen site behind nginx. Its recipe blocks are run as they
are written, with only the paths and ports of this machine put in."""

from __future__ import annotations

import re
import shlex
import socket
import ssl
import subprocess
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app import create_app
from app.delivery.freeze import freeze_site
from harness.gunicorn import gunicorn_server
from harness.nginx import DebianNginx, free_port

from ..support import LOCALES, build_environment

ROOT = Path(__file__).resolve().parents[2]
RECIPES = ROOT / "docs" / "operators.md"
SITE_NAME = "syria.example.org"
SITE_URL = f"https://{SITE_NAME}"
# The reader, as far as the servers can tell: a loopback address of its own,
# so a log line naming it cannot be the server's own address.
READER_ADDRESS = "127.0.0.77"


def recipe(name: str) -> str:
    """The shell block after `<!-- recipe: NAME -->` in docs/operators.md."""
    text = RECIPES.read_text(encoding="utf-8")
    marker = rf"<!-- recipe: {re.escape(name)} -->\s*\n"
    match = re.search(marker + r"(?P<indent>[ \t]*)```sh\n(?P<body>.*?)\n[ \t]*```", text, re.S)
    assert match, f"{RECIPES.name} has no recipe {name!r}"
    return textwrap.dedent(match.group("indent") + match.group("body"))


def run_recipe(name: str, nginx: DebianNginx, substitutions: dict[str, str]) -> str:
    """Run a recipe of docs/operators.md on `nginx`'s prefix. Every substitution must find
    its text, so the docs cannot drift from what is tested."""
    script = recipe(name)
    substitutions = {
        "/etc/nginx/": f"{nginx.etc}/",
        "nginx -t && sudo systemctl reload nginx": shlex.join(nginx.command("-t")),
        **substitutions,
    }
    for old, new in substitutions.items():
        assert old in script, f"recipe {name!r} no longer has {old!r}"
        script = script.replace(old, new)
    script = script.replace("sudo ", "")
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, f"{script}\n{result.stdout}\n{result.stderr}"
    return script


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        # ECDSA P-256, as Let's Encrypt issues by default: its handshakes are
        # cheap, so the slow-client test measures nginx, not RSA signing.
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2",
         "-subj", f"/CN={SITE_NAME}", "-addext", f"subjectAltName=DNS:{SITE_NAME}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


@dataclass
class Installed:
    nginx: DebianNginx
    port: int  # where readers are served (HTTPS for the dynamic site)
    http_port: int  # plain HTTP (redirects only, for the dynamic site)
    tls: bool
    gunicorn_log: Path | None = None
    script: str = ""
    extra: dict = field(default_factory=dict)

    def log_lines(self) -> dict[str, list[str]]:
        lines = self.nginx.log_lines()
        if self.gunicorn_log is not None:
            lines["gunicorn"] = self.gunicorn_log.read_text(errors="replace").splitlines()
        return lines


def gunicorn_env() -> dict[str, str]:
    """The environment the docs' gunicorn recipe sets."""
    line = recipe("gunicorn")
    env = dict(re.findall(r"(HIKAYA_[A-Z_]+)=(\S+)", line))
    assert env == {"HIKAYA_SITE_URL": SITE_URL, "HIKAYA_TRUSTED_HOSTS": SITE_NAME}, env
    assert "gunicorn -c gunicorn.conf.py" in line
    return env


@pytest.fixture(scope="session")
def upstream_site(tmp_path_factory, tls_files) -> Iterator[Installed]:
    """gunicorn as docs/operators.md runs it, and nginx in front as it installs it."""
    prefix = tmp_path_factory.mktemp("debian-upstream")
    log = prefix / "gunicorn.log"
    cert, key = tls_files
    with gunicorn_server(log, env={**build_environment(), **gunicorn_env()}) as app_url:
        nginx = DebianNginx(prefix, free_port()).lay_out()
        https_port, http_port = free_port(), free_port()
        script = run_recipe("debian-upstream", nginx, {
            "http://127.0.0.1:8000": app_url,
            '--listen "443 ssl"': f'--listen "127.0.0.1:{https_port} ssl"',
            "--http-listen 80": f"--http-listen 127.0.0.1:{http_port}",
            f"/etc/letsencrypt/live/{SITE_NAME}/fullchain.pem": str(cert),
            f"/etc/letsencrypt/live/{SITE_NAME}/privkey.pem": str(key),
        })
        nginx.start([https_port, http_port])
        try:
            yield Installed(nginx, https_port, http_port, True, log, script)
        finally:
            nginx.stop()


@pytest.fixture(scope="session")
def frozen_site_dir(tmp_path_factory) -> Path:
    app = create_app({"TESTING": True, "LOCALES": LOCALES, "SITE_URL": SITE_URL})
    return freeze_site(app, tmp_path_factory.mktemp("debian-freeze") / "site").out


@pytest.fixture(scope="session")
def frozen_site(tmp_path_factory, frozen_site_dir) -> Iterator[Installed]:
    prefix = tmp_path_factory.mktemp("debian-frozen")
    nginx = DebianNginx(prefix, free_port()).lay_out()
    port = free_port()
    script = run_recipe("debian-frozen", nginx, {
        "/srv/hikaya/site": str(frozen_site_dir),
        "--listen 80": f"--listen 127.0.0.1:{port}",
    })
    nginx.start([port])
    try:
        yield Installed(nginx, port, port, False, None, script)
    finally:
        nginx.stop()


def connect(port: int, *, tls: bool, source: str = READER_ADDRESS, timeout: float = 10):
    """A socket to the site on loopback, from `source`, over TLS if asked."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    if tls:
        sock = TLS_CLIENT.wrap_socket(sock, server_hostname=SITE_NAME)
    return sock


# The test certificate is not verified; one context for every connection.
TLS_CLIENT = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
TLS_CLIENT.check_hostname = False
TLS_CLIENT.verify_mode = ssl.CERT_NONE


def exchange(port: int, data: bytes, *, tls: bool, timeout: float = 10) -> bytes:
    """Send raw bytes, return everything the server answers before it closes
    or falls silent."""
    try:
        sock = connect(port, tls=tls, timeout=timeout)
    except (ssl.SSLError, ConnectionError) as exc:
        return f"[{type(exc).__name__}]".encode()
    chunks = []
    with sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError, ssl.SSLError, OSError):
            pass
    return b"".join(chunks)


def request(method: str, path: str, headers: dict[str, str] | None = None,
            host: str = SITE_NAME) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}",
             *(f"{k}: {v}" for k, v in (headers or {}).items()), "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def parse(response: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    return status, headers, body


def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
