"""Debian's Chromium, driven through Selenium 4, for the accessibility tool,
the privacy check and screenshots.

The driver path is given explicitly so Selenium Manager never tries to
download a driver (there is no network for it here, and none should be
needed). Paths can be overridden with CHROMIUM and CHROMEDRIVER.
"""

from __future__ import annotations

import os
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")

# Flags that keep headless Chromium quiet on a machine with no network: no
# background fetches, updates or sync, and /tmp instead of a small /dev/shm.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def start_chromium(
    width: int = 1280,
    height: int = 900,
    *,
    chromium: str | None = None,
    chromedriver: str | None = None,
    performance_log: bool = False,
) -> webdriver.Chrome:
    """A headless Chromium window of the given CSS size. With performance_log,
    every network request can be read back from driver.get_log("performance")."""
    options = webdriver.ChromeOptions()
    options.binary_location = chromium or CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='hikaya-chromium-')}")
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver or CHROMEDRIVER))
    set_viewport(driver, width, height)
    return driver


def set_viewport(
    driver: webdriver.Chrome, width: int, height: int, *, mobile: bool | None = None
) -> None:
    """Make the page's viewport (not the window) exactly width x height CSS px.
    Phone emulation (mobile) is on below 600 px unless asked for explicitly:
    it may widen the layout viewport to fit overflowing content, which a
    reflow check at 320 px must not have hidden from it."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": width,
            "height": height,
            "deviceScaleFactor": 1,
            "mobile": width < 600 if mobile is None else mobile,
        },
    )
