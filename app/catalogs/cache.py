"""What loading a catalog (or a content file) found, kept between starts:
parsing and judging 8,000 messages a language costs most of a second per start
at a thousand stories. One file, keyed by the file's bytes, this code and the
rules, of plain values in Python's marshal format (a tenth of JSON's decoding
time; each entry decoded only when asked for). Not pickle: `build/` may be
written by someone else, and reading a file builds only plain values and
DATA_MODULES' dataclasses, never calling anything else. Signed with an HMAC
under this user's key (`$XDG_STATE_HOME/hikaya/cache-key`, 0600), checked
before the bytes are decoded, so a cache from elsewhere reads as none, and a
translation never judged cannot slip in.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import gc
import hashlib
import hmac
import logging
import marshal
import os
import secrets
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..writing import replaced

log = logging.getLogger(__name__)

PACKAGES = (Path(__file__).parent, Path(__file__).parent.parent / "content")
SETTLE_SECONDS = 2.0  # FileCache.hash_of


@functools.cache
def code_version() -> str:
    """The code that wrote a cache; a process runs one (each cache file asked again)."""
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


def checker_name(checker: Any) -> str:
    """What a message's rules are, as a cache can compare them."""
    func = getattr(checker, "func", checker)  # functools.partial
    return f"{func.__module__}.{func.__qualname__}{getattr(checker, 'args', ())!r}"


def rules_fingerprint(checkers: Mapping[Any, Any]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for (context, msgid), checker in sorted(checkers.items(),
                                            key=lambda item: (item[0][0] or "", item[0][1])):
        digest.update(f"{context or ''}\x04{msgid}\x00{checker_name(checker)}\x00".encode())
    return digest.hexdigest()


# The dataclasses a cache may hold, by a short prefix; named, not imported
# (app/content imports this package). Only a dataclass defined in the module.
PACKAGE = __name__.split(".")[0]
DATA_MODULES = {"c": f"{PACKAGE}.content.model", "f": f"{PACKAGE}.catalogs.files",
                "k": f"{PACKAGE}.catalogs.check"}
PREFIXES = {module: prefix for prefix, module in DATA_MODULES.items()}


def data_class(name: Any) -> type | None:
    """The dataclass a name in a cache stands for ("c.Story"), or None."""
    if not isinstance(name, str):
        return None
    if name in FOUND:
        return FOUND[name]
    prefix, _, qualname = name.partition(".")
    module = sys.modules.get(DATA_MODULES.get(prefix, ""))
    cls = getattr(module, qualname, None) if module is not None else None
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) \
            and cls.__module__ == module.__name__:
        FOUND[name] = cls
        return cls
    return None


# Names found to stand for a dataclass (a content cache names 15,000 values).
FOUND: dict[str, type] = {}


# The values a cache holds as they are; a tuple led by `...` (which no cached
# value holds: encode refuses it) is a date or a dataclass.
LEAVES = frozenset({type(None), bool, int, float, str, bytes})
FORMAT = ("hikaya cache", 2, sys.version_info[:2])


