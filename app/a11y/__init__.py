"""Accessibility QA: `flask a11y` checks pages in a real browser with axe-core
and with checks of its own for the WCAG 2.2 AA criteria axe does not test.
It is a plugin command (pyproject.toml): the app never imports this package.
"""

from __future__ import annotations

import importlib
from functools import cached_property

import click


class LazyCommand(click.Command):
    """A plugin command by its name and one line of help, its module
    imported only when it runs or shows its own help: Flask loads every
    plugin at the start of any `flask` command, and this one's (a browser,
    axe's runner and reports) cost every freeze and translator's command 20 ms."""

    def __init__(self, name: str, target: str, summary: str):
        super().__init__(name, help=summary)  # `flask --help` shortens it as the others
        self.target = target  # "module:attribute"

    @cached_property
    def real(self) -> click.Command:
        module, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        # Click invokes the command of the context made here: the real one.
        return self.real.make_context(info_name, args, parent, **extra)

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        return self.real.get_params(ctx)

    def shell_complete(self, ctx: click.Context, incomplete: str):
        return self.real.shell_complete(ctx, incomplete)


a11y = LazyCommand("a11y", f"{__name__}.cli:a11y",
                   "Check pages for accessibility in a real browser, with axe-core and this "
                   "tool's own WCAG 2.2 AA checks.")
