"""`flask a11y [URL ...]`: the command QA runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


def locales_for(page) -> list:
    """The languages a page is checked in: those it is published in, then
    the pseudo-locales when they are switched on."""
    from ..site.availability import published_languages
    from ..site.languages import pseudo_languages

    return published_languages(page) + list(pseudo_languages().values())


def all_languages() -> list:
    from ..site.languages import all_languages

    return all_languages()


@click.command("a11y")
@click.argument("urls", nargs=-1, metavar="[URL]...")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write results.json, report.html, screenshots/ and baseline-suggested.json here.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Accepted findings (TOML or JSON), keyed locale::page::rule, each with a reason.",
)
@click.option(
    "--chromium", default=None, help="Chromium binary (default: $CHROMIUM or /usr/bin/chromium)."
)
@click.option(
    "--chromedriver",
    default=None,
    help="chromedriver binary (default: $CHROMEDRIVER or /usr/bin/chromedriver).",
)
@with_appcontext
def a11y(urls, out, baseline, chromium, chromedriver):
    """Check pages for accessibility in a real browser, with axe-core and this
    tool's own WCAG 2.2 AA checks, at 390x844 and 1280x900.

    With no URL, serve this app on a free loopback port and check every page
    in every language it is published in. With URLs, check exactly those, on
    any host. Exits 1 when a finding is not accepted by --baseline.
    """
    from . import baseline as baselines
    from . import report, runner
    from .browser import start_chromium
    from .liveserver import serve

    try:
        accepted = baselines.load(baseline)
    except baselines.BaselineError as error:
        raise click.UsageError(str(error)) from None
    if out is not None and (out / "screenshots").exists():
        shutil.rmtree(out / "screenshots")  # only this run's pictures

    app = current_app._get_current_object()
    driver = start_chromium(1280, 900, chromium=chromium, chromedriver=chromedriver)
    try:
        if urls:
            languages = all_languages()
            targets = [runner.url_target(url, languages) for url in urls]
            result = runner.run(targets, driver=driver, out=out)
        else:
            from ..site.pages import all_pages

            with serve(app) as base_url:
                targets = []
                for page in all_pages():
                    targets += runner.site_targets(base_url, locales_for(page), pages=[page])
                result = runner.run(targets, driver=driver, out=out)
    finally:
        driver.quit()

    checked = {(locale, page) for locale, page, _ in result.checked}
    verdict = baselines.judge(result.findings, accepted, checked)
    for finding in verdict.new:
        click.echo(
            f"NEW {finding.rule} [{finding.locale} {finding.page} {finding.viewport}] "
            f"{finding.target}: {finding.message}"
        )
    for key, reason in sorted(verdict.stale.items()):
        click.echo(f"STALE baseline entry {key} ({reason}): nothing matches it any more")
    if out is not None:
        report.write(out, result, verdict, accepted)
        click.echo(f"report: {out / 'report.html'}")
    click.echo(
        f"{len(result.checked)} page views, {len(verdict.new)} new, "
        f"{len(verdict.accepted)} accepted, "
        f"{len(verdict.stale)} stale, axe-core {result.axe_version or '?'}, {result.seconds:.1f} s"
    )
    if verdict.new:
        raise SystemExit(1)