class PlainCodec:
    """Plain values to marshal's bytes and back: None, bool, int, float, str,
    bytes, lists, tuples and dicts of them; a date as (..., "date", iso); a
    dataclass of DATA_MODULES as (..., name, fields). A value marshal keeps by
    itself (no dataclass, no date) is written and read back as marshal has it,
    no walk through it (a tenth of the time: the catalogs keep their entries
    as tuples for that); one holding some is rebuilt by a walk that refuses
    anything else marshal can hold (a code object, a set), so that no class
    but those is built."""

    def encode(self, value: Any, tagged: list | None = None) -> Any:
        """`value` as marshal keeps it; `tagged` gets an item per date or dataclass."""
        kind = type(value)
        if kind in LEAVES:
            return value
        if kind is list:
            return [self.encode(item, tagged) for item in value]
        if kind is tuple:
            return tuple(self.encode(item, tagged) for item in value)
        if kind is dict:
            return {self.encode(k, tagged): self.encode(v, tagged) for k, v in value.items()}
        if tagged is not None:
            tagged.append(kind)
        if kind is datetime.date:
            return (..., "date", value.isoformat())
        name = f"{PREFIXES.get(kind.__module__)}.{kind.__qualname__}"
        if data_class(name) is kind:
            return (..., name, tuple(self.encode(getattr(value, f.name), tagged)
                                     for f in dataclasses.fields(value) if f.init))
        raise TypeError(f"cannot keep a {kind.__name__} in a cache")

    def decode(self, value: Any) -> Any:
        # A leaf is looked at where it lies, not in a call of its own: a
        # content cache at 1,000 stories holds a hundred thousand values.
        kind = type(value)
        if kind is tuple:
            if not value:  # a message's empty tuple of placeholders, fifteen thousand times
                return value
            if value[0] is ...:
                return self._made(value)
            return tuple([v if type(v) in LEAVES else self.decode(v) for v in value])
        if kind is list:
            return [v if type(v) in LEAVES else self.decode(v) for v in value]
        if kind is dict:
            return {(k if type(k) in LEAVES else self.decode(k)):
                    (v if type(v) in LEAVES else self.decode(v)) for k, v in value.items()}
        if kind in LEAVES:
            return value
        raise ValueError(f"unexpected {kind.__name__} in a cache")

    def _made(self, value: tuple) -> Any:
        if len(value) == 3 and type(value[2]) in (str, tuple):
            if value[1] == "date" and type(value[2]) is str:
                return datetime.date.fromisoformat(value[2])
            cls = FOUND.get(value[1]) or data_class(value[1])
            if cls is not None and type(value[2]) is tuple:
                return cls(*[v if type(v) in LEAVES else self.decode(v) for v in value[2]])
        raise ValueError(f"unexpected object in a cache: {str(value[1:2])[:40]}")

    def dumps(self, value: Any) -> bytes:
        # Version 2: no back-references or interning marks, which vary with
        # what else holds a value: equal values, equal bytes (a freeze's
        # manifest is the same after an incremental freeze as after a full one).
        try:  # marshal refuses a dataclass, a date or a str subclass: those are walked
            return marshal.dumps((FORMAT, False, value), 2)
        except ValueError:
            tagged: list = []
            encoded = self.encode(value, tagged)
            return marshal.dumps((FORMAT, bool(tagged), encoded), 2)

    def loads(self, data: bytes) -> Any:
        """The value in `data`; ValueError (or RecursionError) for anything else.
        Only for bytes this user's key signed (read_cache checks first): marshal
        trusts the lengths it reads, so crafted bytes could cost minutes."""
        try:
            found = marshal.loads(data)
        except (EOFError, TypeError) as exc:  # torn; an unhashable key
            raise ValueError(f"not a cache: {exc}") from None
        if type(found) is not tuple or len(found) != 3 or found[0] != FORMAT \
                or type(found[1]) is not bool:
            raise ValueError("not a cache of this format")
        return self.decode(found[2]) if found[1] else found[2]


PLAIN = PlainCodec()


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector held off while a start builds its tables (the
    content, the catalogs and their counts: a few hundred thousand objects
    that live as long as the app), and those then left out of its later runs
    (gc.freeze, as servers do before they fork): each run went through all of
    them again, a tenth of a one-story freeze. Garbage without a cycle is
    freed as ever; what the collector would have found meanwhile, it finds
    on its next run."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def signing_key() -> bytes | None:
    """This user's cache key, created exclusively (two first starts agree); None if unavailable."""
    state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    path = Path(state) / "hikaya" / "cache-key"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            key = path.read_bytes()
        else:
            key = secrets.token_bytes(32)
            with os.fdopen(fd, "wb") as handle:
                handle.write(key)
        return key if len(key) == 32 else None
    except OSError as exc:
        log.warning("no cache key at %s (%s); nothing is cached", path, exc)
        return None


