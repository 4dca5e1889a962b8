"""BENCHMARKS.md is written by several benchmarks: bench/run.py writes the
delivery figures, bench/scale.py and bench/floor.py each keep a section of
their own between markers, which a rerun of any of them leaves in place."""

from __future__ import annotations

import os
import re
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def _marker(key: str, end: bool = False) -> str:
    return f"<!-- {key}:{'end' if end else 'start'} -->"


def sections(text: str) -> str:
    """Every marked section of `text`, in order, as one block."""
    found = re.findall(r"<!-- (\w+):start -->.*?<!-- \1:end -->", text, flags=re.S)
    blocks = [re.search(rf"{re.escape(_marker(k))}.*?{re.escape(_marker(k, True))}", text,
                        flags=re.S).group(0) for k in found]
    return "\n\n".join(blocks)


def replace_section(key: str, title: str, body: str, output: Path = OUTPUT) -> None:
    block = f"{_marker(key)}\n## {title}\n\n{body.rstrip()}\n{_marker(key, True)}"
    text = output.read_text(encoding="utf-8") if output.is_file() else "# Benchmarks\n"
    pattern = re.compile(rf"{re.escape(_marker(key))}.*?{re.escape(_marker(key, True))}", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    output.write_text(text, encoding="utf-8")


def keep_sections(new_report: str, output: Path = OUTPUT) -> str:
    """A full report from bench/run.py, with the other benchmarks' sections
    of the current file carried over."""
    if not output.is_file():
        return new_report
    kept = sections(output.read_text(encoding="utf-8"))
    return new_report.rstrip() + ("\n\n" + kept + "\n" if kept else "\n")
