"""The JavaScript the tool runs in pages, each prefixed with common.js."""

from __future__ import annotations

from functools import cache
from pathlib import Path

HERE = Path(__file__).parent / "js"


@cache
def script(name: str) -> str:
    common = (HERE / "common.js").read_text(encoding="utf-8")
    return common + "\n" + (HERE / f"{name}.js").read_text(encoding="utf-8")
