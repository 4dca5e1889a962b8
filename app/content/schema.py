"""Strict readers for front-matter values: each returns the value or records
a problem at the value's line, so one pass reports everything wrong in a file."""

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
        # Slips that leave the page right (an empty translator note): the file is still used.
        self.warnings: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.path, line, message))

    def typed(self, node: Node | None, kind: type, problem: str, default=None):
        """`node`'s value when it is a `kind`, else `default` and `problem`
        with the value put for "{value!r}" (not str.format: it may hold an editor's braces)."""
        if node is None:
            return default
        if not isinstance(node.value, kind):
            self.problem(node.line, problem.replace("{value!r}", repr(node.value)))
            return default
        return node.value

    def mapping(self, node: Node | None, what: str) -> dict[str, Node] | None:
        return self.typed(node, dict, f"{what} must be a set of 'key: value' lines")

    def items(self, node: Node | None, what: str) -> list[Node]:
        return self.typed(node, list, f"{what} must be a list ('- ' before each item)", [])

    def boolean(self, node: Node | None, what: str, default: bool = False) -> bool:
        return self.typed(node, bool, f"{what} must be true or false, not {{value!r}}", default)

    def known_keys(self, node: Node, allowed: tuple[str, ...], what: str) -> None:
        for key in node.value:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                self.problem(node.key_line(key), f"unknown key {key!r} in {what}{hint} "
                             f"(known: {', '.join(allowed)})")

    def text(self, node: Node | None, what: str, *, required: bool = False,
             parent: Node | None = None, allow_empty: bool = False) -> str | None:
        if node is None:
            if required:
                self.problem(parent.line if parent else 1, f"{what} is missing")
            return None
        value = node.value
        if isinstance(value, bool) or not isinstance(value, str):
            shown = str(value).lower() if isinstance(value, bool) else value
            hint = "" if isinstance(value, (list, dict)) else \
                " (YAML read it as something else: put the text in quotes)"
            self.problem(node.line, f"{what} must be text, not {shown!r}{hint}")
            return None
        if not value.strip() and not allow_empty:
            self.problem(node.line, f"{what} is empty")
            return None
        return value

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
        try:
            return datetime.date.fromisoformat(value.strip())
        except (AttributeError, ValueError):
            self.problem(node.line, f"{what} must be a date written 2015-09-01, not {value!r}")
            return None

    def slug(self, value: str, line: int, what: str) -> bool:
        if len(value) > 80 or not SLUG_RE.fullmatch(value):
            self.problem(line, f"{what} {value!r} must be lowercase letters, digits and single "
                         "hyphens (such as 'a-sad-goodbye-to-syria'), at most 80 characters")
            return False
        return True

    def image_file(self, node: Node | None, what: str) -> str | None:
        """A picture's file name, checked for its form only: whether it
        exists is asked when the site is read (loader.check_refs)."""
        name = self.text(node, what, required=True)
        if name is None:
            return None
        if (name.startswith(("/", "\\")) or "\\" in name or ".." in Path(name).parts
                or Path(name).suffix.lower() not in IMAGE_SUFFIXES):
            self.problem(node.line, f"{what} {name!r} must be a picture file under static/img/ "
                         f"({', '.join(IMAGE_SUFFIXES)}), named without a folder prefix")
            return None
        return name
