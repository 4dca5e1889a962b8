"""One source per sentence: the home page may show a paragraph of a
program's text as its lead, named in content/home.md instead of copied

    lead:
      program: syria
      starts: Despite the challenges of working in the volatile region

so an edit of the program's paragraph changes the home page too, and the
catalogs hold the sentence once, at its one place (`#: content/programs/syria.md`).
"""

from __future__ import annotations

import dataclasses

from .fields import Reader
from .frontmatter import Node
from .model import Home, Problem, Program

REFERENCE_KEYS = ("program", "starts")


def reference(reader: Reader, node: Node | None) -> tuple[str, str, int] | None:
    """(program slug, opening words, line) when `lead` names a program's
    paragraph; None when it is text of its own (or missing)."""
    if node is None or not isinstance(node.value, dict):
        return None
    reader.known_keys(node, REFERENCE_KEYS, "lead")
    fields = reader.mapping(node, "lead") or {}
    slug = reader.text(fields.get("program"), "lead: program", required=True, parent=node)
    starts = reader.text(fields.get("starts"), "lead: starts", required=True, parent=node)
    return (slug, starts, node.line) if slug and starts else None


def resolve(home: Home, programs: dict[str, Program]) -> tuple[Home, list[Problem]]:
    """The home page with the paragraph its lead names, or without a lead
    and the problem, with home.md's line."""
    if home.lead_from is None:
        return home, []
    slug, starts, line = home.lead_from
    program = programs.get(slug)
    if program is None:
        return home, [Problem(home.path, line, f"lead: no program {slug!r} in content/programs/")]
    found = [b for b in program.body.blocks if b.msgid.startswith(starts)]
    if len(found) != 1:
        return home, [Problem(home.path, line, f"lead: {len(found)} paragraphs of {program.path} "
                              f"start with {starts!r}; name exactly one by its first words")]
    return dataclasses.replace(home, lead=found[0]), []
