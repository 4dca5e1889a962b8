"""Beside each text file a freeze writes its gzip twin (nginx's gzip_static);
no gzip header carries a time: the same site gives the same bytes."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from unicodedata import normalize
from urllib.parse import unquote

from werkzeug.wrappers import Response

GZIP_MAGIC = b"\x1f\x8b\x08"  # gzip, deflate (RFC 1952)
NO_TIME = b"\0\0\0\0"

# Files nginx may send gzipped; each gets a .gz twin when that saves bytes.
PRECOMPRESS = {".html", ".css", ".svg", ".xml", ".txt"}


def file_name(url: str) -> str:
    """The file a URL is written to: /ar/stories/ -> ar/stories/index.html."""
    name = unquote(url) if "%" in url else url
    name = (name if name.isascii() else normalize("NFC", name)).lstrip("/")
    return name + "index.html" if name.endswith("/") or not name else name


def write(root: Path, name: str, data: bytes) -> list[str]:
    """Write `data` to `name` under `root`, and its gzipped twin (mtime 0)
    when that is smaller: the names written. The twin has the file's
    modification time, as nginx's gzip_static sends the twin's."""
    path, twin = root / name, root / (name + ".gz")
    written = new_file(path, data)
    packed = gzip.compress(data, compresslevel=9, mtime=0) if path.suffix in PRECOMPRESS else b""
    if not packed or len(packed) >= len(data):
        twin.unlink(missing_ok=True)  # one left from an earlier freeze would be sent
        return [name]
    new_file(twin, packed, times=(written.st_atime_ns, written.st_mtime_ns))
    return [name, name + ".gz"]


NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL


def new_file(path: Path, data: bytes, times: tuple[int, int] | None = None) -> os.stat_result:
    """Always a new file: in a tree an incremental freeze reuses, one there
    may be a hard link into the published site, never to be written through.
    One system call in a new tree, where the folder is made by the first;
    `times` (access, modification, ns) set through the open file. Its
    status once written. A freeze writes thousands of files: each system
    call a file saves counts, the more on a busy disk."""
    try:
        fd = os.open(path, NEW, 0o666)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, NEW, 0o666)
    except FileExistsError:
        path.unlink()
        fd = os.open(path, NEW, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if times is not None:
            os.utime(fd, ns=times)
        return os.fstat(fd)
    finally:
        os.close(fd)


def without_gzip_time(response: Response) -> Response:
    """Zero the MTIME that flask-compress's gzip header carries (RFC 1952:
    0 is "no time stamp"): otherwise one page sent twice (two workers, the
    page cache against a fresh render) differs in four bytes."""
    if (response.headers.get("Content-Encoding") == "gzip" and not response.is_streamed
            and not response.direct_passthrough):
        data = response.get_data()
        if data[:3] == GZIP_MAGIC and data[4:8] != NO_TIME:
            response.set_data(data[:4] + NO_TIME + data[8:])
    return response
