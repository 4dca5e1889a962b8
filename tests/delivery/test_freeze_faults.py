"""Issue 22, findings 3, 4 and the freeze parts of 10: what a freeze does
when it overlaps another, is killed, or meets a full disk or a mount point.

- 3: two overlapping freezes into one folder published 637 of 2,251 files
  with exit 0. Now one freeze per folder at a time: a second says it waits.
- 4: after `kill -9` of a freeze its workers kept writing, and the next
  freeze published stories taken down meanwhile. Now workers die with
  their parent, and every freeze builds in a folder of its own.
- 10: the swap was two renames (a kill between them left no site); `--out`
  on a mount point failed with EBUSY after building everything; a full
  disk gave a 78-line double traceback. Now `--out` is a link swapped by
  one rename, a mount point is refused before any work, and a full disk
  is one line naming the folder, with the old site intact.

Real `flask freeze` processes (and a tmpfs in a mount namespace of its own
for the full disk and the mount point); synchronised by the lock, files
and pids, never by sleeping."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from app.config import ROOT

from ..support import build_environment
from .test_freeze import tree

HANG = 300  # guards against a hang only; no outcome depends on it
ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("HIKAYA_")},
       **build_environment(),  # build outputs in the session's folder
       "HIKAYA_SITE_URL": "https://syria.example.org"}  # as tests/delivery/conftest.py


def freeze(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "freeze", *args], cwd=ROOT,
        env={**ENV, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen) -> tuple[int, str]:
    out, err = process.communicate(timeout=HANG)
    return process.returncode, out + err


def until(condition, what: str):
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)  # polling a condition; the deadline only stops a hang
    raise AssertionError(f"never: {what}")


def dead(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # ended, not yet reaped


def test_a_second_freeze_into_the_same_folder_waits_for_the_first(tmp_path):
    out = tmp_path / "site"
    lock = tmp_path / ".site.lock"
    with open(lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as a first freeze under way holds it
        handle.write(str(os.getpid()))
        handle.flush()
        second = freeze("--out", str(out))
        line = second.stderr.readline()
        assert line.startswith(f"waiting for another freeze into {out} (pid {os.getpid()})"), line
        assert not out.exists(), "it wrote while the first held the folder"
        fcntl.flock(handle, fcntl.LOCK_UN)
    code, output = finished(second)
    assert code == 0, output
    assert "waited" in output and (out / "en" / "index.html").is_file()


def test_two_freezes_at_once_publish_one_whole_site(tmp_path):
    out = tmp_path / "site"
    code, output = finished(freeze("--out", str(tmp_path / "alone")))
    assert code == 0, output
    expected = tree(tmp_path / "alone")
    both = [freeze("--out", str(out)), freeze("--out", str(out))]
    for process in both:
        code, output = finished(process)
        assert code == 0, output
    assert tree(out).keys() == expected.keys()
    assert out.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")) == sorted(
        [".site.lock", os.readlink(out), ".site.freeze-spare"])


def test_workers_die_with_the_freeze_that_started_them(tmp_path):
    """A killed freeze's workers stop at once: nothing is left writing."""
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from app.delivery.parallel import in_workers

        def job(share):
            Path({str(tmp_path)!r}, f"worker-{{share}}").write_text(str(os.getpid()))
            signal.pause()  # a worker with pages still to write

        in_workers(2, job)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=ENV)
    pids = until(lambda: [int(p.read_text()) for p in sorted(tmp_path.glob("worker-*"))
                          if p.read_text()] if len(list(tmp_path.glob("worker-*"))) == 2
                 else None, "both workers started")
    assert len(pids) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=HANG)
    try:
        until(lambda: all(dead(pid) for pid in pids), "the workers died with their parent")
    finally:
        for pid in pids:
            if not dead(pid):
                os.kill(pid, signal.SIGKILL)


def test_what_a_killed_freeze_left_is_never_published(tmp_path):
    """A freeze killed while building leaves its own folder; the next freeze
    neither publishes nor keeps any of it, and `--out` stays the old site
    until the new one is whole."""
    out = tmp_path / "site"
    code, output = finished(freeze("--out", str(out)))
    assert code == 0, output
    published = os.readlink(out)
    left = tmp_path / ".site.freeze-killed"
    gone = left / "en" / "stories" / "taken-down" / "index.html"
    gone.parent.mkdir(parents=True)
    gone.write_text("a story taken down")
    code, output = finished(freeze("--out", str(out)))
    assert code == 0, output
    assert os.readlink(out) != published and not (tmp_path / published).exists()
    # The tree it replaced is the spare the next freeze builds in; nothing else is left.
    assert sorted(p.name for p in tmp_path.iterdir() if "freeze-" in p.name) == sorted(
        [os.readlink(out), ".site.freeze-spare"])
    assert not (out / "en" / "stories" / "taken-down").exists()


