"""`flask a11y [URL ...]`: the command QA runs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..browser import browser_options
from . import shards
from .shards import ShardType


def locales_for(page) -> list:
    """The languages a page is checked in: those it is published in, then
    the pseudo-locales when they are switched on."""
    from ..site.availability import published_languages
    from ..site.languages import pseudo_languages

    return published_languages(page) + list(pseudo_languages().values())


def all_languages() -> list:
    from ..site.languages import all_languages

    return all_languages()


def site_targets(base_url: str, *, freeze: Path | None = None) -> list:
    """Every page in every language it is checked in, the 404 page in each
    language it is published in (elsewhere it is the English one), and a
    freeze's language chooser."""
    from ..site.pages import all_pages, registry
    from .targets import chooser_target, not_found_targets, page_targets

    targets = []
    for page in all_pages():
        targets += page_targets(base_url, locales_for(page), pages=[page])
    languages = locales_for(registry().errors[404])
    if freeze is not None:
        # A freeze holds a 404 page for the languages a reader can be sent to.
        languages = [lang for lang in languages if (freeze / lang.tag / "404.html").is_file()]
        targets.append(chooser_target(base_url))
    return targets + not_found_targets(base_url, languages)


def cores() -> int:
    """CPU cores this process may run on (a container's share, not the host's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


@contextmanager
def serving(app, freeze: Path | None, dry_run: bool = False):
    """The app on a free loopback port, or a freeze under the site's nginx
    configuration (`flask nginx-config`), as readers get it; nothing for a
    dry run, which only names pages."""
    if dry_run:
        yield "http://127.0.0.1"
    elif freeze is None:
        from ..browser import serve

        with serve(app) as base_url:
            yield base_url
    else:
        from .nginx import serve_frozen

        with serve_frozen(app, freeze) as nginx:
            yield nginx.base_url


A_FILE = click.Path(dir_okay=False, path_type=Path)
A_FOLDER = click.Path(file_okay=False, path_type=Path)
CHANGED = (
    "Check only the page x language pairs the changes since GIT_REV can affect; where a "
    "change reaches a whole kind of page, its layout-stress pages and a sample."
)
# Every option of `flask a11y`, in --help's order: (names, type, help, other settings).
OPTIONS = [
    (("--out",), A_FOLDER,
     "Write report.html, results.json, run.json, baseline-suggested.json here.", {}),
    (("--baseline",), A_FILE,
     "Accepted findings (TOML or JSON), keyed locale::page::rule, each with a reason.", {}),
    (("--jobs",), click.IntRange(min=1),
     "Browsers run side by side (default: the number of CPU cores).", {}),
    (("--changed-since", "changed_since"), None, CHANGED, {"metavar": "GIT_REV"}),
    (("--freeze",), click.Path(file_okay=False, exists=True, path_type=Path),
     "Check a frozen site (flask freeze --out DIR), served by nginx, with its chooser.", {}),
    (("--junit", "junit_file"), A_FILE,
     "Write JUnit XML: a test case per page x language x width, failing on new findings.", {}),
    (("--sarif", "sarif_file"), A_FILE,
     "Write SARIF 2.1.0: one result per new finding, for code scanning.", {}),
    (("--shard",), ShardType(),
     "Check only the K-th of N disjoint shares of the pages (CI matrix); see merge.", {}),
    (("--screenshots",), None,
     "Also write a full-page picture of every page view under --out (for translators).",
     {"is_flag": True}),
    (("--dry-run",), None,
     "Print the page views a run would check and why, without a browser.", {"is_flag": True}),
]


def run_options(command: Callable) -> Callable:
    """OPTIONS on a command: one table, not a stack of look-alike decorators."""
    for names, kind, text, settings in reversed(OPTIONS):
        command = click.option(*names, type=kind, help=text, **settings)(command)
    return command


@click.command("a11y")
@click.argument("urls", nargs=-1, metavar="[URL]...")
@run_options
@browser_options
@with_appcontext
def a11y(
    urls,
    out,
    baseline,
    jobs,
    changed_since,
    freeze,
    junit_file,
    sarif_file,
    shard,
    screenshots,
    dry_run,
    chromium,
    chromedriver,
):
    """Check pages for accessibility in a real browser, with axe-core and this
    tool's own WCAG 2.2 AA checks, at 390x844 and 1280x900.

    With no URL, serve this app on a free loopback port (or, with --freeze,
    a frozen site under nginx) and check every page in every language it is
    published in, and each language's 404 page. With URLs, check exactly
    those, on any host. Exits 1 when a finding is not accepted by --baseline.

    `flask a11y merge DIR... --out DIR` joins the --out directories of the
    --shard runs into one report (and --junit, --sarif), as one run's.
    """
    from ..browser import start_chromium
    from . import baseline as baselines
    from . import changes, runner
    from .targets import url_target

    if urls[:1] == ("merge",):
        # `merge` is no URL: the shards' directories follow it.
        return _merge([Path(d) for d in urls[1:]], out, baseline, junit_file, sarif_file)
    if urls and (changed_since or freeze):
        raise click.UsageError("--changed-since and --freeze choose the site's pages: give no URL")
    try:
        accepted = baselines.load(baseline)
    except baselines.BaselineError as error:
        raise click.UsageError(str(error)) from None
    app = current_app._get_current_object()
    chosen = None
    if changed_since:
        try:
            root = changes.repository()
            files = changes.changed_files(root, changed_since)
        except changes.ChangesError as error:
            raise click.UsageError(f"--changed-since {changed_since}: {error}") from None
    if out is not None and (out / "screenshots").exists():
        shutil.rmtree(out / "screenshots")  # only this run's pictures

    jobs = jobs or cores()
    start_browser = partial(start_chromium, 1280, 900, chromium=chromium, chromedriver=chromedriver)
    if urls:
        languages = all_languages()
        targets = shards.number([url_target(url, languages) for url in urls])
        mine = shards.share(targets, shard)
        if dry_run:
            return _say_chosen([(t, "given by URL") for t in mine])
        result = runner.run(
            mine, start_browser=start_browser, jobs=jobs, out=out, screenshots=screenshots
        )
    else:
        with serving(app, freeze, dry_run) as base_url:
            targets = site_targets(base_url, freeze=freeze)
            everything = len(targets)
            if changed_since:
                checked: dict[str, list[str]] = {}
                for target in targets:
                    checked.setdefault(target.page_id, []).append(target.locale)
                chosen = changes.plan(app, changed_since, root, files, checked)
                reasons = changes.scope(app, chosen, targets, partial(_render, app))
            else:
                reasons = [(t, "a full run checks every page") for t in targets]
            targets = shards.number([t for t, _ in reasons])
            why = dict(zip(targets, (reason for _, reason in reasons), strict=True))
            mine = shards.share(targets, shard)
            if changed_since:
                _say_plan(chosen, files, len(targets), everything)
            if dry_run:
                return _say_chosen([(t, why[t]) for t in mine])
            if changed_since:
                _say_chosen([(t, why[t]) for t in mine], total=False)
            result = runner.run(
                mine, start_browser=start_browser, jobs=jobs, out=out, screenshots=screenshots
            )
    if shard:
        click.echo(f"shard {shard[0]}/{shard[1]}: {len(mine)} of {len(targets)} pages")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        shards.save(out, result, total=len(targets), shard=shard, plan=chosen)
    conclude(result, accepted, out, junit_file, sarif_file, plan=chosen)


def conclude(result, accepted, out, junit_file, sarif_file, plan=None) -> None:
    """Judge a run against the baseline, say what is new and stale, write
    the report and CI files asked for, exit 1 on anything new."""
    from . import baseline as baselines
    from . import ci, report

    checked_pages = {(locale, page) for locale, page, _ in result.checked}
    verdict = baselines.judge(result.findings, accepted, checked_pages)
    for finding in verdict.new:
        click.echo(
            f"NEW {finding.rule} [{finding.locale} {finding.page} {finding.viewport}] "
            f"{finding.target}: {finding.message}"
        )
    for key, reason in sorted(verdict.stale.items()):
        click.echo(f"STALE baseline entry {key} ({reason}): nothing matches it any more")
    if out is not None:
        report.write(out, result, verdict, accepted, plan=plan)
        click.echo(f"report: {out / 'report.html'}")
    ci.write(junit_file, sarif_file, result, verdict, accepted)
    click.echo(
        f"{len(result.checked)} page views, {len(verdict.new)} new, "
        f"{len(verdict.accepted)} accepted, {len(verdict.stale)} stale, "
        f"axe-core {result.axe_version or '?'}, {result.jobs} "
        f"browser{'s' if result.jobs != 1 else ''}, {result.seconds:.1f} s"
    )
    if verdict.new:
        raise SystemExit(1)


def _merge(dirs: list[Path], out, baseline, junit_file, sarif_file) -> None:
    from . import baseline as baselines

    if not dirs or out is None:
        raise click.UsageError("merge needs the shards' directories and --out DIR")
    try:
        accepted = baselines.load(baseline)
        out.mkdir(parents=True, exist_ok=True)
        result, plan = shards.merge(dirs, out)
    except (baselines.BaselineError, shards.MergeError) as error:
        raise click.UsageError(str(error)) from None
    shards.save(out, result, total=len(result.parts), shard=None, plan=plan)
    click.echo(f"merged {len(dirs)} runs")
    conclude(result, accepted, out, junit_file, sarif_file, plan=plan)


def _render(app, target) -> str:
    """A page as the app renders it, for stress.choose to read."""
    from urllib.parse import urlsplit

    return app.test_client().get(urlsplit(target.url).path).get_data(as_text=True)


def _say_plan(plan, files: list[str], chosen: int, everything: int) -> None:
    click.echo(f"changed since {plan.rev}: {len(files)} file{'s' if len(files) != 1 else ''}")
    for line in plan.lines:
        click.echo(f"  {line}")
    if plan.everything:
        click.echo(f"every page may change: {plan.everything}")
    click.echo(f"checking {chosen} of {everything} pages x languages")


def _say_chosen(chosen: list[tuple], *, total: bool = True) -> None:
    """Each chosen page with its reason; a dry run ends with the count."""
    from .runner import VIEWPORTS

    widths = ", ".join(f"{w}x{h}" for w, h in VIEWPORTS)
    for target, reason in chosen:
        click.echo(f"  {target.locale or '-'} {target.page} ({widths}): {reason}")
    if total:
        click.echo(f"{len(chosen) * len(VIEWPORTS)} page views chosen")
