"""Every content file of the site, read once: the stories in the order
readers meet them, the programs, the names, and the problems of the files
that could not be used.

A broken file costs only itself: it is left out and its problems are kept
(with file and line) for the app to log, `flask translate check` to report
and `flask freeze` to refuse on. The rest of the site stays up.

Reading a file is about a millisecond (YAML, Markdown, the checks); a site
of thousands of stories would spend seconds on every start. So what was
read is kept in a cache file (the way Sphinx keeps its environment), one
entry per content file, reused while the file's size and modification time,
names.yml and this package's code are unchanged. What a file points at (a
picture, a program, a page) is checked again on every load: those can
change without the file changing.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogs.cache import read_pickle, write_pickle
from .loader import LinkCheck, check_refs, load_names, load_program, load_story
from .model import ContentError, Entry, Name, Problem, Program, Story

log = logging.getLogger(__name__)

STORIES_DIR = "stories"
PROGRAMS_DIR = "programs"
NAMES_FILE = "names.yml"
SUFFIX = ".md"


def story_order(story: Story) -> tuple:
    """Stories with an `order` first, in that order; then dated ones, newest
    first; then the rest by slug."""
    if story.order is not None:
        return (0, story.order, 0, story.slug)
    if story.date is not None:
        return (1, 0, -story.date.toordinal(), story.slug)
    return (2, 0, 0, story.slug)


def program_order(program: Program) -> tuple:
    return (program.order is None, program.order or 0, program.slug)


@dataclass
class Content:
    root: Path
    names: dict[str, Name] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)  # in reading order
    programs: dict[str, Program] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    stamp: tuple = ()

    def story_list(self) -> list[Story]:
        return list(self.stories.values())

    def program_list(self) -> list[Program]:
        return list(self.programs.values())


def listing(root: Path, folder: str) -> list[tuple[str, tuple[int, int]]]:
    """(path, (mtime_ns, size)) of each content file in a folder, sorted: one
    directory scan, the stat the cache and the reload both key on."""
    out = []
    try:
        scan = os.scandir(Path(root) / folder)
    except OSError:
        return []
    with scan:
        for item in scan:
            if item.name.endswith(SUFFIX) and item.is_file():
                st = item.stat()
                out.append((item.path, (st.st_mtime_ns, st.st_size)))
    out.sort()
    return out


def file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def stamp(root: Path) -> tuple:
    """Changes when any content file is added, removed or saved, for
    development's reload."""
    root = Path(root)
    return (file_stamp(root / NAMES_FILE), tuple(listing(root, STORIES_DIR)),
            tuple(listing(root, PROGRAMS_DIR)))


def image_files(static_img: Path | None) -> frozenset[str] | None:
    """Every file under static/img/, by its name there (img/sub/x.svg -> sub/x.svg)."""
    if static_img is None:
        return None
    base = Path(static_img)
    return frozenset(
        os.path.relpath(os.path.join(folder, name), base)
        for folder, _, names in os.walk(base) for name in names
    )


def code_version() -> str:
    """A hash of this package's code: a cache written by other code is not read."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Cache:
    """path -> (stamp, entry), for the files that had no problem."""

    def __init__(self, path: Path | None, key: tuple):
        self.path = Path(path) if path else None
        self.key = key
        self.entries: dict[str, tuple[tuple, Entry]] = {}
        self.dirty = False
        found = read_pickle(self.path, "content cache") if self.path else None
        if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
            self.entries = found[1]

    def get(self, path: str, stamp: tuple | None) -> Entry | None:
        found = self.entries.get(path)
        if found is None or stamp is None or found[0] != stamp:
            return None
        return found[1]

    def put(self, path: str, stamp: tuple | None, entry: Entry) -> None:
        if stamp is not None:
            self.entries[path] = (stamp, entry)
            self.dirty = True

    def keep_only(self, paths: set[str]) -> None:
        gone = set(self.entries) - paths
        for path in gone:
            del self.entries[path]
        self.dirty = self.dirty or bool(gone)

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        write_pickle(self.path, (self.key, self.entries), "content cache")


def load(
    root: Path,
    *,
    static_img: Path | None = None,
    repo: Path | None = None,
    check_link: LinkCheck | None = None,
    cache: Path | None = None,
) -> Content:
    """Read every content file under `root`. Never raises for a bad file:
    its problems go to `Content.problems` and it is left out."""
    root = Path(root)
    program_files = listing(root, PROGRAMS_DIR)
    story_files = listing(root, STORIES_DIR)
    names_path = root / NAMES_FILE
    content = Content(root=root, stamp=(file_stamp(names_path), tuple(story_files),
                                        tuple(program_files)))
    try:
        content.names = load_names(names_path, root=repo)
    except ContentError as exc:
        content.problems.extend(exc.problems)
    store = Cache(cache, (code_version(), str(root.resolve()), file_stamp(names_path)))

    def read(path: str, current: tuple, loader) -> Entry | None:
        entry = store.get(path, current)
        if entry is None:
            try:
                entry = loader(Path(path), content.names, root=repo)
            except ContentError as exc:
                content.problems.extend(exc.problems)
                return None
            store.put(path, current, entry)
        return entry

    programs = [e for e in (read(p, s, load_program) for p, s in program_files) if e]
    stories = [e for e in (read(p, s, load_story) for p, s in story_files) if e]
    store.keep_only({p for p, _ in [*program_files, *story_files]})
    store.save()

    slugs = frozenset(p.slug for p in programs)
    images = image_files(static_img)
    kept_programs, kept_stories = [], []
    for entry in programs + stories:
        problems = check_refs(entry.path, entry.refs, programs=slugs, check_link=check_link,
                              images=images)
        if problems:
            content.problems.extend(problems)
        elif isinstance(entry, Program):
            kept_programs.append(entry)
        else:
            kept_stories.append(entry)
    content.programs = {p.slug: p for p in sorted(kept_programs, key=program_order)}
    content.stories = {s.slug: s for s in sorted(kept_stories, key=story_order)}
    return content
