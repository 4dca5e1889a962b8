#!/usr/bin/env python3
"""Fail on any import circle between the modules of a package, and print the
arrows between its subpackages.

    python scripts/check_imports.py [PACKAGE_DIR]      # default: app

Reads every module's imports from its source (ast, nothing is imported), at
any depth: an import inside a function is still an arrow, since it only
hides a circle until that function runs. Two kinds of circle fail:

- modules: a.py imports b.py, which imports a.py (directly or around a longer
  loop);
- subpackages: app/site imports app/catalogs and app/catalogs imports
  app/site, even through different modules. Layers must point one way.

Exits 1 and names each circle; prints the subpackage arrows and "no import
circle" otherwise. tests/test_architecture.py runs it.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, name: str, modules: set[str]) -> set[str]:
    """The package's own modules that `path` (module `name`) imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # `from . import x` names module x; `from .m import f` names m.
            targets = [
                f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in modules else stem
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph(root: Path) -> dict[str, set[str]]:
    paths = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    modules = set(paths)
    edges = {name: imports_of(path, name, modules) for name, path in paths.items()}
    # A package's __init__ runs before any of its modules: importing
    # `app.site.views` imports `app.site` too, but that is not an arrow of
    # the importer's choosing, so it is left out.
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer_of(module: str, root_name: str) -> str:
    """app.site.views -> app.site; app.config -> app.config."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else root_name


def layers(edges: dict[str, set[str]], root_name: str) -> dict[str, set[str]]:
    arrows: dict[str, set[str]] = defaultdict(set)
    for source, targets in edges.items():
        for target in targets:
            a, b = layer_of(source, root_name), layer_of(target, root_name)
            if a != b and root_name not in (a, b):
                arrows[a].add(b)
    return arrows


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "app").resolve()
    edges = graph(root)
    arrows = layers(edges, root.name)
    problems = [("modules", c) for c in circles(edges)]
    problems += [("subpackages", c) for c in circles(arrows)]
    for layer in sorted(arrows):
        print(f"{layer} -> {', '.join(sorted(arrows[layer]))}")
    for kind, circle in problems:
        print(f"import circle between {kind}: {' <-> '.join(circle)}", file=sys.stderr)
    if problems:
        return 1
    print(f"no import circle in {len(edges)} modules of {root.name}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
