"""The tool's own checks, for WCAG 2.2 AA criteria axe does not test: each
turns what a script measured in the page into findings. The scripts are
js/*.js, each run prefixed with common.js."""

import json
from functools import cache
from itertools import pairwise
from pathlib import Path

from ..browser import DevToolsError, cdp, devtools
from . import language
from .findings import Finding, own

MAX_TAB_STOPS = 250
HERE = Path(__file__).parent / "js"


def _body(name: str) -> str:
    return (HERE / f"{name}.js").read_text(encoding="utf-8")


@cache
def script(name: str) -> str:
    return _body("common") + "\n" + _body(name)


@cache
def _batch(names: tuple[str, ...]) -> str:
    # Each script's body becomes a function: its top-level `return` is its result.
    steps = ",\n".join(f"function () {{\n{_body(name)}\n}}" for name in names)
    return f"{_body('common')}\nvar steps = [{steps}];\n{_body('batch')}"


def evaluate(driver, source: str, *args, wait: bool = False):
    """Run `source` as WebDriver's execute_script would (`arguments` are
    `args`, its top-level `return` the result; with `wait`, its last argument
    is the callback, as execute_async_script's) in one command on the
    browser's own DevTools connection (browser.devtools), not chromedriver's."""
    call = f"(function () {{\n{source}\n}}).apply(null, {json.dumps(list(args))}"
    if wait:
        # Never a hang: a callback not called within 30 s is an error.
        call = (f"Promise.race([new Promise(function (done) {{ {call}.concat([done])); }}), "
                "new Promise(function (_, no) { setTimeout(no, 30000, 'no answer in 30 s'); })])")
    else:
        call += ")"
    answer = cdp(driver, "Runtime.evaluate", {
        "expression": call, "returnByValue": True, "awaitPromise": wait})
    if "exceptionDetails" in answer:
        details = answer["exceptionDetails"]
        raise DevToolsError(details.get("exception", {}).get("description") or details["text"])
    return answer["result"].get("value")


def run(driver, name: str, *args):
    """One of the tool's scripts (js/NAME.js) with its arguments."""
    return evaluate(driver, script(name), *args)


def run_batch(driver, *steps: tuple) -> list:
    """Several of the tool's scripts in one call (a round trip costs a busy
    machine more than most scripts). A step is (script name, its
    arguments...); one that returns null ends the batch early."""
    names = tuple(name for name, *_ in steps)
    return evaluate(driver, _batch(names), [list(args) for _, *args in steps])


# What a key sends: a key with text (Enter's "\r") activates as a keypress.
KEYS = {"Tab": {"windowsVirtualKeyCode": 9}, "Enter": {"windowsVirtualKeyCode": 13, "text": "\r"}}


def press(driver, key: str, times: int = 1) -> None:
    """Real key presses, as a reader's: focus moves by the browser's own
    sequential navigation, and :focus-visible applies as for a keyboard user.
    All sent at once (pipelined), and handled by the page in order."""
    down = {"type": "keyDown" if "text" in KEYS[key] else "rawKeyDown", "key": key, "code": key,
            **KEYS[key]}
    up = {"type": "keyUp", "key": key, "code": key,
          "windowsVirtualKeyCode": KEYS[key]["windowsVirtualKeyCode"]}
    devtools(driver).send(*[("Input.dispatchKeyEvent", event)
                            for _ in range(times) for event in (down, up)])


