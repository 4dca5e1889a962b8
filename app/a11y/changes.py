"""`flask a11y --changed-since REV`: check only the page x language pairs a
change can affect, so CI on a large site checks what a commit touched.

Each file changed since REV (committed, staged, unstaged or new) is judged
on its own, and the run checks the union:

- a catalog, translations/<lang>/LC_MESSAGES/messages.po: the messages whose
  translation changed (text, plural forms, fuzzy flag, added or removed),
  and, through the catalog coverage map (which page shows which message),
  the pages in that one language that show one of them. A changed header
  (Plural-Forms, Language) or a catalog that is new, deleted or does not
  parse changes every page in that language;
- messages.pot: nothing on its own (pages change when the catalogs are
  updated from it), except the pseudo-locales, which are built from it;
- a template: the pages that render it (the page's own template or one it
  extends, imports or includes) in every language; one that every page
  renders (the layout, the macros) is the whole site;
- a story's content file, content/stories/<slug>.md (changed, new or
  removed): that story's page and the pages that list stories (home, the
  stories index pages, the programs), in every language; any other content
  file (a program names itself in every page's menu; content/names.yml
  fills names into every page): the whole site;
- tests, benchmarks, CI, deployment and documentation files: no page;
- anything else (code, CSS, images, settings): the whole site.

Wherever a rule cannot be sure, it chooses more pages, never fewer.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polib

# Files that are not part of any page.
NOT_PAGES_DIRS = ("tests/", "bench/", ".ci/", ".github/", "deploy/", "scripts/")
NOT_PAGES_FILES = {"Makefile", ".gitignore", ".python-version", "gunicorn.conf.py", "LICENSE"}
# Header fields that change how every message of a catalog is shown.
HEADER_FIELDS = ("Plural-Forms", "Language", "Content-Type")

NOT_FOUND = "404"
CHOOSER = "chooser"
# app/delivery/freeze.py renders the chooser from this template (named here,
# not imported: the freeze prints PDFs with this package's browser).
CHOOSER_TEMPLATE = "freeze/index.html"


class ChangesError(RuntimeError):
    """git cannot say what changed: the run must not guess."""


@dataclass
class Plan:
    rev: str
    everything: str = ""  # why the whole site is checked, "" when it is not
    pages: set[str] = field(default_factory=set)  # page ids, in every language
    pairs: set[tuple[str, str]] = field(default_factory=set)  # (page id, language tag)
    languages: set[str] = field(default_factory=set)  # every page in these languages
    lines: list[str] = field(default_factory=list)  # one per changed file: what and why

    def wants(self, page_id: str, language: str) -> bool:
        if self.everything:
            return True
        if page_id == CHOOSER:  # shows every language's catalog: one cheap page
            return bool(self.pages or self.pairs or self.languages)
        return (
            page_id in self.pages or language in self.languages or (page_id, language) in self.pairs
        )

    def why(self, page_id: str, language: str) -> str:
        """Why a page in a language is checked, when the change names it."""
        if self.everything:
            return f"the whole site may change: {self.everything}"
        if page_id in self.pages:
            return "its page changes, in every language"
        if language in self.languages:
            return f"every page in {language} changes"
        if (page_id, language) in self.pairs:
            return f"it shows a changed {language} message"
        return "it shows every language's catalog"


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
    """What to check after `files` changed since `rev`. `checked` maps each
    page id to the language tags the run would check it in."""
    from ..catalogs.coverage import template_closure
    from ..site.languages import languages as site_languages
    from ..site.languages import pseudo_languages

    result = Plan(rev=rev)
    translations = Path(app.config["TRANSLATIONS_DIR"]).resolve()
    templates = Path(app.root_path, app.template_folder or "templates").resolve()
    static = Path(app.static_folder).resolve() if app.static_folder else None
    languages = {lang.code: lang.tag for lang in site_languages().values()}
    pseudo = {lang.tag for lang in pseudo_languages().values()}
    refs: dict[str, list[str]] = {}
    closures = {
        pid: template_closure(app.jinja_env, template, refs)
        for pid, template in page_templates(app).items()
    }

    content = Path(app.config["CONTENT_DIR"]).resolve()
    for rel in files:
        path = (root / rel).resolve()
        if _inside(path, content):
            parts = path.relative_to(content).parts
            if len(parts) == 2 and parts[0] == "stories" and parts[1].endswith(".md"):
                slug = parts[1][: -len(".md")]
                users = {f"story/{slug}"} | {pid for pid in closures if _lists_stories(pid)}
                result.pages |= users
                result.lines.append(
                    f"{rel}: the story's page and the pages that list stories "
                    f"({', '.join(sorted(users))}), in every language"
                )
            else:
                result.everything = result.everything or f"{rel} (content) may change every page"
                result.lines.append(f"{rel}: content every page may show: the whole site")
        elif _inside(path, translations):
            parts = path.relative_to(translations).parts
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
        elif _inside(path, templates):
            name = path.relative_to(templates).as_posix()
            users = sorted(pid for pid, names in closures.items() if name in names)
            if not path.exists():
                result.everything = result.everything or f"{rel} was removed"
                result.lines.append(f"{rel}: removed: the whole site")
            elif set(users) >= set(closures) - {NOT_FOUND, CHOOSER}:
                result.everything = result.everything or f"{rel} is rendered by every page"
                result.lines.append(f"{rel}: rendered by every page: the whole site")
            elif users:
                result.pages |= set(users)
                result.lines.append(f"{rel}: pages {', '.join(users)}, in every language")
            else:
                result.lines.append(f"{rel}: rendered by no page the run checks: no page")
        elif rel.startswith(NOT_PAGES_DIRS) or rel in NOT_PAGES_FILES or _is_doc(rel):
            result.lines.append(f"{rel}: not part of any page: no page")
        else:
            asset = static is not None and _inside(path, static)
            kind = "a stylesheet or image" if asset else "code or settings"
            result.everything = result.everything or f"{rel} ({kind}) may change every page"
            result.lines.append(f"{rel}: {kind}: the whole site")
    return result


def _lists_stories(page_id: str) -> bool:
    """Pages that show story cards: home, the stories index, programs."""
    return page_id in ("home", "stories") or page_id.startswith(("stories/page/", "program/"))


def page_templates(app) -> dict[str, str]:
    """Page id -> the template it renders, from the page registry, plus the
    404 page and a freeze's language chooser."""
    from ..site.pages import all_pages

    out = {page.id: page.template for page in all_pages()}
    out[NOT_FOUND] = "pages/404.html"
    out[CHOOSER] = CHOOSER_TEMPLATE
    return out


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
    header = [f for f in HEADER_FIELDS if before.metadata.get(f) != after.metadata.get(f)]
    if header:
        result.languages.add(tag)
        result.lines.append(f"{rel}: header {', '.join(header)} changed: {whole}")
        return
    old_entries, new_entries = _shown(before), _shown(after)
    changed = {
        key
        for key in old_entries.keys() | new_entries.keys()
        if old_entries.get(key) != new_entries.get(key)
    }
    if not changed:
        result.lines.append(f"{rel}: no translation changed: no page")
        return
    showing = sorted(
        pid
        for pid, keys in shown_by_page(app).items()
        if keys & changed and tag in checked.get(pid, ())
    )
    result.pairs |= {(pid, tag) for pid in showing}
    first = sorted(changed, key=lambda k: (k[0] or "", k[1]))[0][1]
    count = f"{len(changed)} message{'s' if len(changed) != 1 else ''}"
    more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
    where = f"{tag} pages {', '.join(showing)}" if showing else "shown on no page the run checks"
    result.lines.append(f"{rel}: {count} changed (“{_short(first)}”{more}): {where}")


