"""Debian's Chromium through Selenium 4 (imported when a browser starts; the
driver's path given, so Selenium Manager never downloads one), and the app on
a loopback port: shared by app/a11y and the PDF printer."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")

# Headless Chromium quiet and cheap with no network: no background fetches,
# updates or sync, /tmp instead of a small /dev/shm.
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-first-run", "--hide-scrollbars",
    "--force-device-scale-factor=1",
    # A tool never goes back: the back-forward cache (and the browsing
    # instance and frame made for it) costs a third of a navigation's CPU.
    "--disable-features=BackForwardCache,ProactivelySwapBrowsingInstance,RenderDocument",
    # Every page is a new document, so V8 optimised the same scripts (axe's
    # 550 KB) again on every page, on background threads: a third of the
    # renderer's CPU in a QA run. Bytecode and its baseline compiler only:
    # 11-15 % less CPU over the whole site (measured, bench/a11y.py).
    "--js-flags=--no-maglev --no-opt",
)


def start_chromium(width: int = 1280, height: int = 900, *, chromium: str | None = None,
                   chromedriver: str | None = None, performance_log: bool = False):
    """A headless Chromium window of the given CSS size. With performance_log,
    every network request can be read back from driver.get_log("performance")."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium or CHROMIUM
    profile = tempfile.mkdtemp(prefix="hikaya-chromium-")
    for flag in (*FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver or CHROMEDRIVER))
    set_viewport(driver, width, height)
    return driver


class DevToolsError(RuntimeError):
    """The browser refused a DevTools command, or the page script it ran threw."""


class DevTools:
    """A WebSocket of our own to a tab's (or the browser's) DevTools.
    A command takes 0.2 ms on it, 1.5 ms through chromedriver (measured:
    chromedriver's HTTP and its own process on every call), and commands
    sent together are pipelined, such as a walk's key presses."""

    def __init__(self, url: str):
        import websocket  # websocket-client, Selenium's own dependency

        # Chromium refuses other origins; websocket-client's own UTF-8 check,
        # byte by byte in Python, cost more CPU than the rest of the tool's
        # Python (1.2 of 1.5 s a run): decoding the text checks it anyway.
        self.socket = websocket.create_connection(
            url, suppress_origin=True, timeout=120, skip_utf8_validation=True)
        self.sent = 0

    def send(self, *commands: tuple[str, dict]) -> list[dict]:
        """Send every (method, params) at once; their results, in order."""
        ids = list(range(self.sent + 1, self.sent + 1 + len(commands)))
        self.sent += len(commands)
        for number, (method, params) in zip(ids, commands, strict=True):
            self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        answers: dict[int, dict] = {}
        while len(answers) < len(ids):
            message = json.loads(self.socket.recv())
            if message.get("id") in ids:  # not an event
                answers[message["id"]] = message
        for number, (method, _) in zip(ids, commands, strict=True):
            if "error" in answers[number]:
                raise DevToolsError(f"{method}: {answers[number]['error'].get('message')}")
        return [answers[number]["result"] for number in ids]


def devtools(driver) -> DevTools:
    """The driver's own DevTools connection (a Tab's, or a WebDriver's
    window's, opened on first use)."""
    if getattr(driver, "hikaya_devtools", None) is None:
        address = driver.capabilities["goog:chromeOptions"]["debuggerAddress"]
        driver.hikaya_devtools = DevTools(
            f"ws://{address}/devtools/page/{driver.current_window_handle}")
    return driver.hikaya_devtools


def cdp(driver, method: str, params: dict | None = None) -> dict:
    """One DevTools command on the driver's own connection (devtools)."""
    return devtools(driver).send((method, params or {}))[0]


# The page's load event, awaited in the document the navigation committed.
LOADED = ("new Promise(function (ok) { if (document.readyState === 'complete') ok(true); "
          "else addEventListener('load', function () { ok(true); }); })")


def navigate(driver, url: str) -> None:
    """Load `url` in the tab, as WebDriver's get does, on the driver's own
    connection: 11 ms less a page (median 41 against 52 ms over the site).
    Page.navigate answers once the new document is committed (or the
    browser's error page is, for an unreachable host); a URL that differs
    only in its fragment stays in the document, as with get."""
    tools = devtools(driver)
    tools.send(("Page.navigate", {"url": url}))
    tools.send(("Runtime.evaluate", {"expression": LOADED, "awaitPromise": True}))


