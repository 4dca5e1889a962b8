"""`flask a11y --changed-since REV`: the page x language pairs the files changed
since REV (git) can affect, by the site's dependency map (app/site/depends.py).
A catalog new, removed or not parsing changes every page in its language."""

import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import click
import polib

from ..site.depends import CatalogState, Judge, Plan, compare_catalogs, page_templates


class ChangesError(click.UsageError):
    """git cannot say what changed: the run must not guess."""


def scope(app, plan: Plan, targets: list) -> list[tuple]:
    """(target, reason) for what to check of a whole run's `targets`: the pages
    the plan names; where it names every page of a kind in a language, only
    those most likely to break the layout and a sample (stress.choose)."""
    from .stress import choose

    templates = page_templates(app)
    client = app.test_client()

    def render(target) -> str:
        return client.get(urlsplit(target.url).path).get_data(as_text=True)

    def kind_of(target) -> str:
        return templates.get(target.page_id, target.page_id)

    chosen = [t for t in targets if plan.wants(t.page_id, t.locale)]
    partly = {(kind_of(t), t.locale) for t in targets if not plan.wants(t.page_id, t.locale)}
    reasons = {id(t): plan.why(t.page_id, t.locale)
               for t in chosen if (kind_of(t), t.locale) in partly}
    reached = [t for t in chosen if id(t) not in reasons]
    reasons |= {id(t): why for t, why in choose(reached, kind_of, render)}
    return [(t, reasons[id(t)]) for t in chosen if id(t) in reasons]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise ChangesError(f"git {' '.join(args)}: {done.stderr.strip() or done.returncode}")
    return done.stdout


def repository() -> Path:
    """The git work tree holding the current directory."""
    return Path(git(Path.cwd(), "rev-parse", "--show-toplevel").strip())


def changed_files(root: Path, rev: str) -> list[str]:
    """Paths (relative to root) that differ between REV and the work tree,
    plus new files git does not ignore."""
    git(root, "rev-parse", "--verify", f"{rev}^{{commit}}")
    tracked = git(root, "diff", "--name-only", "--no-renames", rev, "--").splitlines()
    new = git(root, "ls-files", "--others", "--exclude-standard").splitlines()
    return sorted({path for path in tracked + new if path})


def plan(app, rev: str, root: Path, files: list[str], checked: dict[str, list[str]]) -> Plan:
    """What to check after `files` changed since `rev`. `checked` maps each
    page id to the language tags the run would check it in."""
    from ..site.languages import languages, pseudo_languages

    tags = {lang.code: lang.tag for lang in languages().values()}
    pseudo = {lang.tag for lang in pseudo_languages().values()}

    def catalog(result: Plan, rel: str, inside: Path) -> None:
        parts = inside.parts
        if parts == ("messages.pot",):
            result.languages |= pseudo
            say = (f"the pseudo-locales, built from it: every page in {', '.join(sorted(pseudo))}"
                   if pseudo else "no page until the catalogs are updated from it")
        elif len(parts) != 3 or parts[1:] != ("LC_MESSAGES", "messages.po"):
            say = "not a catalog page text comes from: no page"
        elif parts[0] not in tags:
            say = "a language the site does not have: no page"
        else:
            return _catalog(app, result, root, rel, tags[parts[0]], checked)
        result.lines.append(f"{rel}: {say}")

    result = Plan(rev=rev)
    judge = Judge(app, root)
    for rel in files:
        judge.file(result, rel, catalog)
    return result


def _catalog(app, result: Plan, root: Path, rel: str, tag: str, checked) -> None:
    try:
        old = git(root, "show", f"{result.rev}:{rel}")
    except ChangesError:
        old = None
    path = root / rel
    new = path.read_text(encoding="utf-8") if path.is_file() else None
    try:
        states = [CatalogState.of_po(polib.pofile(text))
                  for text in (old, new) if text is not None]
        problem = "" if len(states) == 2 else f"catalog {'new' if old is None else 'removed'}"
    except (OSError, ValueError) as error:
        problem = f"does not parse ({error})"
    if problem:
        result.languages.add(tag)
        result.lines.append(f"{rel}: {problem}: every page in {tag}")
    else:
        compare_catalogs(app, result, rel, tag, *states, checked)
