"""What a site folder (content/, static/) may hold, and how a file of it is
read: the one gate every content file and static file passes before any of
its bytes are used, in the app, in `flask translate` and in the freeze.

A file is used only when it is a regular file inside its folder. A symlink
may point at a regular file inside the same folder (one picture under two
names); a symlink that leads out of the folder (to /proc/self/environ, to
another checkout), a loop, a named pipe, a device or a socket is refused with
a reason that names it, never skipped in silence and never read: a FIFO
would hang the tool and /dev/zero would fill the memory.

Reading opens the file without blocking (O_NONBLOCK), asks the open file
itself what it is and how big (fstat, so a file swapped after the check is
still caught), and reads at most `limit` bytes.
"""

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
# Static files are held in memory by the app; the site's are kilobytes, a
# photograph a few megabytes. Anything larger is a mistake, not a file to serve.
MAX_STATIC_BYTES = 32 * 1024 * 1024
OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | \
    getattr(os, "O_NOFOLLOW", 0)


class Refused(Exception):
    """A file of a site folder that may not be used, and why."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def hidden(name: str) -> bool:
    """A name an editor's tools leave beside the files (Emacs's `.#story.md`
    lock, Vim's `.story.md.swp`, `.DS_Store`, `.git`): not part of the site,
    so never used, served, frozen or reported, as Jekyll and most static
    site tools treat them."""
    return name.startswith(".")


def kind(mode: int) -> str | None:
    """What a non-regular file is ("a named pipe (FIFO)"); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in KINDS if test(mode)), "not a regular file")


def inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def target(path: str | Path, folder: str | Path) -> str:
    """The real path of a file of `folder` that may be read: `path` itself,
    or where its symlink leads. Refused: a symlink that leads out of the
    folder or nowhere, anything that is not a regular file."""
    path = os.fspath(path)
    real_folder = os.path.realpath(folder)
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        raise Refused(f"is a symlink that leads nowhere ({exc.strerror})") from None
    if not inside(real, real_folder):
        raise Refused(f"is a symlink to {real}, outside {os.fspath(folder)}; copy the file "
                      "into the folder instead")
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror}") from None
    what = kind(mode)
    if what is not None:
        raise Refused(f"is {what}, not a regular file")
    return real


def read(path: str | Path, folder: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of `folder`, at most `limit` of them.
    Refused (with the reason) for anything else."""
    real = target(path, folder)
    try:
        fd = os.open(real, OPEN_FLAGS)
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        what = kind(info.st_mode)
        if what is not None:  # swapped for something else since target() looked
            raise Refused(f"is {what}, not a regular file")
        if info.st_size > limit:
            raise Refused(f"is {info.st_size} bytes; at most {limit} are allowed")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # it grew while being read
            raise Refused(f"is more than {limit} bytes")
        return data
    finally:
        os.close(fd)


def refused(folder: str | Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(path, reason) for every entry under `folder` that may not be used,
    symlinked folders included (they are never walked into), and with
    `limit` every file larger than that. Sorted."""
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
                elif not stat.S_ISREG(info.st_mode):
                    raise Refused(f"is {kind(info.st_mode)}, not a regular file")
                # A regular file found by this walk (which enters no symlink)
                # is inside the folder: no path to resolve.
                size = info.st_size
            except Refused as exc:
                out.append((path, exc.reason))
                continue
            except OSError as exc:
                out.append((path, f"cannot be read: {exc.strerror}"))
                continue
            if limit is not None and size > limit:
                out.append((path, f"is {size} bytes; at most {limit} are allowed"))
    return sorted(out)
