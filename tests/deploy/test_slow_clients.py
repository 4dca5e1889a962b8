"""Slow clients do not take the site down: 200 slow sockets (each sending a
header line every 2 s and never finishing, reopened when nginx lets one go)
held for 20 s against nginx in front of gunicorn (over TLS, as docs/operators.md
installs it) and against nginx over the freeze, while a normal reader
fetches pages one after the other. At least 95% of the reader's requests
are served, and 95% of those in under a second. (gunicorn alone serves
almost none: `python -m bench.slow_clients` shows it.)"""

from __future__ import annotations

import pytest

from bench.slow_clients import attack

from .conftest import SITE_NAME

PATHS = ["/en/", "/ar/", "/tr/", "/ar/stories/", "/en/programs/syria/", "/tr/join/",
         "/ar/stories/elias/", "/sitemap.xml"]


@pytest.mark.parametrize("site", ["upstream_site", "frozen_site"],
                         ids=["nginx in front of gunicorn", "nginx over the freeze"])
def test_a_reader_is_served_beside_200_slow_sockets(request, site):
    installed = request.getfixturevalue(site)
    result = attack(installed.port, PATHS, tls=installed.tls, host=SITE_NAME,
                    sockets=200, duration=20.0)
    print(f"{request.node.callspec.id}: {result}")
    assert result.held >= 190, "the slow sockets were not held"
    assert result.attempts >= 20
    assert result.share >= 0.95, str(result)
    assert result.percentile(95) < 1.0, str(result)
