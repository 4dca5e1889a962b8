"""The Mozilla HTTP Observatory's grade for nginx in front of gunicorn over TLS,
as docs/operators.md installs them, measured with the Observatory's own scanner
(PyPI `httpobs`, which runs locally).

httpobs is not a dependency of the project: install it in a throwaway venv
(its pins are old; its code runs with current versions), then run this as
root inside a private network namespace, so that ports 80 and 443 are the
real ones without touching the machine's:

    python3 -m venv /tmp/httpobs && /tmp/httpobs/bin/pip install --no-deps httpobs==0.9.3 \
        && /tmp/httpobs/bin/pip install requests beautifulsoup4 publicsuffixlist celery
    sudo unshare -n sh -c 'ip link set lo up && \
        HTTPOBS=/tmp/httpobs/bin/httpobs-local-scan .venv/bin/python -m bench.observatory'

The certificate for "localhost" is signed by a throwaway CA that only the
scanner trusts (REQUESTS_CA_BUNDLE), standing in for a public one: with a
self-signed certificate the scanner docks the redirection and HSTS tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.gunicorn import ROOT, gunicorn_server
from harness.nginx import DebianNginx

HTTPOBS = os.environ.get("HTTPOBS", "httpobs-local-scan")


def throwaway_ca(folder: Path) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) for localhost."""
    ca, ca_key = folder / "ca.pem", folder / "ca-key.pem"
    cert, key, csr, ext = (folder / n for n in ("cert.pem", "key.pem", "req.csr", "ext.cnf"))

    def run(*args: str) -> None:
        subprocess.run(args, check=True, capture_output=True)

    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=Throwaway test CA", "-keyout", str(ca_key), "-out", str(ca))
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", str(key), "-out", str(csr))
    ext.write_text("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
                   "extendedKeyUsage=serverAuth\n")
    run("openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key),
        "-CAcreateserial", "-days", "2", "-extfile", str(ext), "-out", str(cert))
    return ca, cert, key


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="hikaya-observatory-"))
    ca, cert, key = throwaway_ca(tmp)
    env = {"HIKAYA_SITE_URL": "https://localhost", "HIKAYA_TRUSTED_HOSTS": "localhost"}
    with gunicorn_server(tmp / "gunicorn.log", env=env) as app_url:
        nginx = DebianNginx(tmp / "prefix", 8080).lay_out()
        (nginx.etc / "sites-enabled" / "default").unlink(missing_ok=True)
        conf = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", "nginx-config",
             "--upstream", app_url, "--server-name", "localhost",
             "--listen", "443 ssl", "--http-listen", "80",
             "--tls-certificate", str(cert), "--tls-key", str(key),
             "--error-log", str(nginx.logs / "error.log")],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout
        (nginx.etc / "sites-available" / "hikaya").write_text(conf)
        (nginx.etc / "sites-enabled" / "hikaya").symlink_to("../sites-available/hikaya")
        nginx.start([443, 80])
        try:
            for path in ("/", "/ar/stories/"):
                print(f"== {HTTPOBS} localhost --path {path}", flush=True)
                subprocess.run(
                    [HTTPOBS, "--format", "report", "--path", path, "localhost"],
                    env={**os.environ, "REQUESTS_CA_BUNDLE": str(ca)}, timeout=120,
                )
        finally:
            nginx.stop()


if __name__ == "__main__":
    main()
