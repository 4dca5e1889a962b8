"""Every content file of the site, read once. A broken file costs only itself:
it is left out, its problems kept (file and line). What was read is cached per
file while it, names.yml and this code are unchanged (thousands of stories
cost seconds a start); what a file points at is checked on every load."""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogs.cache import FileCache
from ..writing import stamp as stamp_of
from . import sitefiles
from .loader import LinkCheck, check_refs, display, load_home, load_names, load_program, load_story
from .model import ContentError, Entry, Home, Message, Name, Problem, Program, Story

log = logging.getLogger(__name__)

STORIES_DIR = "stories"
PROGRAMS_DIR = "programs"
NAMES_FILE = "names.yml"
HOME_FILE = "home.md"  # the home page's words; without it, the engine's default
SUFFIX = ".md"


def story_order(story: Story) -> tuple:
    """Stories with an `order` first, in that order; then dated ones, newest
    first; then the rest; each by slug at a tie."""
    dated = story.order is None and story.date is not None
    return (story.order is None, story.order or 0, not dated,
            -story.date.toordinal() if dated else 0, story.slug)


def program_order(program: Program) -> tuple:
    return (program.order is None, program.order or 0, program.slug)


@dataclass
class Content:
    root: Path
    names: dict[str, Name] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)  # in reading order
    programs: dict[str, Program] = field(default_factory=dict)
    home: Home | None = None  # content/home.md, when the site has one
    problems: list[Problem] = field(default_factory=list)  # errors
    warnings: list[Problem] = field(default_factory=list)
    stamp: tuple = ()
    # entry path -> its messages: the page list and the catalogs' rules both
    # walk every entry at start, a tenth of a second at 1,000 stories.
    _messages: dict[str, list[Message]] = field(default_factory=dict, init=False, repr=False,
                                                compare=False)

    def messages_of(self, entry: Entry) -> list[Message]:
        """entry.messages(), worked out once for this content."""
        found = self._messages.get(entry.path)
        if found is None:
            found = self._messages[entry.path] = entry.messages()
        return found

    def story_list(self) -> list[Story]:
        return list(self.stories.values())

    def program_list(self) -> list[Program]:
        return list(self.programs.values())


