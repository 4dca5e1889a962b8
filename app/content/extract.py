"""Babel extraction methods for content files (babel.cfg names them), as
Sphinx's gettext builder and po4a do: each block of the body and each
translatable field is a message with its line and notes. A file with a
problem stops extraction at its line: a catalog of half a story would hide it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..writing import stamp as stamp_of
from .collection import HOME_FILE, NAMES_FILE, PROGRAMS_DIR, STORIES_DIR, Content
from .loader import load_home, load_names, load_program, load_story
from .model import ContentError, Entry, Message, Problem

Extracted = tuple[int, str | None, str | tuple[str, str], list[str]]
LOADERS = {STORIES_DIR: load_story, PROGRAMS_DIR: load_program}

# What the running app read (real path -> ((its stamp, names.yml's), entry)):
# `extract` and `check` do not read a thousand stories again.
PRELOADED: dict[str, tuple[tuple, Entry]] = {}


def preload(content: Content) -> None:
    PRELOADED.clear()
    names, stories, programs, _ = content.stamp
    for listing, entries in ((stories, content.stories), (programs, content.programs)):
        for path, stamp in listing:
            if (entry := entries.get(Path(path).stem)) is not None:
                PRELOADED[os.path.realpath(path)] = ((stamp, names), entry)


def _path(fileobj) -> Path:
    if not getattr(fileobj, "name", None):
        raise ValueError("content extraction needs a file on disk (it reads names.yml beside it)")
    return Path(fileobj.name)


def _yield(messages: list[Message]) -> Iterator[Extracted]:
    for message in messages:
        if message.plural is not None:
            yield message.line, "ngettext", (message.msgid, message.plural), list(message.notes)
        else:
            yield message.line, None, message.msgid, list(message.notes)


def extract_content(fileobj, keywords, comment_tags, options) -> Iterator[Extracted]:
    """content/stories/<slug>.md, content/programs/<slug>.md and content/home.md."""
    path = _path(fileobj)
    kind = path.parent.name
    if path.name == HOME_FILE and kind not in LOADERS:
        root, loader = path.parent, load_home
    elif kind in LOADERS:
        root, loader = path.parent.parent, LOADERS[kind]
    else:
        raise ContentError([Problem(str(path), 1, f"content files live in {STORIES_DIR}/ or "
                                    f"{PROGRAMS_DIR}/, or are {HOME_FILE}, not {kind}/")])
    known = PRELOADED.get(os.path.realpath(path))
    if known is not None and known[0] == (stamp_of(path), stamp_of(root / NAMES_FILE)):
        yield from _yield(known[1].messages())
    else:
        yield from _yield(loader(path, load_names(root / NAMES_FILE)).messages())


def extract_names(fileobj, keywords, comment_tags, options) -> Iterator[Extracted]:
    """content/names.yml: a name that is translated is a message of its own."""
    names = load_names(_path(fileobj))
    yield from _yield([n.message for n in names.values() if n.message is not None])
