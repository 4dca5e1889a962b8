"""Accepted findings, so a run fails only on what is new.

A baseline file lists entries keyed `locale::page::rule`, each with the
reason it is accepted, in TOML:

    [accepted."ar::/stories/::language-of-parts"]
    reason = "..."

or JSON: {"accepted": {"ar::/stories/::language-of-parts": {"reason": "..."}}}.
An entry covers every finding with that key (all viewports and elements).
An entry whose page was checked but which matched nothing is stale: the
problem is gone (or moved) and the entry should be removed.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding


class BaselineError(ValueError):
    pass


@dataclass
class Baseline:
    accepted: dict[str, str] = field(default_factory=dict)  # key -> reason
    path: str = ""


@dataclass
class Verdict:
    new: list[Finding]
    accepted: list[Finding]
    stale: dict[str, str]  # key -> reason


def load(path: Path | None) -> Baseline:
    if path is None:
        return Baseline()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error}") from error
    try:
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise BaselineError(
            f"{path} is not valid {path.suffix.lstrip('.').upper()}: {error}"
        ) from error
    entries = data.get("accepted", {})
    if not isinstance(entries, dict):
        raise BaselineError(f"{path}: 'accepted' must be a table of locale::page::rule entries")
    accepted = {}
    for key, entry in entries.items():
        if key.count("::") != 2:
            raise BaselineError(f"{path}: {key!r} is not locale::page::rule")
        reason = entry.get("reason", "").strip() if isinstance(entry, dict) else ""
        if not reason:
            raise BaselineError(f"{path}: {key!r} has no reason; say why it is accepted")
        accepted[key] = reason
    return Baseline(accepted=accepted, path=str(path))


def judge(findings: list[Finding], baseline: Baseline, checked: set[tuple[str, str]]) -> Verdict:
    """Split findings into new and accepted; entries for pages this run
    checked that matched nothing are stale."""
    new = [f for f in findings if f.key not in baseline.accepted]
    accepted = [f for f in findings if f.key in baseline.accepted]
    used = {f.key for f in accepted}
    stale = {
        key: reason
        for key, reason in baseline.accepted.items()
        if key not in used and tuple(key.split("::")[:2]) in checked
    }
    return Verdict(new=new, accepted=accepted, stale=stale)


def suggestion(findings: list[Finding]) -> dict:
    """A baseline accepting everything found, reasons left for QA to write:
    load() refuses it until each reason is filled in."""
    keys = sorted({f.key for f in findings})
    return {"accepted": {key: {"reason": ""} for key in keys}}
