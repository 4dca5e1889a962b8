"""An incremental `flask freeze`: render only the pages whose inputs
(inputs.py) changed since the freeze published in `--out`, judged by
app/site/depends.py, and hard-link the others' files from it: the same bytes
as a full freeze. The inputs are kept as MANIFEST, signed with this user's
cache key: a missing, foreign or malformed one costs a full freeze."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import Flask

from ..catalogs.cache import read_cache, write_cache
from ..site.depends import CatalogState, Judge, Plan, compare_catalogs
from . import publish
from .downloads import Download, pdf_path
from .inputs import (
    FORMAT,
    Published,
    catalog_states,
    checkout,
    environment,
    inputs,
    listings,
    published,
)
from .output import file_name

MANIFEST = ".hikaya-freeze.json"
SITEMAP = "/sitemap.xml"  # the sitemap's URL (views.py)
NOT_FOUND = "404.html"  # each language's 404 page, and the root's (freeze.py)
WHAT = "freeze manifest"


@dataclass
class Decision:
    """Which pages a freeze renders and which it keeps, and why."""

    render: list[str]  # page paths, in page-list order
    kept: dict[str, list[str]] = field(default_factory=dict)  # page path -> its files
    previous: Path | None = None
    reasons: list[tuple[str, list[str]]] = field(default_factory=list)  # (why, page paths)
    downloads: dict[str, Download] = field(default_factory=dict)  # kept pages' PDFs
    inputs: dict = field(default_factory=dict)
    # Files of no page kept from the last freeze: URL -> its files (the
    # sitemap, the 404 pages; a group is rendered whole, see freeze.py).
    others: dict[str, list[str]] = field(default_factory=dict)
    # What makes `inputs` when a freeze renders every page: only the
    # manifest needs them, so they are made while the workers render.
    pending: Callable[[], dict] | None = None

    def settle(self) -> None:
        """Make the inputs a full render left pending (in a request context)."""
        if self.pending is not None:
            self.inputs, self.pending = self.pending(), None

    def keep(self, building: Path, mirrored: set[str] | None) -> None:
        """Hard-link (across file systems, copy) the kept pages' files into
        `building`; a page with a file gone is rendered. In a spare tree
        (`mirrored`: the names mirror() left there, each the last freeze's
        file), the others go first, so every later write makes a new file
        and none writes through a link into the published site."""
        wanted = {name for files in [*self.kept.values(), *self.others.values()]
                  for name in files}
        there: set[str] = set()
        folders: set[Path] = set()
        if mirrored is not None:
            there = mirrored & wanted
            publish.drop(building, mirrored - wanted)
        missing = []
        for path, files in self.kept.items():
            try:
                for name in files:
                    if name in there:
                        continue
                    target = building / name
                    if target.parent not in folders:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        folders.add(target.parent)
                    publish.link(self.previous / name, target)
            except FileNotFoundError:
                missing.append(path)
        for url, files in list(self.others.items()):
            try:
                for name in files:
                    if name not in there:
                        publish.link(self.previous / name, building / name)
            except FileNotFoundError:  # its group is rendered, into files of its own
                for other in [u for u in self.others if _group(u) == _group(url)]:
                    for name in self.others.pop(other):
                        Path(building, name).unlink(missing_ok=True)
        for path in missing:
            del self.kept[path]
            self.downloads.pop(path, None)
            for name in page_files(path):
                Path(building, name).unlink(missing_ok=True)
        if missing:
            self.reasons.append(("not whole in the last freeze", missing))
            render = {*self.render, *missing}
            self.render = [path for _, _, path in self.inputs["pages"] if path in render]

    def record(self, building: Path, written: set[str],
               downloads: dict[str, Download]) -> None:
        """Write what this freeze was made from into its folder, for the next
        (`written`: the files it wrote, beside those it kept)."""
        if self.pending is not None:
            raise RuntimeError("settle() the decision's inputs before recording them")
        outputs = {path: self.kept.get(path) or [n for n in page_files(path) if n in written]
                   for _, _, path in self.inputs["pages"]}
        for url in sorted({SITEMAP, f"/{NOT_FOUND}", *self.others, *(
                f"/{n}" for n in written if n.endswith(f"/{NOT_FOUND}"))}):
            outputs[url] = self.others.get(url) or [n for n in page_files(url, pdfs=False)
                                                   if n in written]
        listed = {path: [d.href, d.size, d.lang] for path, d in sorted(downloads.items())}
        write_cache(building / MANIFEST,
                    {**self.inputs, "outputs": outputs, "downloads": listed}, WHAT)


def _group(url: str) -> str:
    return SITEMAP if url == SITEMAP else NOT_FOUND


def mirror(tree: Path, previous: Path, old: dict) -> Callable[[], set[str]]:
    """publish.mirror() of the files the last freeze's manifest `old` lists."""
    return publish.mirror(tree, previous,
                          {name for files in old["outputs"].values() for name in files or ()})


