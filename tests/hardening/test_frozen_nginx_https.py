"""The frozen site behind nginx over HTTPS: what only HTTPS changes. HSTS is
sent (and only here, see test_frozen_nginx.py), and the language cookie is
Secure. A throwaway self-signed certificate stands in for a real one."""

from __future__ import annotations

import subprocess

import pytest

from app import create_app
from app.delivery.nginx import site_conf_for
from app.delivery.security import HTTPS_HEADERS
from harness.nginx import free_port, run_nginx

from ..support import LOCALES, fetch, missing_security_headers


@pytest.fixture(scope="module")
def https_url(tmp_path_factory, frozen):
    tmp = tmp_path_factory.mktemp("https")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    app = create_app({"LOCALES": LOCALES})
    site = frozen.site

    def conf(listen: str) -> str:
        # The generated config with TLS; plain HTTP (which only redirects)
        # on another free port.
        return site_conf_for(
            app, site, listen=f"{listen} ssl", server_name="hikaya.test",
            tls_certificate=cert, tls_key=key, http_listen=f"127.0.0.1:{free_port()}",
            error_log=tmp / "error.log",
        )

    with run_nginx(conf) as nginx:
        yield f"https://127.0.0.1:{nginx.port}"


@pytest.mark.parametrize("path", ["/en/", "/ar/programs/syria/", "/tr/stories/", "/"])
def test_https_responses_carry_hsts(https_url, path):
    response = fetch(https_url, path)
    assert response.status in (200, 302)
    headers = response.headers
    assert missing_security_headers(headers) == {}
    for name, value in HTTPS_HEADERS.items():
        assert headers.get(name) == value


def test_language_cookie_is_secure_over_https(https_url):
    response = fetch(https_url, "/ar/?chosen=1")
    assert response.status == 303
    attributes = [part.strip() for part in response.getheader("Set-Cookie").split(";")]
    assert attributes[0] == "hikaya_lang=ar"
    assert "Secure" in attributes and "HttpOnly" in attributes and "SameSite=Lax" in attributes

