"""The session's guard against tests writing into the checkout
(tests/conftest.py) sees a write, on a repository of its own: a new file in
an ignored folder, a tracked file rewritten, an untracked file; and sees no
change where there was none."""

from __future__ import annotations

import os
import subprocess

from .support import checkout_state

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]


def repository(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("build/\n__pycache__/\n")
    (tmp_path / "page.md").write_text("one\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "cache.json").write_text("{}")
    subprocess.run([*GIT, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*GIT, "commit", "-qm", "start"], cwd=tmp_path, check=True)
    return tmp_path


def test_an_untouched_checkout_stays_the_same(tmp_path):
    root = repository(tmp_path)
    (root / "__pycache__").mkdir()
    before = checkout_state(root)
    (root / "__pycache__" / "page.cpython-312.pyc").write_bytes(b"bytecode")  # Python's own
    assert checkout_state(root) == before


def test_a_new_file_in_an_ignored_folder_is_a_change(tmp_path):
    root = repository(tmp_path)
    before = checkout_state(root)
    (root / "build" / "catalog-cache.json").write_text("{}")
    assert set(checkout_state(root)) - set(before) == {"build/catalog-cache.json"}


def test_an_ignored_file_rewritten_in_place_is_a_change(tmp_path):
    root = repository(tmp_path)
    before = checkout_state(root)
    cache = root / "build" / "cache.json"
    cache.write_text("[]")  # the same size, other bytes
    assert checkout_state(root)["build/cache.json"] != before["build/cache.json"]


def test_the_same_bytes_written_again_are_no_change(tmp_path):
    root = repository(tmp_path)
    before = checkout_state(root)
    cache = root / "build" / "cache.json"
    cache.write_text("{}")
    os.utime(cache, ns=(1, 1))
    assert checkout_state(root) == before


def test_tracked_and_untracked_files_are_changes(tmp_path):
    root = repository(tmp_path)
    before = checkout_state(root)
    (root / "page.md").write_text("two\n")
    (root / "new.md").write_text("new\n")
    after = checkout_state(root)
    assert after["page.md"][0] == " M" and after["new.md"][0] == "??"
    assert "page.md" not in before and "new.md" not in before
