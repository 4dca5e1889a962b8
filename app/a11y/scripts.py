"""The JavaScript the tool runs in pages, each prefixed with common.js."""

from __future__ import annotations

from functools import cache
from pathlib import Path

HERE = Path(__file__).parent / "js"


def _body(name: str) -> str:
    return (HERE / f"{name}.js").read_text(encoding="utf-8")


@cache
def script(name: str) -> str:
    return _body("common") + "\n" + _body(name)


@cache
def _batch(names: tuple[str, ...]) -> str:
    # Each script's body becomes a function: its `arguments` are its step's,
    # its top-level `return` is its result.
    steps = ",\n".join(f"function () {{\n{_body(name)}\n}}" for name in names)
    return (
        _body("common")
        + f"\nvar steps = [{steps}], given = arguments[0], results = [];\n"
        + "for (var i = 0; i < steps.length; i++) {\n"
        + "  results.push(steps[i].apply(null, given[i]));\n"
        + "  if (results[i] === null) break;\n"
        + "}\nreturn results;"
    )


def run_batch(driver, *steps: tuple) -> list:
    """Several of the tool's scripts in one WebDriver call (a round trip costs
    a busy machine more than most scripts). A step is (script name, its
    arguments...); one that returns null ends the batch early."""
    names = tuple(name for name, *_ in steps)
    return driver.execute_script(_batch(names), [list(args) for _, *args in steps])
