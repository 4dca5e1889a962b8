"""Accessibility QA: `flask a11y` checks pages in a real browser with axe-core
and with checks of its own for the WCAG 2.2 AA criteria axe does not test.

Modules: targets (what is checked: site pages, 404 pages, a freeze's
chooser, any URL, and how a page's locale is settled), runner (drives one
browser or several side by side over pages x viewports), axe (axe-core and
its pitfalls), contrast (the Arabic color-contrast fix), checks (the tool's
own criteria; js/ measures in the page), language (3.1.1/3.1.2 judged with
Babel), changes (--changed-since), report (templates/report.html),
baseline, cli, and nginx (a freeze served as readers get it). Debian's
Chromium and the app on a loopback port are app/browser.py's. The app never
imports this package: `flask a11y` is a plugin command (pyproject.toml).
"""