def set_viewport(driver, width: int, height: int, *, mobile: bool | None = None) -> None:
    """The page's viewport (not the window) exactly width x height CSS px, as a
    phone below 600 px unless `mobile` says (phone emulation may widen the
    layout viewport to fit overflow, which a reflow check must see)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1,
               "mobile": width < 600 if mobile is None else mobile}
    # The override lasts across navigations: no round trip for the same size.
    if getattr(driver, "hikaya_viewport", None) != metrics:
        cdp(driver, "Emulation.setDeviceMetricsOverride", metrics)
        driver.hikaya_viewport = metrics


class Tab:
    """A tab of a Chromium, driven over its DevTools alone (`devtools`,
    `cdp` and every function here take it where they take a WebDriver)."""

    def __init__(self, url: str):
        self.hikaya_devtools = DevTools(url)


class Chromium:
    """Chromium started directly, its DevTools on a free loopback port, and
    as many tabs as jobs: no chromedriver, and one browser and GPU process
    for all of them. Starting a browser through chromedriver cost about
    1 CPU-s (measured; 0.3 s directly), and a second browser that again."""

    def __init__(self, chromium: str | None = None, width: int = 1280, height: int = 900):
        self.size = (width, height)
        self.profile = Path(tempfile.mkdtemp(prefix="hikaya-chromium-"))
        binary = chromium or CHROMIUM
        try:
            self.process = subprocess.Popen(
                [binary, *FLAGS, f"--window-size={width},{height}",
                 f"--user-data-dir={self.profile}", "--remote-debugging-port=0", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)
        except OSError as error:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise click.ClickException(f"cannot start Chromium {binary}: {error}") from None
        try:
            # Chromium writes its port and the browser's DevTools path here
            # once it listens; the bound only guards against a hang.
            active = self.profile / "DevToolsActivePort"
            deadline = time.monotonic() + 60
            while len(lines := _read_lines(active)) < 2:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise click.ClickException(
                        f"Chromium {binary} did not start (exit status {self.process.poll()})")
                time.sleep(0.01)
            self.address = f"127.0.0.1:{lines[0]}"
            self.tools = DevTools(f"ws://{self.address}{lines[1]}")
        except BaseException:
            self.quit()
            raise
        self.lock = threading.Lock()

    def tab(self) -> Tab:
        """A new tab (the first is the window the browser opened) of the
        browser's size, emulating a focused page: without it, a keyboard
        walk's replay by script focus (js/focus.js) failed on 3 of the
        site's 27 pages, which were walked again with keys."""
        with self.lock:
            pages = [t["targetId"] for t in self.tools.send(("Target.getTargets", {}))[0]
                     ["targetInfos"] if t["type"] == "page" and not t["attached"]]
            target = pages[0] if pages else self.tools.send(("Target.createTarget", {
                "url": "about:blank", "newWindow": True}))[0]["targetId"]
            tab = Tab(f"ws://{self.address}/devtools/page/{target}")
        cdp(tab, "Emulation.setFocusEmulationEnabled", {"enabled": True})
        set_viewport(tab, *self.size)
        return tab

    def quit(self) -> None:
        """Killed with all its processes (its own process group): nothing
        of its profile is kept, and a graceful shutdown took 0.35 s."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text().split()
    except FileNotFoundError:
        return []


def chromium_option(command: Callable) -> Callable:
    """Add --chromium (default: CHROMIUM above)."""
    return click.option("--chromium", help=(
        "Chromium binary (default: $CHROMIUM or /usr/bin/chromium)."))(command)


def browser_options(command: Callable) -> Callable:
    """Add --chromium and --chromedriver (default: CHROMIUM and CHROMEDRIVER above)."""
    return chromium_option(click.option("--chromedriver", help=(
        "chromedriver binary (default: $CHROMEDRIVER or /usr/bin/chromedriver)."))(command))


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # one line per request drowns test output
        pass


@contextmanager
def serve(app: Flask, host: str = "127.0.0.1") -> Iterator[str]:
    """Yield the base URL (http://127.0.0.1:PORT) while the app is served."""
    with serving(make_server(host, 0, app, threaded=True, request_handler=_QuietHandler)) as url:
        yield url


@contextmanager
def serving(server) -> Iterator[str]:
    """A socketserver-style server answering in a thread; yields its base URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
