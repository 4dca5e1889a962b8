"""`--out DIR` is a symbolic link to the tree of the last finished freeze
(build/site -> .site.freeze-k3j9x2). One freeze per DIR at a time (an
flock), each built in a folder no reader sees, so nothing a killed freeze
left is ever published, and published by one rename: a reader meets the old
site or the new, never a mix. A folder that is not a frozen site is refused.
The tree a swap replaces is kept as SPARE, for the next incremental freeze
to build in: making and removing a tree's thousands of folders cost more
than a one-story edit (incremental.py). mirror() makes it the published
tree's copy again, hard links to the very files, in a process of its own."""

from __future__ import annotations

import errno
import os
import posixpath
import shutil
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import click

from ..writing import exclusive
from .parallel import in_background

# A freeze replaces only an empty DIR or a freeze's: a typo wipes nothing.
MARKERS = ("index.html", "sitemap.xml", "404.html")


SPARE = "spare"  # no name mkdtemp gives (8 characters)


def tree_prefix(out: Path) -> str:
    return f".{out.name}.freeze-"


def spare_tree(out: Path) -> Path:
    return out.parent / (tree_prefix(out) + SPARE)


def locked(out: Path) -> AbstractContextManager:
    """One freeze into `out` at a time; another says it waits, and for whom."""
    def waiting(holder: str) -> None:
        click.echo(f"waiting for another freeze into {out} (pid {holder}) to finish", err=True)

    def resumed(seconds: float) -> None:
        click.echo(f"waited {seconds:.1f} s; freezing into {out} now", err=True)

    return exclusive(out.parent / f".{out.name}.lock", waiting, resumed)


def check_replaceable(out: Path) -> None:
    """Refuse, before any work, a DIR a freeze must not or cannot replace."""
    if out.is_symlink() or not out.exists():
        return
    if os.path.ismount(out):
        raise click.ClickException(f"{out} is a mount point, which a freeze cannot replace; "
                                   f"give --out a folder inside it, such as {out / 'site'}")
    if any(out.iterdir()) and not all((out / m).is_file() for m in MARKERS):
        raise click.ClickException(f"{out} is not empty and does not look like a frozen site; "
                                   "choose an empty or new folder for --out")


def published_tree(out: Path) -> Path | None:
    """The tree DIR links to, when it is one of this DIR's freeze folders."""
    if not out.is_symlink():
        return None
    target = out.parent / os.readlink(out)
    if target.parent == out.parent and target.name.startswith(tree_prefix(out)):
        return target
    return None


def sweep(out: Path) -> None:
    """Remove what killed or failed freezes left beside DIR (under the lock,
    so no other freeze is using any of it), keeping the published tree."""
    keep = (published_tree(out), spare_tree(out))
    for path in out.parent.glob(tree_prefix(out) + "*"):
        if path not in keep:
            remove(path)


def new_tree(out: Path, *, spare: bool = False) -> tuple[Path, bool]:
    """A folder to build in, and whether it is the spare (with what an
    earlier freeze left in it, for the caller to set right), taken when
    `spare` and there is one."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tree = Path(tempfile.mkdtemp(dir=out.parent, prefix=tree_prefix(out)))
    os.chmod(tree, 0o755)  # mkdtemp makes 0700; the web server must read the site
    if spare and spare_tree(out).is_dir() and not spare_tree(out).is_symlink():
        os.replace(spare_tree(out), tree)  # onto the empty folder, in one rename
        return tree, True
    return tree, False


def swap(tree: Path, out: Path) -> None:
    """Make DIR the link to `tree` in one rename; what it was is the spare."""
    old = published_tree(out)
    link = out.parent / f"{tree.name}.link"
    link.unlink(missing_ok=True)
    os.symlink(tree.name, link)  # relative: the folder can move as a whole
    try:
        if out.is_dir() and not out.is_symlink():
            # A plain folder from an earlier version: moved aside, and only
            # removed once the link has replaced it.
            old = new_tree(out)[0]
            os.replace(out, old)
        os.replace(link, out)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    remove(spare_tree(out))
    if old is not None:
        os.replace(old, spare_tree(out))


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def fault(exc: OSError, out: Path) -> click.ClickException:
    """An error writing the site, in one line naming DIR and what failed."""
    reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    return click.ClickException(f"cannot freeze into {out}: {reason}{where}; "
                                "the site published there is unchanged")


def link(source: Path, target: Path) -> None:
    """`target` made the same file as `source` (across file systems, a copy)."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copy2(source, target)


def _folders(names: set[str]) -> set[str]:
    """The folders `names` are in, and theirs up to the tree's top ("")."""
    needed = {posixpath.dirname(name) for name in names}
    for name in list(needed):
        while name and (name := posixpath.dirname(name)) not in needed:
            needed.add(name)
    return needed


def drop(tree: Path, names: set[str]) -> None:
    """Remove `names` from `tree`, and the folders they leave empty (a page
    no longer published; one rendered again makes its folder again)."""
    for name in names:
        Path(tree, name).unlink(missing_ok=True)
    for folder in sorted(_folders(names) - {""}, key=len, reverse=True):
        try:
            os.rmdir(Path(tree, folder))  # its own folders went first
        except OSError:  # not empty: a kept file is in it
            pass


def mirror(tree: Path, previous: Path, names: set[str]) -> Callable[[], set[str]]:
    """Start making `tree`, the spare, hold `names` (every file of the
    last freeze's, listed by its manifest) as `previous`'s very files, and
    nothing else, in a process of its own while the freeze decides what to
    render (a scan of 6,600 files at 1,000 stories). The function returned
    waits for it: the names `tree` then holds."""

    def job() -> list[str]:
        same, folders = _only_linked(tree, names, previous)
        gone = []
        for name in names - same:
            target = tree / name
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            try:
                link(previous / name, target)
            except FileNotFoundError:
                gone.append(name)
        return gone

    done = in_background(job)
    return lambda: names - set(done())


def _only_linked(tree: Path, wanted: set[str], previous: Path) -> tuple[set[str], set[Path]]:
    """Remove from `tree` every file but those of `wanted` that are the
    same file as in `previous`, and the folders no wanted file is in:
    (the names kept, the folders left)."""
    same, folders = set(), set()
    needed = _folders(wanted)

    def clear(folder: str, rel: str) -> None:
        """Depth first; a folder's inode numbers come with its listing (no stat)."""
        with os.scandir(folder) as listing:
            entries = list(listing)
        for entry in entries:
            shown = f"{rel}/{entry.name}".lstrip("/")
            if entry.is_dir(follow_symlinks=False):
                clear(entry.path, shown)
                continue
            if shown in wanted:
                try:
                    theirs = os.lstat(before + shown)
                    if entry.inode() == theirs.st_ino and theirs.st_dev == device:
                        same.add(shown)
                        continue
                except FileNotFoundError:
                    pass
            os.unlink(entry.path)
        if rel in needed or not rel:
            folders.add(Path(folder))
        else:
            os.rmdir(folder)  # its own folders went first

    device = os.lstat(tree).st_dev
    before = f"{previous}/"  # a str: 6,000 Path objects were a tenth of this
    clear(str(tree), "")
    return same, folders