def test_a_plain_folder_from_an_earlier_freeze_becomes_the_link(tmp_path):
    """A site frozen by an earlier version (a plain folder) is replaced by
    the link, and nothing of it is left beside it."""
    out = tmp_path / "site"
    code, output = finished(freeze("--out", str(out)))
    assert code == 0, output
    target = tmp_path / os.readlink(out)
    out.unlink()
    os.replace(target, out)  # the tree it linked to, now a plain folder
    assert out.is_dir() and not out.is_symlink()
    code, output = finished(freeze("--out", str(out)))
    assert code == 0, output
    assert out.is_symlink() and (out / "en" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if "freeze-" in p.name) == sorted(
        [os.readlink(out), ".site.freeze-spare"])


def in_tmpfs(tmp_path: Path, size: str, commands: str) -> str:
    """`commands` (sh) with $D a fresh tmpfs of `size`, in a mount namespace
    of its own (so nothing is left mounted), and $T this test's folder."""
    script = f'mount -t tmpfs -o size={size} hikaya-test "$D" && {commands}'
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        cwd=ROOT, env={**ENV, "D": str(mount), "T": str(tmp_path),
                       "PY": sys.executable},
        capture_output=True, text=True, timeout=HANG)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_full_disk_is_one_line_naming_the_folder_and_the_old_site_stays(tmp_path):
    output = in_tmpfs(tmp_path, "64m", textwrap.dedent("""
        flask() { "$PY" -m flask --app app freeze --out "$D/site"; }
        flask > "$T/first" 2>&1; echo "first=$?"
        (cd "$D/site/" && find . -type f -exec md5sum {} + | sort) > "$T/before"
        dd if=/dev/zero of="$D/filler" bs=64k 2>/dev/null  # until the disk is full
        flask > "$T/second" 2>&1; echo "second=$?"
        (cd "$D/site/" && find . -type f -exec md5sum {} + | sort) > "$T/after"
        cmp -s "$T/before" "$T/after" && echo same
        ls -A "$D"
    """))
    assert "first=0" in output, (tmp_path / "first").read_text()
    second = (tmp_path / "second").read_text()
    assert "second=1" in output, second
    errors = [line for line in second.splitlines() if not line.startswith("note:")]
    assert len(errors) == 1, second
    assert errors[0].startswith(f"Error: cannot freeze into {tmp_path / 'mnt' / 'site'}: "
                                "the disk is full"), errors[0]
    assert "unchanged" in errors[0] and "Traceback" not in second
    assert "same" in output.split(), output
    assert len((tmp_path / "before").read_text().splitlines()) > 80
    # Only the published tree is left beside the link: the failed one is gone.
    left = output.split("same", 1)[1].split()
    assert [name for name in left if name.startswith(".site.freeze-")] != [], left
    assert len([name for name in left if name.startswith(".site.freeze-")]) == 1, left


def test_a_mount_point_is_refused_before_any_work(tmp_path):
    output = in_tmpfs(tmp_path, "64m", textwrap.dedent("""
        "$PY" -m flask --app app freeze --out "$D" > "$T/out" 2>&1; echo "code=$?"
        ls -A "$D" "$T"
    """))
    said = (tmp_path / "out").read_text()
    assert "code=1" in output, said
    errors = [line for line in said.splitlines() if not line.startswith("note:")]
    assert errors == [f"Error: {tmp_path / 'mnt'} is a mount point, which a freeze cannot "
                      f"replace; give --out a folder inside it, such as "
                      f"{tmp_path / 'mnt' / 'site'}"], said
    assert "freeze-" not in output, "it built before refusing"


def test_a_folder_it_may_not_write_is_one_line_naming_it(tmp_path):
    output = in_tmpfs(tmp_path, "64m", textwrap.dedent("""
        mount -o remount,ro "$D"
        "$PY" -m flask --app app freeze --out "$D/site" > "$T/out" 2>&1; echo "code=$?"
    """))
    said = (tmp_path / "out").read_text()
    assert "code=1" in output, said
    assert said.splitlines() == [
        f"Error: cannot freeze into {tmp_path / 'mnt' / 'site'}: Read-only file system "
        f"({tmp_path / 'mnt' / '.site.lock'}); the site published there is unchanged"], said
