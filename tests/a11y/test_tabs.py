"""One Chromium, started without chromedriver, with a tab per job
(browser.Chromium): axe-core is in every page a tab loads before the tool
asks for it, every tab behaves as a focused window for a keyboard user, and
quitting leaves no process of the browser behind; one that cannot start
says so."""

from __future__ import annotations

import os

import click
import pytest

from app.a11y import axe, checks
from app.browser import Chromium, navigate

pytestmark = pytest.mark.browser


@pytest.fixture
def browser():
    chromium = Chromium()
    yield chromium
    chromium.quit()


def test_every_tab_has_axe_in_each_new_page_without_injecting_it(canary_server, browser):
    app, base_url = canary_server
    tabs = [browser.tab(), browser.tab()]
    for tab in tabs:
        axe.preload(tab)
    for tab in tabs:
        for page in ("/en/canary/defects/", "/ar/canary/wrong-lang/"):
            navigate(tab, base_url + page)
            assert checks.evaluate(tab, "return typeof axe === 'object' && !!axe.run")


def test_every_tab_shows_keyboard_focus_as_a_focused_window_does(canary_server, browser):
    app, base_url = canary_server
    tabs = [browser.tab(), browser.tab()]
    for tab in tabs:
        navigate(tab, base_url + "/en/canary/defects/")
    for tab in tabs:  # the second tab opened last, yet the first still has focus
        checks.press(tab, "Tab")
        assert checks.evaluate(tab, (
            "return document.hasFocus() && document.activeElement !== document.body"
            " && document.activeElement.matches(':focus-visible')"))


def test_quitting_leaves_no_process_of_the_browser():
    chromium = Chromium()
    chromium.tab()
    chromium.quit()
    assert not living(group=chromium.process.pid)
    assert not chromium.profile.exists()


def living(group: int) -> list[int]:
    """The processes of a process group that still run (its killed ones may
    stay zombies a moment, until init reaps them)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:  # ended while listed
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(pid))
    return found


@pytest.mark.parametrize(("binary", "says"), [
    ("/no/such/chromium", "cannot start Chromium /no/such/chromium: .*No such file"),
    ("/bin/false", "Chromium /bin/false did not start \\(exit status 1\\)"),
])
def test_a_browser_that_cannot_start_is_a_clear_error(binary, says):
    with pytest.raises(click.ClickException, match=says):
        Chromium(binary)
