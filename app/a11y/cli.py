"""`flask a11y [URL ...]` and `flask a11y merge DIR...`: the command QA runs."""

import os
import shutil
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from functools import partial
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..browser import Chromium, chromium_option, serve
from ..site.languages import all_languages
from . import findings, runner, shards
from .targets import site_targets, url_target


@contextmanager
def serving(app, freeze: Path | None):
    """The app on a free loopback port, or a freeze under the site's nginx
    configuration (`flask nginx-config`), as readers get it."""
    from .nginx import serve_frozen

    with serve(app) if freeze is None else serve_frozen(app, freeze) as server:
        yield server if freeze is None else server.base_url


A_FILE = click.Path(dir_okay=False, path_type=Path)
# Every option of `flask a11y`, in --help's order: (names, type, help, other settings).
OPTIONS = [
    (("--out",), click.Path(file_okay=False, path_type=Path),
     "Write report.html, results.json, run.json, baseline-suggested.json here.", {}),
    (("--baseline",), click.Path(exists=True, dir_okay=False, path_type=Path),
     "Accepted findings (TOML or JSON), keyed locale::page::rule, each with a reason.", {}),
    (("--jobs",), click.IntRange(min=1),
     "Tabs of one browser checked side by side (default: the number of CPU cores).", {}),
    (("--changed-since",), None,
     "Check only the page x language pairs the changes since GIT_REV can affect; where a "
     "change reaches a whole kind of page, its layout-stress pages and a sample.",
     {"metavar": "GIT_REV"}),
    (("--freeze",), click.Path(file_okay=False, exists=True, path_type=Path),
     "Check a frozen site (flask freeze --out DIR), served by nginx, with its chooser.", {}),
    (("--junit", "junit_file"), A_FILE,
     "Write JUnit XML: a test case per page x language x width, failing on new findings.", {}),
    (("--sarif", "sarif_file"), A_FILE,
     "Write SARIF 2.1.0: one result per new finding, for code scanning.", {}),
    (("--shard",), shards.ShardType(),
     "Check only the K-th of N disjoint shares of the pages (CI matrix); see merge.", {}),
    (("--screenshots",), None,
     "Also write a full-page picture of every page view under --out (for translators).",
     {"is_flag": True}),
    (("--dry-run",), None,
     "Print the page views a run would check and why, without a browser.", {"is_flag": True}),
]


def run_options(command):
    """OPTIONS on a command: one table, not a stack of look-alike decorators."""
    for names, kind, text, settings in reversed(OPTIONS):
        command = click.option(*names, type=kind, help=text, **settings)(command)
    return command


