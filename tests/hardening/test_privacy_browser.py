"""Privacy in a real browser: every request each page makes, in every
language, goes to the site's own origin, and the browser holds no cookie
until the reader picks a language in the switcher. One Chromium serves the
whole session (conftest.browser)."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from ..support import LOCALES, PAGE_PARAMS

pytestmark = pytest.mark.browser


def network_events(driver) -> list[dict]:
    """The DevTools Network events logged since the last call."""
    events = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"].startswith("Network."):
            events.append(message)
    return events


def settle(driver, quiet: float = 0.4, limit: float = 5) -> list[dict]:
    """Scroll to the end (so lazy images load) and collect events until the
    network has been quiet for a moment."""
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    events, deadline, last = [], time.monotonic() + limit, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - last < quiet:
        new = network_events(driver)
        if new:
            events += new
            last = time.monotonic()
        time.sleep(0.05)
    return events


def requested_urls(events: list[dict]) -> list[str]:
    return [e["params"]["request"]["url"] for e in events
            if e["method"] == "Network.requestWillBeSent"]


def set_cookie_headers(events: list[dict]) -> list[str]:
    found = []
    for event in events:
        if event["method"] == "Network.responseReceivedExtraInfo":
            headers = event["params"]["headers"]
        elif event["method"] == "Network.responseReceived":
            headers = event["params"]["response"]["headers"]
        else:
            continue
        found += [value for name, value in headers.items() if name.lower() == "set-cookie"]
    return found


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def csp_violations(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser")
            if "Content Security Policy" in entry["message"]]


def fresh(driver) -> None:
    """No cookie and no pending log lines from an earlier test."""
    driver.delete_all_cookies()
    network_events(driver)
    driver.get_log("browser")


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_every_request_goes_to_the_sites_own_origin(browser, live_url, lang, path):
    browser.get(live_url + "/sitemap.xml")  # be on the origin, to clear its cookies
    fresh(browser)
    browser.get(live_url + path)
    events = settle(browser)
    urls = requested_urls(events)

    assert live_url + path in urls, "the recording saw the page itself"
    assert any(urlsplit(url).path.endswith(".css") for url in urls), "and its stylesheet"
    elsewhere = [url for url in urls if origin(url) != live_url]
    assert elsewhere == [], f"{path} made requests off the site"
    assert csp_violations(browser) == [], "the policy blocked something the page needs"

    assert set_cookie_headers(events) == [], "a plain visit sets no cookie"
    assert browser.get_cookies() == []
    assert browser.execute_script("return document.cookie") == ""


FETCH = """
const [url, done] = arguments;
fetch(url).then(r => r.text()).then(t => done("ok " + t), e => done("refused " + e));
"""


def test_connections_from_a_page_reach_only_its_own_origin(browser, live_url):
    """connect-src 'self', proven in Chromium: code run in a page (here by
    DevTools, as Lighthouse runs it; the page's own policy allows no script)
    may fetch /robots.txt from the site, and nothing from another origin,
    even the same server under another name."""
    browser.get(live_url + "/ar/")
    fresh(browser)
    browser.set_script_timeout(10)
    own = browser.execute_async_script(FETCH, "/robots.txt")
    assert own.startswith("ok ") and "Sitemap: " in own
    assert csp_violations(browser) == []

    other = live_url.replace("127.0.0.1", "localhost")
    assert other != live_url
    refused = browser.execute_async_script(FETCH, other + "/robots.txt")
    assert refused.startswith("refused ")
    assert any("connect-src" in message for message in csp_violations(browser))


@pytest.mark.parametrize("lang", LOCALES)
def test_no_cookie_until_the_reader_chooses_a_language(browser, live_url, lang):
    browser.get(live_url + "/sitemap.xml")
    fresh(browser)
    # Wandering about, the root redirect included, leaves nothing behind.
    for path in ("/", f"/{lang}/", f"/{lang}/stories/", f"/{lang}/no-such-page/"):
        browser.get(live_url + path)
    browser.get(f"{live_url}/{lang}/programs/syria/")
    events = settle(browser)
    assert set_cookie_headers(events) == []
    assert browser.get_cookies() == []
    assert browser.execute_script("return document.cookie") == ""

    other = next(code for code in LOCALES if code != lang)
    browser.find_element(By.CSS_SELECTOR, f'nav.languages a[hreflang="{other}"]').click()
    WebDriverWait(browser, 10).until(
        lambda d: d.current_url == f"{live_url}/{other}/programs/syria/"
    )
    cookies = browser.get_cookies()
    assert [(c["name"], c["value"]) for c in cookies] == [("hikaya_lang", other)]
    assert cookies[0]["httpOnly"] is True and cookies[0]["sameSite"] == "Lax"
    assert cookies[0]["secure"] is False, "plain HTTP here; Secure comes with HTTPS"
    assert browser.execute_script("return document.cookie") == "", "page scripts cannot read it"

    # The choice is what it is for: the bare address now opens that language.
    browser.get(live_url + "/")
    assert browser.current_url == f"{live_url}/{other}/"


def test_the_recording_sees_what_it_is_meant_to_catch(browser):
    """A page that breaks the rules (an off-site image, an inline style)
    is caught, so the passes above mean something."""
    from jinja2 import ChoiceLoader, DictLoader

    from app import create_app
    from app.browser import serve

    app = create_app({"LOCALES": LOCALES})
    bad = (
        '{% extends "layouts/base.html" %}{% block content %}<h1 style="color:red">x</h1>'
        '<img src="http://192.0.2.1/pixel.gif" alt="" width="1" height="1">{% endblock %}'
    )
    app.jinja_env.loader = ChoiceLoader([DictLoader({"pages/join.html": bad}), app.jinja_loader])
    with serve(app) as base_url:
        browser.get(base_url + "/sitemap.xml")
        fresh(browser)
        browser.get(base_url + "/en/join/")
        settle(browser)
        violations = csp_violations(browser)
    assert any("style" in message for message in violations), violations
    assert any("192.0.2.1" in message for message in violations), violations