def signature(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).hexdigest().encode()


def read_cache(path: Path, what: str) -> Any | None:
    """What a cache file holds, or None (missing, torn, foreign, hostile)."""
    if not path.is_file():
        return None
    try:
        if (key := signing_key()) is None:
            return None
        mac, _, data = path.read_bytes().partition(b"\n")
        if not hmac.compare_digest(mac, signature(key, data)):
            raise ValueError("not signed by this user's key")
        return PLAIN.loads(data)
    except Exception as exc:  # noqa: BLE001 - any fault in the file costs only time
        log.warning("%s %s unreadable (%s); reading the files themselves", what, path, exc)
        return None


def write_cache(path: Path, value: Any, what: str) -> None:
    """Signed, and atomically; a folder that cannot be written costs time only."""
    key = signing_key()
    if key is None:
        return
    try:
        data = PLAIN.dumps(value)
        with replaced(path) as tmp:
            tmp.write_bytes(signature(key, data) + b"\n" + data)
    except (TypeError, ValueError, OSError) as exc:  # an unkeepable value, a read-only folder
        log.warning("cannot keep %s %s: %s", what, path, exc)


class FileCache:
    """name (a file's path, maybe "#what") -> (key, what was found), read only under
    the same `version`; saved without the entries of files that are gone. Each
    value is kept as its own bytes, decoded when first asked for: a command
    decodes only what it uses (the catalogs' .po or .mo, a freeze half of 22 MB
    at 1,000 stories), and a save encodes only what changed."""

    def __init__(self, path: str | Path | None, what: str, version: tuple = (),
                 settle_seconds: float = SETTLE_SECONDS):
        self.path = Path(path) if path else None
        self.settle_ns = int(settle_seconds * 1e9)
        self.what = what
        self.entries: dict[str, tuple[Any, bytes]] = {}  # name -> (key, encoded value)
        self.values: dict[str, Any] = {}  # name -> its value, once decoded
        self.dirty = False
        self.version = (code_version(), *version) if self.path else ()
        found = read_cache(self.path, what) if self.path else None
        if isinstance(found, tuple) and len(found) == 2 and found[0] == self.version \
                and isinstance(found[1], dict):
            self.entries = found[1]

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def get(self, name: str, key: Any) -> Any | None:
        found = self.entries.get(name)
        if key is None or not isinstance(found, tuple) or len(found) != 2 or found[0] != key \
                or not isinstance(found[1], bytes):
            return None
        if name not in self.values:
            try:
                self.values[name] = PLAIN.loads(found[1])
            except (ValueError, RecursionError) as exc:  # signed, not this code's
                log.warning("%s %s: entry %s unreadable (%s)", self.what, self.path, name, exc)
                return None
        return self.values[name]

    def put(self, name: str, key: Any, value: Any) -> None:
        if self.path is None or key is None:
            return
        try:
            self.entries[name] = (key, PLAIN.dumps(value))
        except (TypeError, ValueError) as exc:  # a value no cache can keep
            log.warning("cannot keep %s in %s %s: %s", name, self.what, self.path, exc)
            return
        self.values[name] = value
        self.dirty = True

    def hash_of(self, path: str | Path) -> str | None:
        """file_hash(path), kept by the file's status (inode, size, modification
        and change times): a start hashed each catalog, its .mo and the .pot
        again, megabytes at 1,000 stories. A status is kept only once settled
        (`settle_seconds` old), as git does with its "racy" files: a file
        written again within its clock's tick keeps its status."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        status = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        found = self.get(f"{path}#hash", status) if self.enabled else None
        if isinstance(found, str):
            return found
        found = file_hash(Path(path))
        if found and max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - self.settle_ns:
            self.put(f"{path}#hash", status, found)
        return found

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        self.entries = {name: v for name, v in self.entries.items()
                        if os.path.exists(name.partition("#")[0])}
        write_cache(self.path, (self.version, self.entries), self.what)
        self.dirty = False
