"""Accessibility QA: `flask a11y` checks pages in a real browser with axe-core
and with checks of its own for the WCAG 2.2 AA criteria axe does not test.

Modules: runner (drives the browser over pages x locales x viewports), axe
(axe-core and its pitfalls), contrast (the Arabic color-contrast fix),
checks (the tool's own criteria), language (3.1.1/3.1.2 judged with Babel),
report, baseline, cli, browser (Debian's Chromium through Selenium) and
liveserver (the app on a loopback port). Selenium is imported only when a
run starts, so the site itself never needs it.
"""
