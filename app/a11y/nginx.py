"""A frozen site served by Debian's nginx on a free loopback port, as any
user, for `flask a11y --freeze` (and the tests' harness/nginx.py): with a
minimal nginx.conf of our own around the site's real server configuration
(app/delivery/nginx.py), only the listen address differs.

Everything nginx writes (pid, error log, temp files) goes to a private
prefix folder; nginx runs in the foreground (`daemon off`) as this process's
child and is stopped when the `with` block ends.

    with serve_frozen(app, site_dir) as nginx:
        urllib.request.urlopen(nginx.base_url + "/ar/")
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from ..delivery.nginx import site_conf_for

NGINX = os.environ.get("NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
MIME_TYPES = os.environ.get("NGINX_MIME_TYPES", "/etc/nginx/mime.types")


@dataclass(frozen=True)
class Nginx:
    base_url: str  # http://127.0.0.1:PORT
    port: int
    prefix: Path  # holds nginx.conf, site.conf, error.log
    process: subprocess.Popen

    @property
    def error_log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def main_conf(prefix: Path, site_conf: Path, workers: int = 1) -> str:
    """A top-level nginx.conf like Debian's, with every path in `prefix`."""
    user = ""
    if os.geteuid() == 0:
        # As root, workers would switch to `nobody` and could not read a
        # private temporary folder; keep them as the current user instead.
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / ('tmp-' + kind)};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""\
{user}
daemon off;
master_process on;
worker_processes {workers};
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} warn;
events {{
    worker_connections 1024;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include {MIME_TYPES};
    default_type application/octet-stream;
    access_log off;
{temp}
    include {site_conf};
}}
"""


@contextmanager
def run_nginx(
    http_conf: Callable[[str], str], *, workers: int = 1, host: str = "127.0.0.1"
) -> Iterator[Nginx]:
    """Start nginx with `http_conf(listen)` inside http {}; yield it running.

    A port taken between choosing it and nginx binding it is retried."""
    with tempfile.TemporaryDirectory(prefix="hikaya-nginx-") as tmp:
        prefix = Path(tmp)
        for attempt in range(5):
            port = free_port(host)
            site_conf = prefix / "site.conf"
            site_conf.write_text(http_conf(f"{host}:{port}"))
            conf = prefix / "nginx.conf"
            conf.write_text(main_conf(prefix, site_conf, workers))
            process = subprocess.Popen(
                [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            server = Nginx(f"http://{host}:{port}", port, prefix, process)
            try:
                _wait_until_listening(server, host)
            except _PortTaken:
                if attempt == 4:
                    raise
                continue
            try:
                yield server
            finally:
                _stop(process)
            return


class _PortTaken(RuntimeError):
    pass


def _wait_until_listening(server: Nginx, host: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            stderr = server.process.stderr.read().decode(errors="replace")
            message = f"nginx exited with {server.process.returncode}:\n{stderr}{server.error_log}"
            if "Address already in use" in message:
                raise _PortTaken(message)
            raise RuntimeError(message)
        try:
            with socket.create_connection((host, server.port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    _stop(server.process)
    raise RuntimeError(f"nginx did not listen on {server.base_url}:\n{server.error_log}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGQUIT)  # graceful: finish open requests
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stderr:
        process.stderr.close()


@contextmanager
def serve_frozen(app: Flask, root: str | Path, *, workers: int = 1) -> Iterator[Nginx]:
    """Serve the frozen site at `root` with the configuration `app` generates."""
    root = Path(root).resolve()
    with run_nginx(lambda listen: site_conf_for(app, root, listen=listen), workers=workers) as n:
        yield n
