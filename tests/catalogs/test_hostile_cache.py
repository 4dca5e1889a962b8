"""Issue 22, finding 1: a file in build/ must never run code. The content
and catalog caches are read at every start (the app, every `flask` command);
whoever can write build/ (a forced commit, the service user, a shared CI
cache) could plant a pickle whose loading runs a command. The caches are
plain values now, signed (app/catalogs/cache.py): a hostile, foreign or torn
file costs only a read of the files themselves."""

from __future__ import annotations

import marshal
import pickle
import subprocess
import sys

import pytest

from app.catalogs.cache import FORMAT, PLAIN
from harness.checkout import environment, make_checkout, run


class Planted:
    """A pickle that, when loaded, creates a file (the probe's `touch /tmp/PWNED`)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def hostile_data(marker) -> bytes:
    """The nearest the caches' own format can come: a code object, objects
    naming callables, classes outside the allowlist."""
    command = f"import os; os.system('touch {marker}')"
    return marshal.dumps((FORMAT, True, (
        compile(command, "planted", "exec"),
        (..., "system", (f"touch {marker}",)),
        (..., "posix.system", (f"touch {marker}",)),
        (..., "Planted", (str(marker),)),
    )))


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def test_planted_caches_run_nothing_and_the_tools_still_work(tmp_path):
    checkout = make_checkout(tmp_path / "site")
    marker = tmp_path / "PWNED"
    build = checkout / "build"
    build.mkdir()
    for name in ("catalog-cache", "content-cache"):
        (build / f"{name}.pickle").write_bytes(pickle.dumps(Planted(marker)))
        (build / f"{name}.json").write_bytes(hostile_data(marker))

    done = run(checkout, "flask", "translate", "check", check=False)
    assert not marker.exists(), "a cache file ran code"
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout
    assert "unreadable" in done.stderr  # said, not hidden
    # Written afresh as signed plain data, and the next run reads it without a word.
    for name in ("catalog-cache", "content-cache"):
        mac, _, data = (build / f"{name}.json").read_bytes().partition(b"\n")
        assert len(mac) == 64 and PLAIN.loads(data)
    again = run(checkout, "flask", "translate", "check", check=False)
    assert again.returncode == 0 and "unreadable" not in again.stderr, again.stderr
    assert not marker.exists()


@pytest.mark.parametrize("value", [
    compile("import os; os.system('touch /nonexistent')", "planted", "exec"),  # code
    (..., "system", ("touch /nonexistent",)),  # a name not allowed
    (..., "os.system", ("touch /nonexistent",)),
    (..., "c.datetime", (1,)),  # in an allowed module, not a dataclass of it
    (..., "f.Path", ("/",)),
    (..., "f.Entry", (1, 2, 3, 4, 5, 6, 7)),  # wrong fields
    (..., "f.Entry"),  # an unknown shape
    {1, 2},  # a set: not among the values a cache holds
    nested(1500),  # deeper than the decoder goes
])
def test_a_hostile_value_is_refused_whole(value):
    """Whatever marshal can hold beyond plain values, in a value the decoder
    walks to rebuild dataclasses (as the content cache's), builds nothing."""
    data = marshal.dumps((FORMAT, True, [value]))
    with pytest.raises((ValueError, TypeError, RecursionError)):
        PLAIN.loads(data)


@pytest.mark.parametrize("data", [
    b"",
    b'{"t": [1, 2]}',  # the JSON of earlier versions
    marshal.dumps(("another format", [1])),
    marshal.dumps((FORMAT, False, [1, 2, 3]))[:-3],  # torn
    marshal.dumps((FORMAT, 1, [1, 2, 3])),  # not this format's
])
def test_a_torn_or_foreign_file_is_refused_whole(data):
    """(A file only ever reaches the decoder signed by this user's key: marshal
    may spend minutes on a length field an attacker chose.)"""
    with pytest.raises((ValueError, TypeError, RecursionError)):
        PLAIN.loads(data)


def test_plain_values_come_back_as_they_were():
    from app.catalogs.files import Entry

    value = ("v", {"a.po": (("rules", "hash", None),
                            ({(None, "Hi"): Entry("Hi", None, ("مرحبا",), 3),
                              ("ctx", "One"): Entry("One", "Many", ("a", "b"), 9)},
                             {((None, "Hi"), 0): ("error",)}))},
             [1.5, True, None])
    assert PLAIN.loads(PLAIN.dumps(value)) == value
    with pytest.raises(TypeError):
        PLAIN.dumps(Planted("x"))  # what it may not build, it does not write


def test_a_read_story_comes_back_as_it_was():
    from app.content.collection import load

    from ..support import FIXTURE_SITE

    content = load(FIXTURE_SITE / "content")
    entries = {**content.stories, **content.programs}
    assert len(entries) >= 5
    assert PLAIN.loads(PLAIN.dumps(entries)) == entries


def test_a_cache_in_the_right_format_but_not_signed_here_is_not_used(tmp_path):
    """The rest of finding 1: a file in the cache's own format can still hold
    a translation that was never judged. Whoever plants it (a forced commit,
    a shared CI cache, another user) lacks this user's key, so the page shows
    the catalog's own judged translation, never the planted one."""
    checkout = make_checkout(tmp_path / "site")
    state = {"XDG_STATE_HOME": str(tmp_path / "state")}
    render = ("from app import create_app\n"
              "print(create_app().test_client().get('/ar/').get_data(as_text=True))")

    def home_page():
        return subprocess.run([sys.executable, "-c", render], cwd=checkout, check=True,
                              env=environment(checkout, **state), capture_output=True,
                              text=True, timeout=300)

    run(checkout, "flask", "translate", "compile", **state)
    home_page()  # loads the catalogs: a signed cache
    cache = checkout / "build" / "catalog-cache.json"
    mac, _, data = cache.read_bytes().partition(b"\n")
    real = "اقرأ عن الأزمة وعن عملنا في سوريا".encode()
    assert real in data
    planted = data.replace(real, b"<img src=x onerror=alert(1)>")
    # Re-signed as an attacker would, with a key of their own machine:
    from app.catalogs.cache import signature
    cache.write_bytes(signature(b"k" * 32, planted) + b"\n" + planted)

    page = home_page()
    assert "onerror" not in page.stdout
    assert "اقرأ عن الأزمة وعن عملنا في سوريا" in page.stdout
    assert "unreadable (not signed by this user's key)" in page.stderr


def test_a_cache_from_another_machine_costs_only_time(tmp_path):
    """A cache written under one key (a CI runner, a colleague's machine) is
    read afresh under another, with a warning, and the tools give the same answer."""
    checkout = make_checkout(tmp_path / "site")
    first = run(checkout, "flask", "translate", "check", XDG_STATE_HOME=str(tmp_path / "a"))
    other = run(checkout, "flask", "translate", "check", XDG_STATE_HOME=str(tmp_path / "b"))
    assert "unreadable" in other.stderr
    assert other.stdout == first.stdout
    key = tmp_path / "b" / "hikaya" / "cache-key"
    assert key.stat().st_mode & 0o777 == 0o600, "the key is this user's alone"


def test_equal_values_give_equal_bytes():
    """A freeze's manifest is the same file after an incremental freeze as
    after a full one: its bytes do not depend on which strings are shared or
    interned in the process that wrote it."""
    word = sys.intern("".join(["incremental", " freeze"]))
    shared = [word, word, (word, {word: word})]
    fresh = ["".join(["incremental", " freeze"]) for _ in range(4)]
    separate = [fresh[0], fresh[1], (fresh[2], {fresh[3]: "incremental freeze"})]
    assert shared == separate
    assert PLAIN.dumps(shared) == PLAIN.dumps(separate)
