"""`flask a11y --changed-since REV`: check only the page x language pairs a
change can affect, so CI on a large site checks what a commit touched.

Each file changed since REV (committed, staged, unstaged or new) is judged
on its own by the site's dependency map (app/site/depends.py, which the
incremental freeze uses too), and the run checks the union. What is this
run's: the files come from git; a catalog's old state is the file at REV
(one that is new, deleted or does not parse changes every page in its
language); messages.pot changes nothing on its own (pages change when the
catalogs are updated from it), except the pseudo-locales, built from it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib

from ..site.depends import (  # noqa: F401 - the map's names, as the run and its tests use them
    CHOOSER,
    CHOOSER_TEMPLATE,
    NOT_FOUND,
    CatalogState,
    Judge,
    Plan,
    compare_catalogs,
    page_templates,
)


class ChangesError(RuntimeError):
    """git cannot say what changed: the run must not guess."""


def scope(app, plan: Plan, targets: list, render) -> list[tuple]:
    """(target, reason) for what to check of `targets` (a whole run's): the
    pages the plan names; where it names every page of a kind in a language
    (a shared file changed), only those of them most likely to break the
    layout and a stated sample (stress.choose), never the whole site."""
    from .stress import choose

    templates = page_templates(app)

    def kind_of(target) -> str:
        return templates.get(target.page_id, target.page_id)

    groups: dict[tuple[str, str], list] = {}
    for target in targets:
        groups.setdefault((kind_of(target), target.locale), []).append(target)
    whole = {
        key for key, group in groups.items() if all(plan.wants(t.page_id, t.locale) for t in group)
    }
    chosen = [t for t in targets if plan.wants(t.page_id, t.locale)]
    reached = [t for t in chosen if (kind_of(t), t.locale) in whole]
    reasons = {id(t): why for t, why in choose(reached, kind_of, render)}
    for target in chosen:
        if (kind_of(target), target.locale) not in whole:
            reasons[id(target)] = plan.why(target.page_id, target.locale)
    return [(t, reasons[id(t)]) for t in chosen if id(t) in reasons]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ChangesError(f"git {' '.join(args)}: {done.stderr.strip() or done.returncode}")
    return done.stdout


def repository(start: Path | None = None) -> Path:
    """The git work tree holding the current directory."""
    return Path(git(start or Path.cwd(), "rev-parse", "--show-toplevel").strip())


def changed_files(root: Path, rev: str) -> list[str]:
    """Paths (relative to root) that differ between REV and the work tree,
    plus new files git does not ignore."""
    git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    tracked = git(root, "diff", "--name-only", "--no-renames", rev, "--").splitlines()
    new = git(root, "ls-files", "--others", "--exclude-standard").splitlines()
    return sorted({path for path in tracked + new if path})


def plan(app, rev: str, root: Path, files: list[str], checked: dict[str, list[str]]) -> Plan:
    """What to check after `files` changed since `rev` (app/site/depends.py
    judges each). `checked` maps each page id to the language tags the run
    would check it in."""
    from ..site.languages import languages as site_languages
    from ..site.languages import pseudo_languages

    result = Plan(rev=rev)
    languages = {lang.code: lang.tag for lang in site_languages().values()}
    pseudo = {lang.tag for lang in pseudo_languages().values()}

    def catalog(result: Plan, rel: str, inside: Path) -> None:
        parts = inside.parts
        if parts == ("messages.pot",):
            if pseudo:
                result.languages |= pseudo
                say = f"the pseudo-locales, built from it: every page in {_list(pseudo)}"
            else:
                say = "no page until the catalogs are updated from it"
            result.lines.append(f"{rel}: {say}")
        elif len(parts) == 3 and parts[1:] == ("LC_MESSAGES", "messages.po"):
            _catalog(app, result, root, rel, languages.get(parts[0]), checked)
        else:
            result.lines.append(f"{rel}: not a catalog page text comes from: no page")

    judge = Judge(app, root)
    for rel in files:
        judge.file(result, rel, catalog)
    return result


def _catalog(app, result: Plan, root: Path, rel: str, tag: str | None, checked) -> None:
    if tag is None:
        result.lines.append(f"{rel}: a language the site does not have: no page")
        return
    whole = f"every page in {tag}"
    try:
        old = git(root, "show", f"{result.rev}:{rel}")
    except ChangesError:
        old = None
    path = root / rel
    new = path.read_text(encoding="utf-8") if path.is_file() else None
    if old is None or new is None:
        result.languages.add(tag)
        said = "new" if old is None else "removed"
        result.lines.append(f"{rel}: catalog {said}: {whole}")
        return
    try:
        before, after = polib.pofile(old), polib.pofile(new)
    except (OSError, ValueError) as error:
        result.languages.add(tag)
        result.lines.append(f"{rel}: does not parse ({error}): {whole}")
        return
    compare_catalogs(app, result, rel, tag, CatalogState.of_po(before),
                     CatalogState.of_po(after), checked)


def _list(tags) -> str:
    return ", ".join(sorted(tags))


