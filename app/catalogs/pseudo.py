"""Pseudo-locales from messages.pot (build/pseudo-translations, never in
production): en-XA accented, ~35% longer and bracketed (a string without
brackets is hard-coded, a clipped one a layout too tight), ar-XB each word
mirrored in a right-to-left page. Placeholders, tags and references are kept.
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path

import polib

from ..writing import replaced, stamp
from .files import display_path, po_path
from .plurals import canonical_plural_forms, canonical_rule
from .rules import BRACE_RE, PERCENT_RE, edge_whitespace

log = logging.getLogger(__name__)

# code -> (base language, English description)
PSEUDO_LOCALES = {"en_XA": ("en", "Pseudo-accented"), "ar_XB": ("ar", "Pseudo-mirrored")}

ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķļɱñôþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÔÞǪŔŜŢÛṼŴẊÝŽ",
)
# Things that must reach the page unchanged.
PROTECTED_RE = re.compile(
    "|".join([
        r"<[^<>]*>",  # a tag, or a Markdown autolink
        r"\]\([^()]*\)",  # a Markdown link's address (content files)
        r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);",
        PERCENT_RE.pattern,
        BRACE_RE.pattern,
    ])
)
RLO, PDF = "\u202e", "\u202c"


def _segments(text: str) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    pos = 0
    for match in PROTECTED_RE.finditer(text):
        if match.start() > pos:
            out.append((False, text[pos : match.start()]))
        out.append((True, match.group(0)))
        pos = match.end()
    if pos < len(text):
        out.append((False, text[pos:]))
    return out


def _keep_edges(text: str, transform) -> str:
    lead, trail = edge_whitespace(text)
    return lead + transform(text.strip()) + trail if text.strip() else text


def accented(text: str) -> str:
    def transform(core: str) -> str:
        pieces = _segments(core)
        visible = sum(len(piece) for protected, piece in pieces if not protected)
        body = "".join(piece if protected else piece.translate(ACCENTED)
                       for protected, piece in pieces)
        extra = max(1, math.ceil(visible * 0.35))
        # Groups of dots with spaces between, so long strings can still wrap.
        padding = " ".join(["···"] * max(1, math.ceil(extra / 4)))
        return f"[{body} {padding}]"

    return _keep_edges(text, transform)


def mirrored(text: str) -> str:
    def transform(core: str) -> str:
        return "".join(piece if protected else re.sub(r"\S+", lambda m: f"{RLO}{m[0]}{PDF}", piece)
                       for protected, piece in _segments(core))

    return _keep_edges(text, transform)


def pseudo_text(code: str, text: str) -> str:
    return accented(text) if PSEUDO_LOCALES[code][0] == "en" else mirrored(text)


def build(pot: polib.POFile, code: str) -> polib.POFile:
    rule = canonical_rule(code)
    singular_form = rule.function(1)
    po = polib.POFile(wrapwidth=100)
    po.metadata = {"Project-Id-Version": "Hikaya pseudo-locale", "Language": code,
                   "MIME-Version": "1.0", "Content-Type": "text/plain; charset=utf-8",
                   "Content-Transfer-Encoding": "8bit",
                   "Plural-Forms": canonical_plural_forms(code)}
    for entry in pot:
        if entry.obsolete or not entry.msgid:
            continue
        new = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt,
                            occurrences=entry.occurrences, msgid_plural=entry.msgid_plural)
        if entry.msgid_plural:
            new.msgstr_plural = {i: pseudo_text(code, entry.msgid if i == singular_form
                                                else entry.msgid_plural)
                                 for i in range(rule.nplurals)}
        else:
            new.msgstr = pseudo_text(code, entry.msgid)
        po.append(new)
    return po


def write_all(pot_path: Path, pseudo_dir: str | Path, also: Path | None = None) -> list[Path]:
    """Every pseudo-locale's .po and .mo, from the template and `also` (the engine's)."""
    pot = polib.pofile(str(pot_path), wrapwidth=100)
    if also is not None and also.is_file():
        pot.extend(e for e in polib.pofile(str(also)) if pot.find(e.msgid, msgctxt=e.msgctxt)
                   is None)
    written = []
    for code in PSEUDO_LOCALES:
        path = po_path(pseudo_dir, code)
        path.parent.mkdir(parents=True, exist_ok=True)
        po = build(pot, code)
        with replaced(path) as tmp:
            po.save(str(tmp))
        with replaced(path.with_suffix(".mo")) as tmp:
            po.save_as_mofile(str(tmp))
        written.append(path)
    return written


def rebuild_if_stale(pot_path: Path, pseudo_dir: Path, written: list[Path],
                     also: Path | None = None) -> None:
    """Write the pseudo-locales again when any is missing or older than the
    template; a failure is logged, never raised."""
    if not pot_path.is_file():
        return
    pot_time = pot_path.stat().st_mtime_ns
    if all((found := stamp(path)) is not None and found[0] >= pot_time for path in written):
        return
    try:
        write_all(pot_path, pseudo_dir, also=also)
    except (OSError, ValueError) as exc:
        log.error("cannot build pseudo-locales from %s: %s", display_path(pot_path), exc)
