"""Run Debian's nginx on a free loopback port, as any user, for tests and
benchmarks: with a minimal nginx.conf of our own (run_nginx, serve_frozen,
which live with `flask a11y --freeze` in app/a11y/nginx.py), or with
Debian's own configuration laid out as installed (DebianNginx).

    from harness.nginx import serve_frozen
    with serve_frozen(app, site_dir) as nginx:
        urllib.request.urlopen(nginx.base_url + "/ar/")
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from app.a11y.nginx import NGINX, Nginx, _stop, free_port, run_nginx, serve_frozen

__all__ = ["NGINX", "DebianNginx", "Nginx", "free_port", "run_nginx", "serve_frozen"]

# --- Debian's configuration, as installed ------------------------------------------

DEBIAN_ETC = Path(os.environ.get("NGINX_ETC", "/etc/nginx"))
DEBIAN_MODULES = Path("/usr/share/nginx/modules")


@dataclass
class DebianNginx:
    """Debian's /etc/nginx copied under `prefix` (nginx.conf including
    conf.d/*.conf and sites-enabled/*, sites-enabled/default listening on
    `default_port` instead of 80), so an installation can be done in it as
    on a real machine and Debian's nginx run on it with `nginx -p`.

    Only what cannot be the same on a test machine is changed: absolute
    paths (/etc/nginx, /var/log/nginx, /run) point into the prefix, the
    default site listens on a free loopback port instead of port 80 (IPv6
    dropped), workers run as this user instead of www-data (which cannot
    read a private temporary folder), and nginx's scratch folders are in
    the prefix (conf.d/zz-test-temp-paths.conf). The logging, the includes
    and the default site are Debian's."""

    prefix: Path
    default_port: int
    process: subprocess.Popen | None = None

    @property
    def etc(self) -> Path:
        return self.prefix / "etc" / "nginx"

    @property
    def logs(self) -> Path:
        return self.prefix / "var" / "log" / "nginx"

    @property
    def conf(self) -> Path:
        return self.etc / "nginx.conf"

    def command(self, *args: str) -> list[str]:
        return [NGINX, "-p", f"{self.prefix}/", "-c", str(self.conf),
                "-e", str(self.logs / "error.log"), *args]

    def lay_out(self) -> DebianNginx:
        shutil.copytree(DEBIAN_ETC, self.etc, symlinks=True)
        # sites-enabled/default -> /etc/nginx/sites-available/default: the
        # copy's links point into the copy.
        for link in self.etc.rglob("*"):
            if link.is_symlink():
                target = os.readlink(link)
                if target.startswith(f"{DEBIAN_ETC}/"):
                    link.unlink()
                    link.symlink_to(self.etc / Path(target).relative_to(DEBIAN_ETC))
        for folder in (self.logs, self.prefix / "run", self.prefix / "tmp"):
            folder.mkdir(parents=True, exist_ok=True)
        if DEBIAN_MODULES.exists():  # load_module paths are relative to the prefix
            (self.prefix / "modules").symlink_to(DEBIAN_MODULES.resolve())
        self._rewrite(self.conf)
        default = self.etc / "sites-available" / "default"
        if default.exists():
            self._rewrite(default)
        temp = "\n".join(
            f"{kind}_temp_path {self.prefix / 'tmp' / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.etc / "conf.d" / "zz-test-temp-paths.conf").write_text(temp + "\n")
        return self

    def _rewrite(self, path: Path) -> None:
        text = path.read_text()
        for absolute in ("/etc/nginx", "/var/log/nginx", "/run/nginx.pid"):
            text = text.replace(absolute, f"{self.prefix}{absolute}")
        user = pwd.getpwuid(os.geteuid()).pw_name
        text = re.sub(r"(?m)^user\s+[^;]+;", f"user {user};" if os.geteuid() == 0 else "", text)
        text = re.sub(r"(?m)^(\s*listen\s+)80(\s)", rf"\g<1>127.0.0.1:{self.default_port}\2", text)
        text = re.sub(r"(?m)^(\s*)(listen\s+\[::\]:80\b.*)$", r"\1# \2", text)
        path.write_text(text)

    def check(self) -> subprocess.CompletedProcess:
        """`nginx -t`: the configuration as installed is accepted."""
        return subprocess.run(self.command("-t"), capture_output=True, text=True)

    @property
    def stderr_log(self) -> Path:
        """nginx's standard error, which `error_log stderr` writes to (the
        journal under systemd), kept with the other logs."""
        return self.logs / "stderr.log"

    def start(self, ports: list[int], timeout: float = 10) -> None:
        with self.stderr_log.open("ab") as stderr:
            self.process = subprocess.Popen(
                self.command("-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=stderr,
            )
        deadline = time.monotonic() + timeout
        for port in ports:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"nginx exited: {self.stderr_log.read_text()}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        self.stop()
                        raise RuntimeError(f"nginx did not listen on port {port}") from None
                    time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
            self.process = None

    def log_lines(self) -> dict[str, list[str]]:
        """Every line of every file nginx wrote in its log folder."""
        return {
            str(path.relative_to(self.prefix)): path.read_text(errors="replace").splitlines()
            for path in sorted(self.logs.rglob("*")) if path.is_file()
        }
