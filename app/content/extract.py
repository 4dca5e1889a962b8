"""Babel extraction methods for content files, the way Sphinx's gettext
builder and po4a do it: each heading, paragraph, list item and quoted
paragraph of the body, and each translatable front-matter field, is one
message, with its line (`#: content/stories/elias.md:12`) and the file's
notes for translators as `#.` comments.

babel.cfg names them:

    [app.content.extract.extract_content: content/**.md]
    [app.content.extract.extract_names: content/names.yml]

A file with a problem stops extraction with the problem at its file and
line: a catalog built from half a story would only hide it.
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

# Files the running app has already read (real path -> (size and
# modification time then, what was read)): extraction from inside the app
# (`flask translate extract` and `check`) takes their messages from there
# instead of reading a thousand stories again, unless the file changed since.
PRELOADED: dict[str, tuple[tuple, Entry]] = {}


def preload(content: Content) -> None:
    """Remember what `content` read; names.yml must be unchanged too (the
    names are in the messages)."""
    PRELOADED.clear()
    names, stories, programs, _ = content.stamp
    for listing, entries in ((stories, content.stories), (programs, content.programs)):
        for path, stamp in listing:
            entry = entries.get(Path(path).stem)
            if entry is not None:
                PRELOADED[os.path.realpath(path)] = ((stamp, names), entry)


def _path(fileobj) -> Path:
    name = getattr(fileobj, "name", None)
    if not name:
        raise ValueError("content extraction needs a file on disk (it reads names.yml beside it)")
    return Path(name)


def _yield(messages: list[Message]) -> Iterator[Extracted]:
    for message in messages:
        if message.plural is not None:
            yield message.line, "ngettext", (message.msgid, message.plural), list(message.notes)
        else:
            yield message.line, None, message.msgid, list(message.notes)


def extract_content(fileobj, keywords, comment_tags, options) -> Iterator[Extracted]:
    """content/stories/<slug>.md, content/programs/<slug>.md and content/home.md."""
    path = _path(fileobj)
    if path.name == HOME_FILE and path.parent.name not in (STORIES_DIR, PROGRAMS_DIR):
        yield from _yield(load_home(path, load_names(path.parent / NAMES_FILE)).messages())
        return
    known = PRELOADED.get(os.path.realpath(path))
    if known is not None and known[0] == (stamp_of(path),
                                          stamp_of(path.parent.parent / NAMES_FILE)):
        yield from _yield(known[1].messages())
        return
    root = path.parent.parent
    names = load_names(root / NAMES_FILE)
    kind = path.parent.name
    if kind == STORIES_DIR:
        entry = load_story(path, names)
    elif kind == PROGRAMS_DIR:
        entry = load_program(path, names)
    else:
        raise ContentError([Problem(str(path), 1, f"content files live in {STORIES_DIR}/ or "
                                    f"{PROGRAMS_DIR}/, or are {HOME_FILE}, not {kind}/")])
    yield from _yield(entry.messages())


def extract_names(fileobj, keywords, comment_tags, options) -> Iterator[Extracted]:
    """content/names.yml: the names that are translated (an organisation's
    own name in each language) are messages of their own."""
    names = load_names(_path(fileobj))
    yield from _yield([n.message for n in names.values() if n.message is not None])