def report(decision: Decision, *, verbose: bool = False) -> None:
    """One line per reason a freeze rendered pages, and how many it kept."""
    for why, paths in decision.reasons:
        click.echo(f"rebuilt {len(paths)} page{'s' if len(paths) != 1 else ''}: {why}")
        if verbose:
            click.echo("\n".join(f"  {path}" for path in paths))
    if not decision.reasons:
        click.echo("rebuilt 0 pages: nothing a page is made from changed")
    if decision.kept:
        click.echo(f"kept {len(decision.kept)} pages from the last freeze")


def page_files(path: str, *, pdfs: bool = True) -> list[str]:
    """The files a page's path is written to: the page, its gzip twin, its PDF."""
    page = file_name(path)
    return [page, page + ".gz", *([pdf_path(path)] if pdfs else [])]


def own_files(path: str, names: list[str], *, pdfs: bool = True) -> bool:
    """Are `names` all among page_files(path)? Asked of every page at each
    freeze: the PDF's name is worked out only for a name that is one."""
    own = page_files(path, pdfs=False)
    return all(name in own or (pdfs and name.endswith(".pdf") and name == pdf_path(path))
               for name in names)


def last_freeze(out: Path) -> tuple[Path | None, dict | None]:
    """The tree published in `out` and its manifest, None where there is none
    this freeze can trust."""
    previous = publish.published_tree(out)
    if previous is None:
        return None, None
    return previous, _manifest(read_cache(previous / MANIFEST, WHAT))


def decide(app: Flask, last: tuple[Path | None, dict | None], out: Path, *, full: bool,
           pdfs: bool) -> Decision:
    """What a freeze into `out` must render, given the freeze published there
    (`last`: last_freeze(out), or (None, None) for a full freeze)."""
    pages = published(app)
    previous, old = last
    paths = [p.path for p in pages]
    why = ""
    if full:
        why = "--full"
    elif previous is None:
        why = f"no earlier freeze in {out}"
    elif old is None:
        why = "the last freeze left no manifest this freeze can trust"
    elif old["environment"] != environment(app, pdfs=pdfs):
        why = "the settings, Python or its packages changed"
    if why:
        def pending() -> dict:
            now = inputs(app, pages, catalog_states(), pdfs=pdfs)
            now["listings"] = {path: shown for path, (_, shown) in listings(app, pages).items()}
            return now

        return Decision(render=paths, reasons=[(why, paths)], pending=pending)
    states = catalog_states()
    return _compare(app, pages, inputs(app, pages, states, pdfs=pdfs), states, old, previous,
                    pdfs=pdfs)


