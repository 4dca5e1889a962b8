"""Small, strict readers for front-matter values: each returns the value or
records a problem at the value's line, so one pass over a file reports
everything wrong with it at once."""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path

from .frontmatter import Node
from .model import Problem

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")


class Reader:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        # Slips that leave the page right (an empty translator note): told
        # at their line, the file still used.
        self.warnings: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.path, line, message))

    def typed(self, node: Node | None, kind: type, problem: str, default=None):
        """`node`'s value when it is a `kind`; else `default`, and (for a
        value of another kind) `problem`, the value written in for
        "{value!r}" (not str.format: `what` may hold an editor's braces)."""
        if node is None:
            return default
        if not isinstance(node.value, kind):
            self.problem(node.line, problem.replace("{value!r}", repr(node.value)))
            return default
        return node.value

    def mapping(self, node: Node | None, what: str) -> dict[str, Node] | None:
        return self.typed(node, dict, f"{what} must be a set of 'key: value' lines")

    def known_keys(self, node: Node, allowed: tuple[str, ...], what: str) -> None:
        for key in node.value:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                self.problem(
                    node.key_line(key),
                    f"unknown key {key!r} in {what}{hint} (known: {', '.join(allowed)})",
                )

    def text(self, node: Node | None, what: str, *, required: bool = False,
             parent: Node | None = None, allow_empty: bool = False) -> str | None:
        if node is None:
            if required:
                self.problem(parent.line if parent else 1, f"{what} is missing")
            return None
        if isinstance(node.value, bool) or not isinstance(node.value, str):
            shown = node.value if not isinstance(node.value, bool) else str(node.value).lower()
            hint = " (YAML read it as something else: put the text in quotes)"
            if isinstance(node.value, (list, dict)):
                hint = ""
            self.problem(node.line, f"{what} must be text, not {shown!r}{hint}")
            return None
        if not node.value.strip() and not allow_empty:
            self.problem(node.line, f"{what} is empty")
            return None
        return node.value

    def boolean(self, node: Node | None, what: str, default: bool = False) -> bool:
        return self.typed(node, bool, f"{what} must be true or false, not {{value!r}}", default)

    def number(self, node: Node | None, what: str) -> float | int | None:
        if node is None:
            return None
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(node.line, f"{what} must be a number, not {value!r}")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.problem(node.line, f"{what} must be a finite number")
            return None
        return value

    def date(self, node: Node | None, what: str) -> datetime.date | None:
        if node is None:
            return None
        value = node.value
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(node.line, f"{what} must be a date written 2015-09-01, not {value!r}")
        return None

    def items(self, node: Node | None, what: str) -> list[Node]:
        return self.typed(node, list, f"{what} must be a list ('- ' before each item)", [])

    def slug(self, value: str, line: int, what: str) -> bool:
        if len(value) > 80 or not SLUG_RE.fullmatch(value):
            self.problem(line, f"{what} {value!r} must be lowercase letters, digits and single "
                         "hyphens (such as 'a-sad-goodbye-to-syria'), at most 80 characters")
            return False
        return True

    def image_file(self, node: Node | None, what: str) -> str | None:
        """A picture's file name, checked for its form only: whether it exists
        is asked when the site is read (app/content/loader.check_refs)."""
        name = self.text(node, what, required=True)
        if name is None or node is None:
            return None
        parts = Path(name).parts
        if (
            name.startswith(("/", "\\")) or "\\" in name or ".." in parts
            or Path(name).suffix.lower() not in IMAGE_SUFFIXES
        ):
            self.problem(node.line, f"{what} {name!r} must be a picture file under static/img/ "
                         f"({', '.join(IMAGE_SUFFIXES)}), named without a folder prefix")
            return None
        return name