@click.command("a11y")
@click.argument("urls", nargs=-1, metavar="[URL]...")
@run_options
@chromium_option
@with_appcontext
def a11y(urls, out, baseline, jobs, changed_since, freeze, junit_file, sarif_file, shard,
         screenshots, dry_run, chromium):
    """Check pages for accessibility in a real browser, with axe-core and this
    tool's own WCAG 2.2 AA checks, at 390x844 and 1280x900.

    With no URL, serve this app on a free loopback port (or, with --freeze,
    a frozen site under nginx) and check every page in every language it is
    published in, and each language's 404 page. With URLs, check exactly
    those, on any host. Exits 1 when a finding is not accepted by --baseline.

    `flask a11y merge DIR... --out DIR` joins the --out directories of the
    --shard runs into one report (and --junit, --sarif), as one run's.
    """
    from . import changes

    if urls[:1] == ("merge",):
        # `merge` is no URL: the shards' directories follow it.
        return _merge([Path(d) for d in urls[1:]], out, baseline, junit_file, sarif_file)
    if urls and (changed_since or freeze):
        raise click.UsageError("--changed-since and --freeze choose the site's pages: give no URL")
    accepted = findings.load(baseline)
    app = current_app._get_current_object()
    plan = None
    if changed_since:
        root = changes.repository()
        files = changes.changed_files(root, changed_since)
    if out is not None and (out / "screenshots").exists():
        shutil.rmtree(out / "screenshots")  # only this run's pictures

    # A dry run only names pages, and given URLs need no server of ours.
    with nullcontext("http://127.0.0.1") if urls or dry_run else serving(app, freeze) as base:
        if urls:
            reasons = [(url_target(url, all_languages()), "given by URL") for url in urls]
        elif changed_since:
            everything = site_targets(base, freeze=freeze)
            checked = defaultdict(list)  # page id -> its languages
            for target in everything:
                checked[target.page_id].append(target.locale)
            plan = changes.plan(app, changed_since, root, files, checked)
            reasons = changes.scope(app, plan, everything)
        else:
            reasons = [(t, "a full run checks every page")
                       for t in site_targets(base, freeze=freeze)]
        targets = shards.number([t for t, _ in reasons])
        why = dict(zip(targets, (reason for _, reason in reasons), strict=True))
        mine = shards.share(targets, shard)
        if plan:
            click.echo(f"changed since {plan.rev}: {len(files)} file"
                       + ("s" if len(files) != 1 else ""))
            for line in plan.lines:
                click.echo(f"  {line}")
            if plan.everything:
                click.echo(f"every page may change: {plan.everything}")
            click.echo(f"checking {len(targets)} of {len(everything)} pages x languages")
        widths = ", ".join(f"{w}x{h}" for w, h in runner.VIEWPORTS)
        if dry_run or plan:
            for target in mine:
                click.echo(f"  {target.locale or '-'} {target.page} ({widths}): {why[target]}")
        if dry_run:
            click.echo(f"{len(mine) * len(runner.VIEWPORTS)} page views chosen")
            return
        result = runner.run(
            mine, jobs=jobs or len(os.sched_getaffinity(0)), out=out, screenshots=screenshots,
            start_browser=partial(Chromium, chromium))
    if shard:
        click.echo(f"shard {shard[0]}/{shard[1]}: {len(mine)} of {len(targets)} pages")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        shards.save(out, result, total=len(targets), shard=shard, plan=plan)
    conclude(result, accepted, out, junit_file, sarif_file, plan=plan)


def conclude(result, accepted, out, junit_file, sarif_file, plan=None) -> None:
    """Judge a run against the baseline, say what is new and stale, write
    the report and CI files asked for, exit 1 on anything new."""
    from . import report

    checked_pages = {(locale, page) for locale, page, _ in result.checked}
    verdict = findings.judge(result.findings, accepted, checked_pages)
    for f in verdict.new:
        click.echo(f"NEW {f.rule} [{f.locale} {f.page} {f.viewport}] {f.target}: {f.message}")
    for key, reason in sorted(verdict.stale.items()):
        click.echo(f"STALE baseline entry {key} ({reason}): nothing matches it any more")
    report.write(out, junit_file, sarif_file, result, verdict, accepted, plan=plan)
    if out is not None:
        click.echo(f"report: {out / 'report.html'}")
    click.echo(
        f"{len(result.checked)} page views, {len(verdict.new)} new, "
        f"{len(verdict.accepted)} accepted, {len(verdict.stale)} stale, "
        f"axe-core {result.axe_version or '?'}, {result.jobs} "
        f"tab{'s' if result.jobs != 1 else ''}, {result.seconds:.1f} s"
    )
    if verdict.new:
        raise SystemExit(1)


def _merge(dirs: list[Path], out, baseline, junit_file, sarif_file) -> None:
    if not dirs or out is None:
        raise click.UsageError("merge needs the shards' directories and --out DIR")
    accepted = findings.load(baseline)
    out.mkdir(parents=True, exist_ok=True)
    result, plan = shards.merge(dirs, out)
    shards.save(out, result, total=len(result.parts), shard=None, plan=plan)
    click.echo(f"merged {len(dirs)} runs")
    conclude(result, accepted, out, junit_file, sarif_file, plan=plan)
