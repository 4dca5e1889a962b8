"""gunicorn with the repo's gunicorn.conf.py, as deployed: pages are served
compressed, and readers' requests and addresses stay out of the logs."""

from __future__ import annotations

import brotli

from harness.gunicorn import gunicorn_server

from ..support import fetch

COMPRESSED = {"Accept-Encoding": "br, gzip"}


def test_gunicorn_serves_compressed_pages_and_logs_no_reader(tmp_path):
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(log) as base_url:
        response = fetch(base_url, "/ar/join/", COMPRESSED)
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "br"
        assert "dir=\"rtl\"" in brotli.decompress(response.body).decode()
    text = log.read_text()
    assert "Booting worker" in text, "the log is there and written"
    assert "/ar/join/" not in text, "no access log by default"


def test_opt_in_access_log_leaves_out_the_address(tmp_path, monkeypatch):
    monkeypatch.setenv("HIKAYA_ACCESS_LOG", "1")
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(log) as base_url:
        assert fetch(base_url, "/tr/stories/", COMPRESSED).status == 200
    lines = [line for line in log.read_text().splitlines() if "/tr/stories/" in line]
    assert lines, "with HIKAYA_ACCESS_LOG=1 requests are logged"
    for line in lines:
        assert "127.0.0.1" not in line and " 200 " in line
