"""What loading a catalog found, kept between starts.

Reading a catalog is parsing it (twice over, so nothing polib lets through
is missed: app/catalogs/files.py) and judging every translation by the
rules; at a thousand stories that is 8,000 messages a language and most of
a second each, paid by every start of the app and every `flask` command.
The answer only changes when the bytes of the file, the rules or the
messages they apply to change, so it is kept (the way Python keeps .pyc
files and Sphinx its environment) in one pickle, CATALOG_CACHE, under a key
of exactly those:

- a hash of the catalog's bytes (and of its .po, when the .mo is read: the
  .po was checked then too), so an edit of the same size within the same
  clock tick is still seen, as a modification time would not;
- a hash of this package's and app/content's code (the rules live there);
- which messages follow which rules (the content's Markdown messages).

A cache that cannot be read or written costs only time: the catalog is read
from its file as if there were none. Only catalogs that loaded are kept, so
a broken file is read, and reported, on every start.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PACKAGES = (Path(__file__).parent, Path(__file__).parent.parent / "content")


def code_version() -> str:
    digest = hashlib.blake2b(digest_size=16)
    for folder in PACKAGES:
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def rules_fingerprint(checkers: Mapping[Any, Any]) -> str:
    """Which message follows which checker, as one hash."""
    digest = hashlib.blake2b(digest_size=16)
    for (context, msgid), checker in sorted(
        checkers.items(), key=lambda item: (item[0][0] or "", item[0][1])
    ):
        digest.update(f"{context or ''}\x04{msgid}\x00{checker_name(checker)}\x00".encode())
    return digest.hexdigest()


def checker_name(checker: Any) -> str:
    func = getattr(checker, "func", checker)  # functools.partial
    args = getattr(checker, "args", ())
    return f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', repr(func))}{args!r}"


def read_pickle(path: Path, what: str) -> Any | None:
    """What a cache file holds, or None when there is none or it cannot be
    read (torn, foreign, from another Python): the caller starts afresh."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception as exc:
        log.warning("%s %s unreadable (%s); reading the files themselves", what, path, exc)
        return None


def write_pickle(path: Path, value: Any, what: str) -> None:
    """Atomically, so a reader never meets half a file; a folder that cannot
    be written to (a read-only checkout) only costs the next start time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning("cannot write %s %s: %s", what, path, exc)


class LoadCache:
    """file path -> (key, what was found), saved when something new was found."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self.entries: dict[str, tuple[tuple, Any]] = {}
        self.dirty = False
        self.version = code_version() if self.path else ""
        found = read_pickle(self.path, "catalog cache") if self.path else None
        if isinstance(found, tuple) and len(found) == 2 and found[0] == self.version \
                and isinstance(found[1], dict):
            self.entries = found[1]

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def get(self, name: str, key: tuple) -> Any | None:
        found = self.entries.get(name)
        if found is None or found[0] != key:
            return None
        return found[1]

    def put(self, name: str, key: tuple, value: Any) -> None:
        if self.path is None:
            return
        self.entries[name] = (key, value)
        self.dirty = True

    def save(self) -> None:
        """Atomically; entries for files that no longer exist are dropped."""
        if self.path is None or not self.dirty:
            return
        self.entries = {name: v for name, v in self.entries.items()
                        if os.path.exists(name.partition("#")[0])}
        write_pickle(self.path, (self.version, self.entries), "catalog cache")
        self.dirty = False
