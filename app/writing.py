"""Writing files others read while they are written (issue 22): the app, a
translator's terminal, cron and CI touch translations/ and the freeze at once,
so a reader sees the old or the new file, never half, and a read-modify-write
holds an flock (the kernel drops it however its holder ends)."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

NEW_FILE_MODE = 0o644  # what a text file gets with the usual umask 022


def stamp(path: str | Path) -> tuple[int, int] | None:
    """(modification time in ns, size), None when the file is not there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class Settling:
    """Has a changed file stopped changing? A file still being written can parse
    (cut at an entry boundary), so a reload adopts it only once a look `seconds`
    ago saw the same stamp or it is that old (a file gone is settled)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.pending: dict[str, tuple[tuple[int, int], float]] = {}  # key -> (stamp, first seen)

    def settled(self, key: str, stamp: tuple[int, int] | None) -> bool:
        if self.seconds <= 0 or stamp is None:
            return True
        if (time.time_ns() - stamp[0]) / 1e9 >= self.seconds:
            return True
        now = time.monotonic()
        seen = self.pending.get(key)
        if seen is not None and seen[0] == stamp:
            return now - seen[1] >= self.seconds
        self.pending[key] = (stamp, now)
        return False


@contextmanager
def replaced(path: Path) -> Iterator[Path]:
    """A temporary file beside `path`; on success it replaces `path` (mode kept) in one rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if path.exists():
            shutil.copymode(path, tmp)
        else:
            os.chmod(tmp, NEW_FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def exclusive(lock_path: Path, on_wait: Callable[[str], None],
              on_resume: Callable[[float], None]) -> Iterator[None]:
    """Hold an exclusive flock on `lock_path` (never removed: that would let two
    holders lock two files); `on_wait(holder's pid)` before waiting, `on_resume(seconds)` after."""
    lock_path = Path(lock_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            on_wait(handle.read().strip() or "unknown")
            started = time.monotonic()
            fcntl.flock(handle, fcntl.LOCK_EX)
            on_resume(time.monotonic() - started)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
