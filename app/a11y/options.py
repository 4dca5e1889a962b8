"""The command-line options that choose the browser, shared by every command
that drives Debian's Chromium (`flask a11y`, `flask freeze --pdf`), so both
say the same thing. Only click here: importing it never imports Selenium."""

from __future__ import annotations

from collections.abc import Callable

import click


def browser_options(command: Callable) -> Callable:
    """Add --chromium and --chromedriver (both default to $CHROMIUM and
    $CHROMEDRIVER, then Debian's paths, in app/a11y/browser.py)."""
    command = click.option(
        "--chromedriver",
        default=None,
        help="chromedriver binary (default: $CHROMEDRIVER or /usr/bin/chromedriver).",
    )(command)
    return click.option(
        "--chromium",
        default=None,
        help="Chromium binary (default: $CHROMIUM or /usr/bin/chromium).",
    )(command)
