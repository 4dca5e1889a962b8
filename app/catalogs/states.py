"""The state of a string in a language, decided in one place (issue 18,
docs/translators.md): current (translated, not fuzzy, the rules accept it);
outdated (the English changed and `flask translate update` kept the previous
translation fuzzy, with `#| msgid` and `English changed on YYYY-MM-DD`, and the
rules accept it against the new English: shown, marked); untranslated (none,
or any other fuzzy entry: never shown); refused (the rules refuse it).
The page, the publish rule, its notice and `flask translate status` ask `state`.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CURRENT, OUTDATED, UNTRANSLATED, REFUSED = "current", "outdated", "untranslated", "refused"
STATES = (CURRENT, OUTDATED, UNTRANSLATED, REFUSED)

# translations/<code>/published.txt: the pages once published in a language
# (written by `flask translate update`, committed with the catalogs).
PUBLISHED = "published.txt"

# The translator comment `flask translate update` writes on an outdated entry.
MARK = "English changed on "
MARK_RE = re.compile(r"^[ \t]*English changed on(.*)$", re.MULTILINE)
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def mark(comments: str | None) -> str | None:
    """What follows `English changed on` in translator comments (a date, unless broken)."""
    found = MARK_RE.search(comments or "")
    return found.group(1).strip() if found else None


def changed_on(fuzzy: bool, previous: str | None, comments: str | None) -> str | None:
    """The date an outdated translation's English changed: fuzzy, with the
    previous msgid and the mark with a real date; None for a plain fuzzy one."""
    date = mark(comments)
    if not (fuzzy and previous and date and DATE_RE.fullmatch(date)):
        return None
    try:
        return datetime.date.fromisoformat(date).isoformat()
    except ValueError:
        return None


def outdated_since(entry: Any) -> str | None:
    """changed_on of a polib entry (None for a .mo's: it has no flags)."""
    return changed_on("fuzzy" in getattr(entry, "flags", ()),
                      getattr(entry, "previous_msgid", None), getattr(entry, "tcomment", None))


class Outdated(str):
    """An outdated translation from Catalog.lookup: a str to every caller, with
    `since` (the date its English changed) for gettext.shown to mark it."""

    since: str

    def __new__(cls, text: str, since: str) -> Outdated:
        made = super().__new__(cls, text)
        made.since = since
        return made


def holder(catalog: Any, key: tuple) -> Any:
    """The catalog that has `key`: the site's, or behind it the engine's."""
    while catalog is not None and key not in catalog.messages:
        catalog = catalog.fallback
    return catalog


def state(catalog: Any, key: tuple) -> str:
    """The state of message `key` in a loaded catalog (None: English only); a
    plural one is usable when every form a reader can meet is (Catalog.complete)."""
    owner = holder(catalog, key)
    if owner is None:
        return UNTRANSLATED
    entry = owner.messages[key]
    if owner.complete(key):
        return OUTDATED if entry.outdated else CURRENT
    if any(text and owner.problems(key, form) for form, text in enumerate(entry.forms)):
        return REFUSED
    return UNTRANSLATED


@dataclass(frozen=True)
class Counts:
    """How many of a page's strings are in each state; `since`: the latest change of English."""

    current: int = 0
    outdated: int = 0
    untranslated: int = 0
    refused: int = 0
    since: str | None = None

    @property
    def total(self) -> int:
        return self.current + self.outdated + self.untranslated + self.refused

    def share(self, *states: str) -> float:
        """The share of strings in `states`; 1.0 for a page with no strings."""
        return sum(getattr(self, s) for s in states) / self.total if self.total else 1.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, s) + getattr(other, s) for s in STATES),
                      max(filter(None, (self.since, other.since)), default=None))


class Counter:
    """Counts of many pages in one catalog, a template's strings (PageStrings.shared)
    counted once for all its pages."""

    def __init__(self, catalog: Any):
        self.catalog = catalog
        self.memo: dict[int, Counts] = {}

    def of(self, keys) -> Counts:
        tally, dates = dict.fromkeys(STATES, 0), []
        for key in keys:
            tally[found := state(self.catalog, key)] += 1
            if found == OUTDATED:
                dates.append(holder(self.catalog, key).messages[key].outdated)
        return Counts(**tally, since=max(dates, default=None))

    def counts(self, strings) -> Counts:
        shared = self.memo.get(id(strings.shared))
        if shared is None:
            shared = self.memo[id(strings.shared)] = self.of(strings.shared)
        return shared + self.of(strings.own)


def short_of(counts: Counts, listed: bool, threshold: float, keep: float) -> int:
    """How many more strings must be current (or, on a page once published,
    current or outdated: `kept`) before readers get the page in the language."""
    def needed(share: float, have: int) -> int:
        return max(0, math.ceil(share * counts.total - 1e-9) - have)
    short = needed(threshold, counts.current)
    return min(short, needed(keep, counts.current + counts.outdated)) if listed else short


def nearest_first(pages: Iterable[str], left: Callable[[str], int]) -> list[str]:
    """What a translator takes next: the pages with strings `left`, fewest first
    (ties by id), then the fully translated ones (`flask translate status`, /translate/)."""
    return sorted(pages, key=lambda pid: (left(pid) == 0, left(pid), pid))


def published_ids(translations: str | Path, code: str) -> frozenset[str]:
    """The page ids in translations/<code>/published.txt (none without one)."""
    try:
        lines = (Path(translations) / code / PUBLISHED).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(s for line in lines if (s := line.strip()) and not s.startswith("#"))


def published(counts: Counts, listed: bool, threshold: float, keep: float) -> bool:
    """The publish rule: `threshold` (PUBLISH_THRESHOLD) of a page's strings current;
    or, for a page once published in the language (`listed` in published.txt), the
    share `keep` (KEEP_PUBLISHED) current or outdated, so an edit never takes it away."""
    return counts.share(CURRENT) >= threshold or (
        listed and counts.share(CURRENT, OUTDATED) >= keep)
