"""A frozen site served by Debian's nginx on a free loopback port, as any user
(`flask a11y --freeze`, harness/nginx.py): templates/nginx.conf around the site's
own server configuration, in a private prefix, nginx a child until the `with` ends."""

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


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def main_conf(prefix: Path, workers: int = 1) -> str:
    """templates/nginx.conf, around prefix/site.conf."""
    from .report import environment

    user = ""
    if os.geteuid() == 0:
        user = f"{pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name}"
    return environment().get_template("nginx.conf").render(
        user=user, workers=workers, prefix=prefix, mime_types=MIME_TYPES)


@contextmanager
def run_nginx(
    http_conf: Callable[[str], str], *, workers: int = 1, host: str = "127.0.0.1"
) -> Iterator[Nginx]:
    """Start nginx with `http_conf(listen)` inside http {}; yield it running.
    A port taken between choosing it and nginx binding it is retried."""
    with tempfile.TemporaryDirectory(prefix="hikaya-nginx-") as tmp:
        prefix = Path(tmp)
        conf, log = prefix / "nginx.conf", prefix / "error.log"
        conf.write_text(main_conf(prefix, workers))
        for attempt in range(5):
            port = free_port(host)
            (prefix / "site.conf").write_text(http_conf(f"{host}:{port}"))
            process = subprocess.Popen([NGINX, "-p", tmp, "-c", str(conf), "-e", str(log)],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            problem = _wait_until_listening(process, host, port, log)
            if problem is None:
                break
            if "Address already in use" not in problem or attempt == 4:
                raise RuntimeError(problem)
        try:
            yield Nginx(f"http://{host}:{port}", port)
        finally:
            _stop(process)


def _wait_until_listening(process, host: str, port: int, log: Path, timeout: float = 10):
    """None once nginx listens, else what went wrong."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read().decode(errors="replace")
            return f"nginx exited with {process.returncode}:\n{stderr}{_read(log)}"
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return None
        except OSError:
            time.sleep(0.05)
    _stop(process)
    return f"nginx did not listen on {host}:{port}:\n{_read(log)}"


def _read(log: Path) -> str:
    return log.read_text(errors="replace") if log.exists() else ""


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
