"""`flask a11y` is a plugin command that Flask loads at the start of every
`flask` command; its modules (a browser, axe's runner, the reports) load
only when it runs or shows its help, so a freeze or a translator's command
does not pay for them."""

from __future__ import annotations

import subprocess
import sys

from app.a11y import a11y
from app.a11y.cli import a11y as real

from ..support import ROOT

LOADED = """
import sys
from flask.cli import cli
cli.main(args=[*sys.argv[1:], "--help"], prog_name="flask", standalone_mode=False)
print("LOADED" if "app.a11y.cli" in sys.modules else "NOT LOADED")
"""


def loaded_after(*args: str) -> str:
    done = subprocess.run([sys.executable, "-c", LOADED, "--app", "app", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def test_other_commands_do_not_load_the_checker():
    for command in (["freeze"], ["translate"], []):
        out = loaded_after(*command)
        assert out.rstrip().endswith("NOT LOADED"), (command, out[-300:])


def test_the_command_runs_the_checker_with_its_own_options():
    out = loaded_after("a11y")
    assert "--changed-since" in out and "--jobs" in out and "390x844" in out
    assert out.rstrip().endswith("LOADED") and not out.rstrip().endswith("NOT LOADED")


def test_the_listed_summary_is_the_checkers_own_first_sentence():
    words = " ".join(a11y.help.split())
    assert " ".join(real.help.split()).startswith(words.removesuffix(".")), (a11y.help, real.help)