def page_language(measured: dict, *, expected: str, locale: str, direction: str,
                  where: dict) -> list[Finding]:
    """expected: the locale the site's URL gives the page ("" outside it), as
    its lang must be; locale and direction: those its text is judged in."""
    found = []
    raw = measured["lang"] or ""
    lang = language.normalize_tag(raw)
    root = f'<html lang="{raw}" dir="{measured["dir"] or ""}">'
    if not lang:
        said = f"html lang “{raw}” is not a language tag" if raw.strip() else "html has no lang"
        found.append(own("html-lang-missing", target="html", html=root, **where, message=(
            f"{said}: screen readers cannot tell which language to read the page in"
            + (f" (its URL says {expected})" if expected else "")
            + ("; its locale is undetermined (und)" if locale == "und" else ""))))
    elif expected and lang.lower() != expected.replace("_", "-").lower():
        found.append(own("html-lang-locale", target="html", html=root, **where,
                         message=f"html lang is “{raw}”, the page's locale is “{expected}”"))
    if direction and measured["direction"] != direction:
        found.append(own("html-dir-locale", target="html", html=root, **where, message=(
            f"the page runs {measured['direction']}, but {locale} is written {direction}")))
    # A page whose own language is wrong is judged against the locale it
    # should be in: its text is that language whatever the attribute says.
    if locale == "und" or language.is_pseudo(locale):
        return found
    parts = {}  # (element, text) -> its finding, once
    for piece in measured["pieces"]:
        written_in = locale if piece["lang"] in ("", None, raw) else piece["lang"]
        why = language.judge(piece["text"], written_in)
        if why:
            label = "" if piece["kind"] == "text" else f"{piece['kind']} "
            parts.setdefault((piece["target"], piece["text"]), own(
                "language-of-parts", piece, message=f"{label}{why}", **where))
    return found + list(parts.values())


def tab_walk(driver, label: str = "", replay: str = "") -> tuple[list[dict], str]:
    """Every stop of the Tab sequence from the top, and the label of the walk
    that found them; presses go in batches, as the page records each stop
    (js/focus.js). `replay`: an earlier walk of this load, refocused when
    layout cannot have changed the order."""
    if replay:
        _, *replayed = run_batch(
            driver, ("focus", "prepare", label), ("focus", "replay", replay, label))
        if replayed and replayed[0] is not None:
            return replayed[0], replay
    expected = run(driver, "focus", "prepare", label)
    stops: list[dict] = []
    pressed = 0
    batch = min(expected + 1, MAX_TAB_STOPS + 1)  # + 1: the press that leaves the page
    while pressed <= MAX_TAB_STOPS:
        press(driver, "Tab", batch)
        pressed += batch
        walked = run(driver, "focus", "walked", label)
        stops += walked["stops"]
        if walked["end"]:
            break
        batch = min(10, MAX_TAB_STOPS + 1 - pressed) or 1
    return stops[:MAX_TAB_STOPS], label


def skip_link(stops: list[dict], *, where: dict, activate) -> list[Finding]:
    """2.4.1 as a keyboard user meets it: the first Tab reaches a visible link
    to an element on the page, and after it the next Tab lands on the first
    focusable element at or after that element, inside main. A target with
    no box (display: none) moves no focus starting point reliably: a finding.
    `activate(first stop)` tries the link in the page (activate_skip_link)."""
    message = _skip_link_problem(stops, activate)
    if not message:
        return []
    return [own("skip-link-keyboard", stops[0] if stops else None, message=message, **where)]


def _skip_link_problem(stops: list[dict], activate) -> str | None:
    if not stops:
        return "the first Tab reaches nothing focusable"
    first = stops[0]
    if first["tag"] != "a" or not first["href"].startswith("#"):
        # 2.4.1 asks for a way past blocks before the main content: when the
        # first Tab is already in it there are none.
        if first["inMain"]:
            return None
        return f"the first Tab reaches “{first['text']}”, not a link to the main content"
    if not first["skipTarget"]:
        return f"the skip link points to {first['href']}, which is not on the page"
    if not first["visible"] or first["obscured"]["outside"]:
        return "the skip link stays out of sight when it has focus"
    if not first["skipTargetRendered"]:
        return (f"the skip link's target {first['skipTarget']} is not rendered "
                "(display: none): the browser cannot move there")
    seen = activate(first)
    if not seen["focused"]:
        return "the skip link cannot take focus again"
    if not seen["after"]["hasMain"]:
        return "the page has no main landmark for the skip link to reach"
    if seen["after"]["inMain"]:
        return None  # the target took focus itself (tabindex="-1" or focusable)
    landing = seen["landing"]
    if not landing["goalInMain"]:
        return f"the skip link leads to {first['skipTarget']}, outside main"
    if landing["expected"] and not landing["onExpected"]:
        return (f"after the skip link, the next Tab lands on {landing['target'] or 'nothing'}, "
                f"not on “{landing['expectedText']}” ({landing['expected']}), the first "
                "focusable element at or after its target")
    return None


