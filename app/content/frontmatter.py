"""A content file's YAML front matter and Markdown body. `safe_load` would lose
the lines and keep the last of two equal keys; the safe loader's node tree
keeps both, so every complaint names the line an editor has to change."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import yaml

# libyaml's safe loader when PyYAML has it: twenty times faster at thousands of files.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 512 * 1024  # a story is a few kilobytes; anything this big is a mistake
MAX_NODES = 5000  # YAML aliases can make a small file describe a huge tree
COLLECTION_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


@dataclass(eq=False)
class Invalid(Exception):
    line: int
    message: str


@dataclass
class Node:
    """A YAML value with its line: a scalar, a list of Nodes or a dict of Nodes."""

    value: Any
    line: int
    key_lines: dict[str, int] | None = None  # for a mapping: where each key is

    def key_line(self, key: str) -> int:
        return (self.key_lines or {}).get(key, self.line)


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(data[: exc.start].count(b"\n") + 1, "is not valid UTF-8") from None
    if "\x00" in text:
        raise Invalid(text[: text.index("\x00")].count("\n") + 1, "contains a NUL character")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> tuple[Node, str, int]:
    """(the front matter, the body, the file line of the body's first line)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise Invalid(1, "must start with front matter: a line '---', the fields, then '---'")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise Invalid(1, "the front matter is never closed: add a line '---' after the fields")
    return parse_yaml("\n".join(lines[1:end]), first_line=2), "\n".join(lines[end + 1 :]), end + 2


def parse_yaml(text: str, *, first_line: int = 1) -> Node:
    """YAML text -> Node; Invalid on a syntax error, a duplicate or non-text key,
    a tag or too many nodes."""
    loader = SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return Node({}, first_line, {})
        return _convert(root, first_line, loader, [MAX_NODES], set())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise Invalid(first_line + (mark.line if mark else 0),
                      f"YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise Invalid(first_line, f"YAML: {exc}") from None
    finally:
        loader.dispose()


def _convert(node, first_line: int, loader, budget: list[int], path: set[int]) -> Node:
    line = first_line + node.start_mark.line
    budget[0] -= 1
    if budget[0] < 0:
        raise Invalid(line, f"the front matter has more than {MAX_NODES} values")
    if id(node) in path:
        raise Invalid(line, "an alias refers to itself")
    if isinstance(node, yaml.ScalarNode):
        try:
            value = loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:
            # A number Python will not make (more than 4,300 digits), a date
            # that does not exist (2015-02-30): this value's mistake.
            shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
            why = str(exc).split(";")[0]  # not Python's advice on its own settings
            raise Invalid(line, f"{shown!r} cannot be read: {why}") from None
        if isinstance(value, datetime.datetime):
            raise Invalid(line, "a date and time; write a date only (2015-09-01)")
        return Node(value, line)
    path = path | {id(node)}
    if node.tag not in COLLECTION_TAGS:
        raise Invalid(line, f"YAML tag {node.tag!r} is not allowed here")
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, first_line, loader, budget, path) for item in node.value],
                    line)
    out: dict[str, Node] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise Invalid(key_line, "keys must be plain words (no '<<' merges, lists or maps)")
        key = key_node.value
        if key in out:
            raise Invalid(key_line, f"{key!r} is given twice (first on line {key_lines[key]})")
        key_lines[key] = key_line
        out[key] = _convert(value_node, first_line, loader, budget, path)
    return Node(out, line, key_lines)
