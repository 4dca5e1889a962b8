"""A working copy of the site in a temporary folder, as an editor's checkout
would be: the app, its templates, static files, content and catalogs (no
compiled .mo, no build output). Commands run in it with its own `app`
package first on the path, so `flask translate extract` reads its content/
and writes its translations/, and the real checkout is never touched.

The editor's test (tests/content/test_editor.py) and the scale benchmark
(bench/scale.py) both work in one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("app", "site.toml", "templates", "static", "content", "translations", "babel.cfg",
         "gunicorn.conf.py")
IGNORE = shutil.ignore_patterns("*.mo", "__pycache__", "*.pyc")


def make_checkout(target: Path) -> Path:
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=IGNORE)
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


def environment(checkout: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HIKAYA_")}
    env.update({
        "PYTHONPATH": str(checkout),
        "FLASK_APP": "app",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    env.update(extra)
    return env


def run(checkout: Path, *args: str, check: bool = True, **extra_env: str):
    """`python -m <args>` in the checkout (such as "flask", "translate",
    "extract"); the CompletedProcess, output as text."""
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=checkout, env=environment(checkout, **extra_env),
        capture_output=True, text=True, timeout=900,
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n"
                           f"{done.stdout}\n{done.stderr}")
    return done
