"""The shape the code keeps: no import circle (scripts/check_imports.py, which
is proven here to catch one), modules a reader can take in at once, and an
app that imports no test tool when it is built."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import ROOT

CHECKER = ROOT / "scripts" / "check_imports.py"
MAX_LINES = 400


def check_imports(package: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CHECKER), str(package)], capture_output=True, text=True
    )


def test_app_has_no_import_circle():
    result = check_imports(ROOT / "app")
    assert result.returncode == 0, result.stderr
    assert "no import circle" in result.stdout
    # The layers point one way: the catalogs know nothing of the site.
    arrows = dict(line.split(" -> ") for line in result.stdout.splitlines() if " -> " in line)
    assert "app.site" not in arrows.get("app.catalogs", "")


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.mark.parametrize(
    ("files", "circle"),
    [
        pytest.param(
            {"__init__.py": "", "a.py": "from . import b\n", "b.py": "from .a import x\n"},
            "pkg.a <-> pkg.b",
            id="two modules",
        ),
        pytest.param(
            {
                "__init__.py": "",
                "a.py": "import pkg.b\n",
                "b.py": "from pkg import c\n",
                "c.py": "def f():\n    from .a import g\n",
            },
            "pkg.a <-> pkg.b <-> pkg.c",
            id="three modules, one import inside a function",
        ),
        pytest.param(
            {
                "__init__.py": "",
                "x/__init__.py": "",
                "x/one.py": "from ..y import two\n",
                "y/__init__.py": "",
                "y/two.py": "",
                "y/three.py": "from ..x.one import f\n",
                "x/four.py": "",
            },
            "pkg.x <-> pkg.y",
            id="two subpackages through different modules",
        ),
    ],
)
def test_checker_finds_a_circle(tmp_path, files, circle):
    result = check_imports(write(tmp_path / "pkg", files))
    assert result.returncode == 1
    assert circle in result.stderr


def test_checker_passes_a_one_way_package(tmp_path):
    package = write(
        tmp_path / "pkg",
        {"__init__.py": "from . import a\n", "a.py": "from .b import f\n", "b.py": "import os\n"},
    )
    result = check_imports(package)
    assert result.returncode == 0, result.stderr


def test_no_module_of_the_app_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in (ROOT / "app").rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_building_the_app_imports_no_test_tool_nor_qa_nor_the_printer():
    """Selenium and the test harness are for tests and `flask a11y` runs;
    serving the site must not need them. Nor does it load the accessibility
    tool or the PDF printer (issue 20): they are commands beside the app,
    `flask a11y` through the flask.commands entry point, the printer only
    for `flask freeze --pdf`."""
    code = (
        "import sys, app; app.create_app();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('selenium', 'harness', 'axe_selenium_python', 'pytest')"
        " or m.startswith('app.a11y') or m == 'app.delivery.pdf'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
    # ...and `flask a11y` is still there, from the installed entry point.
    listed = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "--help"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    assert re.search(r"^  a11y\s", listed.stdout, re.MULTILINE), listed.stdout
