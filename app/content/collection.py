"""Every content file of the site, read once: the stories in the order
readers meet them, the programs, the names, and the problems of the files
that could not be used.

A broken file costs only itself: it is left out and its problems are kept
(with file and line) for the app to log, `flask translate check` to report
and `flask freeze` to refuse on. The rest of the site stays up.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

from .loader import LinkCheck, load_names, load_program, load_story
from .model import ContentError, Name, Problem, Program, Story

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

    def featured(self, limit: int, program: str | None = None) -> list[Story]:
        """Featured stories first, then the others, in reading order, at most
        `limit`: what a page with a short list of stories shows."""
        pool = self.stories.values()
        if program is not None:
            pool = [s for s in pool if program in s.programs]
        chosen = [s for s in pool if s.featured]
        if len(chosen) < limit:
            chosen += [s for s in pool if not s.featured][: limit - len(chosen)]
        return chosen[:limit]


def files(root: Path, folder: str) -> list[Path]:
    directory = Path(root) / folder
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix == SUFFIX and p.is_file())


def stamp(root: Path) -> tuple:
    """Changes when any content file is added, removed or saved: a stat of
    each file, for development's reload."""
    root = Path(root)
    out = []
    for path in itertools.chain(
        [root / NAMES_FILE], files(root, STORIES_DIR), files(root, PROGRAMS_DIR)
    ):
        try:
            st = os.stat(path)
        except OSError:
            continue
        out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


def load(
    root: Path,
    *,
    static_img: Path | None = None,
    repo: Path | None = None,
    check_link: LinkCheck | None = None,
) -> Content:
    """Read every content file under `root`. Never raises for a bad file:
    its problems go to `Content.problems` and it is left out."""
    root = Path(root)
    content = Content(root=root, stamp=stamp(root))
    try:
        content.names = load_names(root / NAMES_FILE, root=repo)
    except ContentError as exc:
        content.problems.extend(exc.problems)
    programs = []
    for path in files(root, PROGRAMS_DIR):
        try:
            programs.append(load_program(path, content.names, static_img=static_img, root=repo,
                                         check_link=check_link))
        except ContentError as exc:
            content.problems.extend(exc.problems)
    content.programs = {p.slug: p for p in sorted(programs, key=program_order)}
    stories = []
    for path in files(root, STORIES_DIR):
        try:
            stories.append(load_story(
                path, content.names, static_img=static_img, root=repo, check_link=check_link,
                programs=frozenset(content.programs),
            ))
        except ContentError as exc:
            content.problems.extend(exc.problems)
    content.stories = {s.slug: s for s in sorted(stories, key=story_order)}
    return content
