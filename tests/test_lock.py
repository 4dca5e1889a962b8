"""Installs stay reproducible: constraints.txt pins every package the site and
its tests need, scripts/setup.sh installs from it, `make lock` writes it,
and the environment this suite runs in is exactly the locked one."""

from __future__ import annotations

import re
import subprocess
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "constraints.txt"


def locked() -> dict[str, str]:
    pins = {}
    for number, line in enumerate(LOCK.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([A-Za-z0-9.+!_-]+)", line.strip())
        assert match, f"constraints.txt:{number}: not name==version: {line!r}"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def needed() -> set[str]:
    """hikaya's requirements with the test extra, and theirs, transitively,
    as installed here (environment markers applied)."""
    env = default_environment()
    todo = [(canonicalize_name(r.name), set(r.extras)) for r in map(Requirement, [
        *metadata.requires("hikaya")
    ]) if r.marker is None or r.marker.evaluate({**env, "extra": "test"})]
    seen: set[str] = set()
    while todo:
        name, extras = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is not None and not any(
                requirement.marker.evaluate({**env, "extra": extra}) for extra in extras or {""}
            ):
                continue
            todo.append((canonicalize_name(requirement.name), set(requirement.extras)))
    return seen


def test_every_package_the_suite_uses_is_pinned_at_the_version_it_runs():
    pins = locked()
    problems = []
    for name in sorted(needed()):
        installed = metadata.version(name)
        if name not in pins:
            problems.append(f"{name} {installed} is not in constraints.txt")
        elif pins[name] != installed:
            problems.append(f"{name} is {installed} here, {pins[name]} in constraints.txt")
    assert problems == [], "run `make lock` once the suite passes:\n" + "\n".join(problems)
    assert pins["pip"] == metadata.version("pip")


def test_setup_installs_from_the_lock_and_make_lock_writes_it():
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert re.search(r'PIP_CONSTRAINT="\$PWD/constraints\.txt"', setup)
    assert "constraints.txt" in setup.split("digest=", 1)[1].split("\n", 1)[0]
    dry = subprocess.run(["make", "-n", "lock"], cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert re.search(r"pip freeze --all --exclude-editable .*>> constraints\.txt", dry.stdout)