def _compare(app: Flask, pages: list[Published], now: dict, states: dict, old: dict,
             previous: Path, *, pdfs: bool) -> Decision:
    plans: list[Plan] = []
    judge = Judge(app, checkout(app))
    before, after = old["files"], now["files"]
    changed = [rel for rel in sorted(before.keys() | after.keys())
               if before.get(rel) != after.get(rel)]
    for rel in changed:
        plan = Plan(rev="the last freeze")
        # Catalogs are judged by what the app loaded from them, below.
        judge.file(plan, rel, lambda plan, rel, inside: None)
        if plan.lines:
            plans.append(plan)
    wanted: dict[str, set[str]] = {}
    for p in pages:
        wanted.setdefault(p.page_id, set()).add(p.tag)
    for tag, shown in now["catalogs"].items():
        was = old["catalogs"].get(tag)
        if was == shown:
            continue
        plan = Plan(rev="the last freeze")
        if was is None or shown is None:
            plan.languages.add(tag)
            plan.lines.append(f"the {tag} catalog {'loads' if was is None else 'is gone'} "
                              f"now: every page in {tag}")
        else:
            compare_catalogs(app, plan, f"the {tag} translations", tag,
                             CatalogState((), was), states[tag], wanted)
        plans.append(plan)
    plans.extend(_published_changes(judge, old["pages"], wanted))
    # Listings change only with a story, a setting or code: seconds at 1,000 stories.
    lists: dict[str, tuple[list[str], str]] = {}
    now["listings"] = old["listings"]
    if any(plan.stories or plan.everything for plan in plans):
        lists = listings(app, pages)
        now["listings"] = {path: shown for path, (_, shown) in lists.items()}

    def wants(plan: Plan, p: Published) -> bool:
        if not plan.wants(p.page_id, p.tag):
            return False
        if (plan.everything or not plan.stories or p.path not in lists
                or (p.page_id, p.tag) in plan.pairs or p.tag in plan.languages):
            return True
        # A page listing stories changes with a story only when it shows
        # the story's card, or lists other stories (or more pages) than before.
        slugs, shown = lists[p.path]
        return shown != old["listings"].get(p.path) or not plan.stories.isdisjoint(slugs)

    reasons = [(plan.lines[0] if plan.lines else "", [p.path for p in pages if wants(plan, p)])
               for plan in plans]
    render = {path for _, paths in reasons for path in paths}
    kept: dict[str, list[str]] = {}
    missing = []
    for p in pages:
        if p.path in render:
            continue
        files = old["outputs"].get(p.path)
        if (files is None or not p.path.endswith("/")
                or not own_files(p.path, files, pdfs=pdfs)
                or (pdfs and old["downloads"].get(p.path, [""])[0] != "/" + pdf_path(p.path))):
            missing.append(p.path)
        else:
            kept[p.path] = files
    if missing:
        reasons.append(("new, or not whole in the last freeze", missing))
    render.update(missing)
    downloads = {path: Download(*old["downloads"][path]) for path in kept} if pdfs else {}
    # The sitemap lists every page in every language, by a template; a 404
    # page, by templates too, shows the menu, catalog messages and a
    # language switcher: each group is kept only while none of that changed.
    same = (old["pages"] == now["pages"] and not any(plan.everything for plan in plans)
            and not any(judge.is_template(rel) for rel in changed))
    others = {url: files for url, files in old["outputs"].items() if files and same and (
        url == SITEMAP or url.endswith("/" + NOT_FOUND) and old["catalogs"] == now["catalogs"])}
    return Decision([p.path for p in pages if p.path in render], kept, previous,
                    [(why, paths) for why, paths in reasons if paths], downloads, now, others)


def _published_changes(judge: Judge, old_pages: list, after: dict[str, set[str]]) -> list[Plan]:
    """A page that gains or loses a language changes in every language (its
    language switcher and alternates); a story that does, the lists too."""
    before: dict[str, set[str]] = {}
    for page_id, tag, _ in old_pages:
        before.setdefault(page_id, set()).add(tag)
    plans = []
    for page_id in sorted(before.keys() & after.keys()):
        if before[page_id] != after[page_id]:
            plan = Plan(rev="the last freeze")
            if page_id.startswith("story/"):
                plan.pages |= judge.story_users(page_id[len("story/"):])
                plan.stories.add(page_id[len("story/"):])
            plan.pages.add(page_id)
            plan.lines.append(f"{page_id} is now published in "
                              f"{', '.join(sorted(after[page_id]))}")
            plans.append(plan)
    return plans


def _manifest(value) -> dict | None:
    """The manifest when it has this version's shape and names only each
    page's own files; None (a full freeze) else."""
    try:
        ok = (value["format"] == FORMAT and isinstance(value["environment"], str)
              and _str_map(value["files"]) and _str_map(value["listings"])
              and all(v is None or _str_map(v) for v in value["catalogs"].values())
              and all(isinstance(p, list) and list(map(type, p)) == [str, str, str]
                      for p in value["pages"])
              and all(isinstance(v, list) and own_files(k, v)
                      for k, v in value["outputs"].items())
              and all(isinstance(v, list) and list(map(type, v)) == [str, int, str]
                      for v in value["downloads"].values()))
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    return value if ok else None


def _str_map(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items())
