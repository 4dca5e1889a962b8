"""gunicorn with the repo's gunicorn.conf.py on a free loopback port, as it
is deployed: the hardening tests and the load benchmark both start it here,
so the limits the tests check are the ones the benchmark is served with."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "gunicorn.conf.py"


@contextmanager
def gunicorn_server(
    log_path: Path | None = None,
    extra_args: tuple[str, ...] = (),
    *,
    app_spec: str = "app:create_app()",
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    probe: str = "/en/",
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
    command += [*extra_args, app_spec]
    env = {
        **(env if env is not None else os.environ),
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    log_file = open(log_path or os.devnull, "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        pass_fds=[listener.fileno()],
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    listener.close()
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, process, log_path, probe)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log_file.close()


def wait_until_serving(
    base_url: str, process: subprocess.Popen, log_path: Path | None, probe: str = "/en/"
) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log_path.read_text(errors="replace") if log_path else ""
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(base_url + probe, timeout=2) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError:
            return  # answering: a 400 for a Host outside HIKAYA_TRUSTED_HOSTS
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer on {base_url} within 30 s")