def shown_by_page(app) -> dict[str, set]:
    """Page id -> the messages it shows: the catalog coverage map, plus the
    404 page's, found the same way from its template's references."""
    from ..catalogs import catalog_store
    from ..catalogs.coverage import template_closure

    pages = {pid: set(keys) for pid, keys in catalog_store().page_strings.items()}
    names = template_closure(app.jinja_env, page_templates(app)[NOT_FOUND])
    pot = catalog_store().pot_path
    found: set = set()
    if pot.is_file():
        for entry in polib.pofile(str(pot)):
            files = {path for path, _ in entry.occurrences}
            if any(f.startswith("templates/") and f[len("templates/") :] in names for f in files):
                found.add((entry.msgctxt, entry.msgid))
    pages[NOT_FOUND] = found
    return pages


def _shown(catalog: polib.POFile) -> dict:
    """(context, msgid) -> what a reader would get from it."""
    return {
        (e.msgctxt, e.msgid): (
            e.msgstr,
            tuple(sorted(e.msgstr_plural.items())),
            "fuzzy" in e.flags,
        )
        for e in catalog
        if e.msgid and not e.obsolete
    }


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _is_doc(rel: str) -> bool:
    pure = PurePosixPath(rel)
    return len(pure.parts) == 1 and pure.suffix.lower() in {".md", ".txt", ".rst"}


def _list(tags) -> str:
    return ", ".join(sorted(tags))


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
