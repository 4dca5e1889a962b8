"""A site's colours: site.toml's `[colours]` over the engine's, appended as
custom properties to the stylesheet every page loads (no extra request, no
inline style under the CSP). A value that is no colour, or a pair too faint
to read (WCAG 2 AA), stops the app at start-up, naming the setting."""

from __future__ import annotations

import re
from collections.abc import Mapping

STYLESHEET = "css/site.css"

ROLES = {
    "accent": "#3b5873",  # links, the menu bar, the edge of figures and quotes
    "accent_dark": "#243646",  # the header bar, headings, the figures' numbers
    "tint": "#f1f3f5",  # behind the figures, the footer and the call to join
    "border": "#ced5db",  # the line around a card or a program
    "focus": "#a3400c",  # the keyboard's focus ring on the page
    "focus_on_dark": "#ffffff",  # the focus ring in the header and menu
}
# The engine's, not a site's: its text and page (the colours of reading).
FIXED = {"ink": "#1b1b1b", "muted": "#4a4a4a", "paper": "#ffffff", "on_accent": "#ffffff"}

# (colour, background, least contrast, where a reader meets the pair):
# 4.5:1 for text (WCAG 1.4.3), 3:1 for the focus ring (1.4.11).
PAIRS = (
    ("accent", "paper", 4.5, "links on the page"),
    ("accent", "tint", 4.5, "links in the footer"),
    ("accent_dark", "paper", 4.5, "headings on the page"),
    ("accent_dark", "tint", 4.5, "the figures' numbers"),
    ("ink", "tint", 4.5, "text in the footer"),
    ("on_accent", "accent", 4.5, "the menu's white links"),
    ("on_accent", "accent_dark", 4.5, "the header's white text"),
    ("focus", "paper", 3, "the focus ring on the page"),
    ("focus", "tint", 3, "the focus ring in the footer"),
    ("focus_on_dark", "accent", 3, "the focus ring in the menu"),
    ("focus_on_dark", "accent_dark", 3, "the focus ring in the header"),
)
HEX = re.compile(r"#[0-9a-fA-F]{6}")


def colours(table: object) -> dict[str, str]:
    """Every colour, the site's over the engine's; RuntimeError names a wrong one."""
    if not isinstance(table, Mapping):
        raise RuntimeError(f"site.toml: colours must be a table, [colours], not {table!r}")
    for role, value in table.items():
        if role not in ROLES:
            raise RuntimeError(f"site.toml: [colours] has no {role!r}; "
                               f"its colours are {', '.join(ROLES)}")
        if not isinstance(value, str) or not HEX.fullmatch(value):
            raise RuntimeError(f"site.toml: [colours] {role} = {value!r} is not a colour; "
                               'write it as "#rrggbb"')
    chosen = {**FIXED, **ROLES, **table}
    for colour, background, least, where in PAIRS:
        ratio = contrast(chosen[colour], chosen[background])
        if ratio < least:
            named = [role for role in (colour, background) if role in table] or [colour]
            raise RuntimeError(
                f"site.toml: [colours] {' and '.join(named)}: the contrast of {where} "
                f"({chosen[colour]} on {chosen[background]}) is {ratio:.2f}:1, below the "
                f"{least:g}:1 WCAG AA asks for")
    return chosen


def contrast(one: str, other: str) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def luminance(colour: str) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def appended(config: Mapping) -> dict[str, bytes]:
    """What app/delivery/caching.py appends to a static file: the colours."""
    lines = "".join(f"  --{role.replace('_', '-')}: {value};\n"
                    for role, value in colours(config["COLOURS"]).items())
    return {STYLESHEET: f"\n/* The colours: site.toml's [colours] over the engine's "
                        f"(app/theme.py). */\n:root {{\n{lines}}}\n".encode()}