def activate_skip_link(driver, first: dict, label: str) -> dict:
    """Focus the skip link again, press Enter, and where focus is; when not in
    main, where Tab lands. `label`: the width whose walk judges the landing."""
    if not run(driver, "focus", "focus-first", first["target"], label):
        return {"focused": False}
    press(driver, "Enter")
    after = run(driver, "focus", "where")
    if not after["hasMain"] or after["inMain"]:
        return {"focused": True, "after": after}
    # A target that cannot take focus still moves the sequential focus
    # navigation starting point.
    press(driver, "Tab")
    landing = run(driver, "focus", "skip-landing")
    return {"focused": True, "after": after, "landing": landing}


def focus_order(stops: list[dict], *, rtl: bool, where: dict) -> list[Finding]:
    """Consecutive stops must go along the line in the reading direction, or
    down the page. Stops that overlap across the line (a skip link over the
    logo) say nothing about order and are let through."""
    found = []
    shown = [s for s in stops if s["visible"]]
    for a, b in pairwise(shown):
        ra, rb = a["rect"], b["rect"]
        overlap_y = min(ra["y"] + ra["height"], rb["y"] + rb["height"]) - max(ra["y"], rb["y"])
        overlap_x = min(ra["x"] + ra["width"], rb["x"] + rb["width"]) - max(ra["x"], rb["x"])
        same_line = overlap_y >= 0.5 * min(ra["height"], rb["height"])
        if same_line:
            if overlap_x >= 0.5 * min(ra["width"], rb["width"]):
                continue
            ca, cb = ra["x"] + ra["width"] / 2, rb["x"] + rb["width"] / 2
            if (cb > ca) if rtl else (cb < ca):
                way = "left to right" if rtl else "right to left"
                found.append(own("focus-order", b, **where, message=(
                    f"Tab goes {way} along a line, from “{a['text']}” to “{b['text']}”, against "
                    f"the {'right-to-left' if rtl else 'left-to-right'} reading order")))
        elif rb["y"] + rb["height"] <= ra["y"] + 1:
            found.append(own("focus-order", b, **where, message=(
                f"Tab goes up the page, from “{a['text']}” to “{b['text']}” above it")))
    return found


def focus_visible(stops: list[dict], *, where: dict) -> list[Finding]:
    return [
        own("focus-visible", s, **where, message=(
            f"“{s['text']}” looks the same focused and unfocused (no outline, border, shadow, "
            "colour or underline change)"))
        for s in stops if not s["changed"] and s["visible"]
    ]


def focus_not_obscured(stops: list[dict], *, where: dict) -> list[Finding]:
    return [
        own("focus-not-obscured", s, **where, message=f"“{s['text']}” has focus but is " + (
            "outside the viewport" if s["obscured"]["outside"]
            else f"entirely covered by {s['obscured']['by']}"))
        for s in stops if s["obscured"]["entirely"] and s["visible"]
    ]


def reflow(measured: dict, *, where: dict) -> list[Finding]:
    if measured["scrollWidth"] <= measured["width"] + 1:
        return []
    offenders = measured["offenders"] or [{"target": "html", "html": "", "left": 0, "right": 0}]
    return [
        own("reflow", o, **where, message=(
            f"the page is {measured['scrollWidth']} px wide in a {measured['width']} px "
            f"viewport; this element spans {o['left']}..{o['right']} px"))
        for o in offenders
    ]


def text_spacing(measured: list[dict], *, where: dict) -> list[Finding]:
    """What the WCAG spacing costs a reader (js/layout.js measures it): text
    cut off by a clipping box, or text landing on other text or a control.
    Text that grows into empty space is not a finding."""
    return [
        own("text-spacing", m, **where, message=(
            f"with WCAG text spacing, “{m['text']}” is cut off by {m['by']}"
            if m["kind"] == "clipped"
            else f"with WCAG text spacing, “{m['text']}” runs over {m['what']} ({m['by']})"))
        for m in measured
    ]