def listing(root: Path, folder: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """(path, (mtime_ns, size)) of each content file in a folder (refused_files names the rest)."""
    out = []
    try:
        with os.scandir(Path(root) / folder) as scan:
            for item in scan:
                if not item.name.endswith(SUFFIX) or sitefiles.hidden(item.name):
                    continue
                try:
                    if not item.is_file(follow_symlinks=False):
                        sitefiles.target(item.path, root)  # a symlink to a file of root, or no
                    st = item.stat()
                except (OSError, sitefiles.Refused):
                    continue
                out.append((item.path, (st.st_mtime_ns, st.st_size)))
    except OSError:
        return ()
    return tuple(sorted(out))


def refused_files(root: Path, repo: Path | None, limit: int | None = None) -> list[Problem]:
    """Each entry of a site folder not a regular file in it or over `limit`, named, never read."""
    return [Problem(display(path, repo), 1, f"{reason}; it is not used")
            for path, reason in sitefiles.refused(root, limit)]


def stamp(root: Path) -> tuple:  # changes when a content file is added, removed or saved
    root = Path(root)
    return (stamp_of(root / NAMES_FILE), listing(root, STORIES_DIR),
            listing(root, PROGRAMS_DIR), stamp_of(root / HOME_FILE))


def image_files(static_img: Path | None) -> frozenset[str] | None:
    """Every file of static/img/ that is served, by its name there (sub/x.svg)."""
    if static_img is None:
        return None
    base = Path(static_img)
    refused = {path for path, _ in sitefiles.refused(base.parent)}
    return frozenset(
        os.path.relpath(path, base)
        for folder, _, names in os.walk(base) for name in names
        if (path := os.path.join(folder, name)) not in refused
    )


def one_file(path: Path, repo: Path | None, problems: list[Problem], loader, *args):
    """`loader(path, *args)`, or None with its problems added: any fault costs one file only."""
    try:
        return loader(path, *args, root=repo)
    except ContentError as exc:
        problems.extend(exc.problems)
    except Exception as exc:  # any fault of one file is that file's
        log.debug("reading %s", path, exc_info=True)
        why = str(exc).splitlines()[0][:200] if str(exc) else ""
        problems.append(Problem(display(path, repo), 1, f"cannot be read: "
                                f"{type(exc).__name__}{': ' if why else ''}{why}"))
    return None


def load(root: Path, *, static_img: Path | None = None, repo: Path | None = None,
         check_link: LinkCheck | None = None, cache: Path | None = None) -> Content:
    """Every content file under `root`; a bad one is left out, its problems kept (a
    story naming a missing program or page is kept, without that link)."""
    root = Path(root)
    content = Content(root=root, stamp=stamp(root))
    names_stamp, story_files, program_files, _ = content.stamp
    names_path, home_path = root / NAMES_FILE, root / HOME_FILE
    content.problems.extend(refused_files(root, repo))
    refused = {p.path for p in content.problems}
    if display(names_path, repo) not in refused:  # named once
        content.names = one_file(names_path, repo, content.problems, load_names) or {}
    store = FileCache(cache, "content cache", (str(root.resolve()), names_stamp))

    def read(path: str, current: tuple, loader):
        entry = store.get(path, current)
        if entry is None:
            entry = one_file(Path(path), repo, content.problems, loader, content.names)
            if entry is not None:
                store.put(path, current, entry)
        return entry

    programs = [e for e in (read(p, s, load_program) for p, s in program_files) if e]
    stories = [e for e in (read(p, s, load_story) for p, s in story_files) if e]
    store.save()
    home = None  # one file, read on every load: no cache to keep
    if os.path.lexists(home_path) and display(home_path, repo) not in refused:
        home = one_file(home_path, repo, content.problems, load_home, content.names)

    slugs = frozenset(p.slug for p in programs)
    refused_programs = {Path(p).stem for p, _ in program_files} - slugs
    images = image_files(static_img)
    kept = []
    for entry in programs + stories + ([home] if home else []):
        content.warnings.extend(entry.warnings)
        # A missing picture leaves the file out; a missing program or page, the link.
        missing = check_refs(entry.path, entry.refs, images=images)
        content.problems.extend(missing)
        content.problems.extend(check_refs(entry.path, entry.refs, check_link=check_link,
                                           programs=slugs | refused_programs))
        content.warnings.extend(
            Problem(entry.path, ref.line, f"programs: {ref.value!r} is left out of the site "
                    f"for problems of its own ({PROGRAMS_DIR}/{ref.value}{SUFFIX}); this story "
                    "is published without the link to it")
            for ref in entry.refs if ref.kind == "program" and ref.value in refused_programs
        )
        if not missing:
            kept.append(entry)
    content.home = next((e for e in kept if isinstance(e, Home)), None)
    content.programs = {p.slug: p for p in sorted(
        (e for e in kept if isinstance(e, Program)), key=program_order)}
    content.stories = {s.slug: s for s in sorted(
        (e for e in kept if isinstance(e, Story)), key=story_order)}
    if content.home is not None and content.home.lead_from is not None:
        content.home = with_lead(content.home, content.programs, content.warnings)
    return content


def with_lead(home: Home, programs: dict[str, Program], problems: list[Problem]) -> Home:
    """The home page with the program's paragraph its lead names (loader.load_home),
    or without a lead and a warning at home.md's line: a rewrite of that
    paragraph's first words must not stop the whole site's extraction."""
    slug, starts, line = home.lead_from
    if slug not in programs:
        problems.append(Problem(home.path, line, f"lead: no program {slug!r} in "
                                "content/programs/; the home page is shown without its lead"))
        return home
    found = [b for b in programs[slug].body.blocks if b.msgid.startswith(starts)]
    if len(found) != 1:
        problems.append(Problem(home.path, line, f"lead: {len(found)} paragraphs of "
                                f"{programs[slug].path} start with {starts!r}; name exactly "
                                "one by its first words; the home page is shown without its lead"))
        return home
    return dataclasses.replace(home, lead=found[0])
