"""Links never carry a forged Host. Production without HIKAYA_SITE_URL answers
only the host names it knows -- HIKAYA_TRUSTED_HOSTS, else this machine's
loopback names -- and refuses any other Host with 400 (docs/operators.md: "Host
names"); with SITE_URL, links are written from it whatever Host says."""

from __future__ import annotations

import logging

import pytest

from app import create_app

from ..support import LOCALES, fetch, raw_request, soup
from .hostile import EVIL_HOST

LINKED = ["/ar/stories/", "/sitemap.xml", "/en/no-such-page/"]


def production(**config):
    return create_app({"LOCALES": LOCALES, **config})


@pytest.mark.parametrize("path", LINKED)
def test_production_without_site_url_refuses_an_unknown_host(path, caplog):
    client = production().test_client()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            response = client.get(path, headers={"Host": EVIL_HOST})
            assert response.status_code == 400
            assert EVIL_HOST.encode() not in response.get_data()
    told = [r for r in caplog.records if "HIKAYA_SITE_URL" in r.getMessage()]
    assert len(told) == 1, "the operator is told once what to set"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost", "localhost:5000"])
def test_production_without_site_url_answers_loopback(host):
    response = production().test_client().get("/ar/stories/", headers={"Host": host})
    assert response.status_code == 200
    canonical = soup(response).find("link", rel="canonical")["href"]
    assert canonical == f"http://{host.lower()}/ar/stories/"


@pytest.mark.parametrize("path", LINKED)
def test_site_url_writes_every_link_whatever_the_host(path):
    client = production(SITE_URL="https://syria.example.org").test_client()
    response = client.get(path, headers={"Host": EVIL_HOST})
    assert response.status_code in (200, 404)
    body = response.get_data(as_text=True)
    assert EVIL_HOST not in body
    if path != "/en/no-such-page/":
        assert "https://syria.example.org/ar/stories/" in body


def test_trusted_hosts_answer_their_names_only():
    app = production(TRUSTED_HOSTS=["syria.example.org"])
    client = app.test_client()
    assert client.get("/en/", headers={"Host": "syria.example.org"}).status_code == 200
    assert client.get("/en/", headers={"Host": EVIL_HOST}).status_code == 400
    assert client.get("/en/", headers={"Host": "127.0.0.1"}).status_code == 400


def test_development_answers_any_host():
    client = create_app({"TESTING": True, "LOCALES": LOCALES}).test_client()
    assert client.get("/en/", headers={"Host": "phone.lan:5000"}).status_code == 200


def test_gunicorn_as_deployed_refuses_a_forged_host(gunicorn_url):
    request = b"GET /ar/stories/ HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
    status, response = raw_request(gunicorn_url, request % EVIL_HOST.encode())
    assert status == 400
    assert EVIL_HOST.encode() not in response
    assert fetch(gunicorn_url, "/ar/stories/")[0] == 200
