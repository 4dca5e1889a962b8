"""Issue 22, finding 2: two `flask translate` commands at once lose nothing.
Two `update`s at once deleted the Arabic catalog or cut the Turkish one from
49 translations to 8 (Babel's fixed temporary name, then an in-place rewrite
of the header). Every command that writes translations/ now holds one lock
(a second says it waits, then works on what the first wrote) and writes each
file whole under a temporary name of its own (app/writing.py).

Real processes in a temporary checkout; the test holds the lock itself to
see a command wait, so nothing here depends on timing."""

from __future__ import annotations

import fcntl
import os
import selectors
import subprocess
import sys
import time

import pytest

from app.writing import replaced
from harness.checkout import environment, make_checkout, run

# Only guards against a hang; no outcome depends on it.
HANG = 300


def catalogs(checkout) -> dict[str, bytes]:
    return {p.relative_to(checkout).as_posix(): p.read_bytes()
            for p in sorted((checkout / "translations").rglob("messages.po*"))}


def start(checkout, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "translate", *args], cwd=checkout,
        env=environment(checkout), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_line_with(process: subprocess.Popen, needle: str) -> str:
    """Lines of the process's stderr until one holds `needle` (or it ends)."""
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + HANG
    seen = []
    while time.monotonic() < deadline:
        if not selector.select(timeout=deadline - time.monotonic()):
            break
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return line
    process.kill()
    raise AssertionError(f"never said {needle!r}: {''.join(seen)}")


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    return make_checkout(tmp_path_factory.mktemp("concurrent") / "site")


@pytest.mark.parametrize("command", [["update"], ["compile"], ["pseudo"], ["extract"],
                                     ["init", "fr"]])
def test_a_second_command_says_it_waits_and_then_does_its_work(checkout, command):
    lock = checkout / "translations" / ".translate.lock"
    before = catalogs(checkout)
    with open(lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        process = start(checkout, *command)
        line = read_line_with(process, "waiting for")
        assert "translations/.translate.lock" in line and f"pid {os.getpid()}" in line, line
        assert catalogs(checkout) == before, "it wrote while another held the lock"
        fcntl.flock(handle, fcntl.LOCK_UN)
    out, err = process.communicate(timeout=HANG)
    assert process.returncode == 0, out + err
    assert "waited" in err, err
    if command[0] == "init":
        assert (checkout / "translations" / "fr" / "LC_MESSAGES" / "messages.po").is_file()
    leftovers = [p.name for p in (checkout / "translations").rglob("*") if "tmp" in p.name]
    assert leftovers == []


def test_two_updates_at_once_end_as_one_after_the_other(tmp_path):
    """The probe's repro: both catalogs whole, with every translation, and
    byte for byte what one update writes."""
    once = make_checkout(tmp_path / "once")
    run(once, "flask", "translate", "update")
    expected = catalogs(once)
    for trial in range(3):
        twice = make_checkout(tmp_path / f"twice-{trial}")
        first, second = start(twice, "update"), start(twice, "update")
        results = [p.communicate(timeout=HANG) + (p.returncode,) for p in (first, second)]
        assert [r[2] for r in results] == [0, 0], results
        assert catalogs(twice) == expected, trial


def test_a_failed_write_leaves_the_old_file(tmp_path):
    path = tmp_path / "messages.po"
    path.write_text("old")
    path.chmod(0o640)
    with pytest.raises(RuntimeError), replaced(path) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["messages.po"]
    with replaced(path) as tmp:
        tmp.write_text("new")
    assert path.read_text() == "new" and oct(path.stat().st_mode & 0o777) == "0o640"
