"""Accessibility QA: `flask a11y` checks pages in a real browser with axe-core
and with checks of its own for the WCAG 2.2 AA criteria axe does not test.
It is a plugin command (pyproject.toml): the app never imports this package.
"""
