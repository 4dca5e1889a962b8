"""The one gate every file of a site folder passes before its bytes are used:
a regular file inside the folder, or a symlink to one. A symlink out (to
/proc/self/environ), a loop, a FIFO (it would hang) or a device is refused
with a reason, never read; a read opens without blocking and checks the open file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# Static files are held in memory by the app; a photograph is a few megabytes.
MAX_STATIC_BYTES = 32 * 1024 * 1024
OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOFOLLOW


class Refused(Exception):
    """A file of a site folder that may not be used; its message says why."""


def hidden(name: str) -> bool:
    """What editors' tools leave beside the files (`.#story.md`, `.story.md.swp`,
    `.DS_Store`, `.git`): never used, served, frozen or reported, as Jekyll does."""
    return name.startswith(".")


def regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        what = next((name for test, name in KINDS if test(mode)), "not a regular file")
        raise Refused(f"is {what}, not a regular file")


def target(path: str | Path, folder: str | Path) -> str:
    """The real path of a file of `folder` that may be read, or Refused."""
    real_folder = os.path.realpath(folder)
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        raise Refused(f"is a symlink that leads nowhere ({exc.strerror})") from None
    if os.path.commonpath([real, real_folder]) != real_folder:
        raise Refused(f"is a symlink to {real}, outside {os.fspath(folder)}; copy the file "
                      "into the folder instead")
    try:
        regular(os.stat(real).st_mode)
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror}") from None
    return real


def read(path: str | Path, folder: str | Path, limit: int) -> bytes:
    try:
        fd = os.open(target(path, folder), OPEN_FLAGS)
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        regular(info.st_mode)  # it may have been swapped since target() looked
        if info.st_size > limit:
            raise Refused(f"is {info.st_size} bytes; at most {limit} are allowed")
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise Refused(f"is more than {limit} bytes")
    return data


def refused(folder: str | Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(path, reason) for every entry under `folder` that may not be used (its
    symlinked folders are never walked into) or is larger than `limit`."""
    out = []
    folder = os.fspath(folder)
    for base, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not hidden(name)]
        for name in [*dirs, *files]:
            if hidden(name):
                continue
            path = os.path.join(base, name)
            try:
                info = os.lstat(path)
                if stat.S_ISDIR(info.st_mode):
                    continue
                if stat.S_ISLNK(info.st_mode):
                    info = os.stat(target(path, folder))
                regular(info.st_mode)
                if limit is not None and info.st_size > limit:
                    raise Refused(f"is {info.st_size} bytes; at most {limit} are allowed")
            except Refused as exc:
                out.append((path, str(exc)))
            except OSError as exc:
                out.append((path, f"cannot be read: {exc.strerror}"))
    return sorted(out)
