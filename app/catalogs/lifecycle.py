"""What happens to a translation when its English changes (issue 18).

`flask translate update` merges with Babel's fuzzy matching off (it pairs
"edit" with "edition"), then gives a new message the old translation of the
message it replaced at the same place of the same file only: per file, the old
messages and the template's are aligned by line (difflib), one-to-one; an
inserted message gets nothing. The kept translation is marked outdated as
gettext tools know it: fuzzy, `#| msgid`, and `English changed on YYYY-MM-DD`
(states.py). `--minor FILE` keeps its state; a confirmed one loses the marks.
"""

from __future__ import annotations

import datetime
import difflib
import os
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import click
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import normalize

from ..writing import replaced
from . import states
from .rules import WARNING, Finding
from .states import MARK, PUBLISHED, changed_on, mark, outdated_since, published_ids

Key = tuple[str | None, str]  # (context, singular msgid), as files.MessageKey


def today() -> str:
    """The day a change is noticed: SOURCE_DATE_EPOCH's (reproducible builds), else UTC today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch else \
            datetime.datetime.now(datetime.UTC)
    except (ValueError, OverflowError, OSError):
        raise click.ClickException(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of "
                                   "seconds since 1970") from None
    return moment.date().isoformat()


def _key(message: Message) -> Key:
    return (message.context, message.id if isinstance(message.id, str) else message.id[0])


def _outdated(message: Message) -> bool:
    return changed_on(message.fuzzy, "".join(message.previous_id),
                      "\n".join(message.user_comments)) is not None


def _unmarked(comments: Iterable[str]) -> list[str]:
    return [c for c in comments if mark(c) is None]


def _by_file(messages: Iterable[Message]) -> dict[str, list[Key]]:
    """file -> the keys of its messages in the order of their lines."""
    found: dict[str, list[tuple[int, Key]]] = {}
    for message in messages:
        if message.id:
            for path, line in message.locations:
                found.setdefault(path, []).append((line or 0, _key(message)))
    return {path: [k for _, k in sorted(found[path], key=lambda p: p[0])] for path in found}


@dataclass
class Merged:
    """new key -> the old key whose translation it was given; the new keys with none."""

    pairs: dict[Key, Key] = field(default_factory=dict)
    additions: set[Key] = field(default_factory=set)


def merge(catalog: Catalog, template: Catalog, *, date: str, minor: Collection[str] = (),
          keep: Collection[Key] = ()) -> Merged:
    """Merge `template` into `catalog` (in place) as the module says. `minor`:
    the files of minor edits; `keep`: messages kept though the template lacks
    them (a site's own wording of an engine message)."""
    old = {_key(m): m for m in catalog if m.id}
    written, created = _signature(catalog), catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    for message in catalog:  # the same English: Babel kept the translation
        before = old.get(_key(message)) if message.id else None
        if before is None:
            continue
        if message.fuzzy:  # Babel drops the previous msgid of a message it keeps
            message.previous_id = list(before.previous_id)
        else:  # confirmed (or never outdated): current, no marks left
            message.previous_id = []
            message.user_comments = _unmarked(message.user_comments)
    for babel_key, message in list(catalog.obsolete.items()):
        if _key(message) in keep and message.string and not message.fuzzy:
            catalog[message.id] = catalog.obsolete.pop(babel_key)
    def usable(m: Message) -> bool:
        return any(m.string if isinstance(m.string, tuple) else [m.string]) and (
            not m.fuzzy or _outdated(m))

    obsolete = {_key(m): (babel_key, m) for babel_key, m in catalog.obsolete.items()
                if usable(m)}
    # A sentence also written in another file lives on there; the copy edited
    # here continues it just the same, so its translation is copied, not moved.
    live = {_key(m): m for m in catalog if m.id and _key(m) in old and usable(m)}
    new = {_key(m): m for m in catalog if m.id and _key(m) not in old}
    result = Merged()
    before_files = _by_file(old.values())
    for path, after in sorted(_by_file(catalog).items()):
        opcodes = difflib.SequenceMatcher(None, before_files.get(path, []), after,
                                          autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in opcodes:
            # k messages in place of as many: the i-th continues the i-th. In
            # place of another number, which continues which is a guess: none.
            if tag != "replace" or i2 - i1 != j2 - j1:
                continue
            for old_key, new_key in zip(before_files[path][i1:i2], after[j1:j2], strict=True):
                source = obsolete[old_key][1] if old_key in obsolete else live.get(old_key)
                if source is None or new_key not in new or new_key in result.pairs or (
                        old_key in live and path in {p for p, _ in source.locations}):
                    continue  # (a live one still here was moved, not edited)
                if _give(new[new_key], source, date=date,
                         minor=any(p in minor for p, _ in new[new_key].locations)):
                    if old_key in obsolete:
                        del catalog.obsolete[obsolete.pop(old_key)[0]]
                    result.pairs[new_key] = old_key
    result.additions = set(new) - set(result.pairs)
    if _signature(catalog) == written:  # a new extraction of the same messages
        catalog.creation_date = created
    return result


def _signature(catalog: Catalog) -> list:
    """Everything of each message that update writes."""
    return [(m.id, m.string, m.context, sorted(m.flags), m.locations, m.user_comments,
             m.auto_comments, m.previous_id) for m in catalog if m.id]


def _give(message: Message, old: Message, *, date: str, minor: bool) -> bool:
    """Give `old`'s translation to `message`; False when one is plural and the other not."""
    if isinstance(message.id, str) != isinstance(old.id, str):
        return False
    message.string = old.string
    comments = _unmarked(old.user_comments)
    if minor and not old.fuzzy:  # kept current
        message.user_comments = comments
        return True
    message.flags |= {"fuzzy"}
    if _outdated(old):
        # Still the English the translation was written for, and (minor) its date.
        message.previous_id = list(old.previous_id)
        date = date if not minor else (mark("\n".join(old.user_comments)) or date)
    else:
        message.previous_id = [old.id] if isinstance(old.id, str) else list(old.id)
    message.user_comments = [MARK + date, *comments]
    return True


def minor_sources(minor: bool, paths: Iterable[str], base: Path, template: Catalog) -> set[str]:
    """The references of the files `--minor` names; one no message comes from
    is an error, so a typo cannot turn a minor edit into a rewrite unnoticed."""
    if paths and not minor:
        raise click.UsageError("FILE... names the files of a minor edit: add --minor")
    known = {path for message in template if message.id for path, _ in message.locations}
    found = set()
    for given in paths:
        candidates = [Path(given).resolve(), (Path(base) / given).resolve()]
        names = {os.path.relpath(c, Path(base).resolve()) for c in candidates}
        name = next((n for n in sorted(names) if n in known), None)
        if name is None:
            raise click.BadParameter(f"{given} is not the source of any message of the "
                                     "template (run `flask translate extract` first?)",
                                     param_hint="--minor")
        found.add(name)
    return found


def with_previous(text: str, catalog: Catalog, width: int) -> str:
    """The `#| msgid` lines as msgmerge writes them, added to write_po's `text`
    (one block per message, in order): Babel 2.19 wraps a long previous msgid
    as comment text, quotes and all, which no reader takes back."""
    blocks = text.split("\n\n")
    for index, message in enumerate(catalog):
        if not message.previous_id or index >= len(blocks):
            continue
        lines = blocks[index].split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(("msgctxt ", "msgid ")))
        previous = [f"#| {line}" for name, value in zip(
            ("msgid", "msgid_plural"), message.previous_id, strict=False)
            for line in f"{name} {normalize(value, width=width)}".split("\n")]
        blocks[index] = "\n".join([*lines[:at], *previous, *lines[at:]])
    return "\n\n".join(blocks)


def outdated_finding(entry) -> Finding | None:
    """`check`'s warning on an outdated entry (with the change of English), or
    on a broken mark; None for a plain fuzzy entry."""
    date = outdated_since(entry)
    if date is not None:
        old, new = _changed_words(entry.previous_msgid, entry.msgid)
        return Finding(WARNING, "outdated", f"the English changed on {date}: it was “{old}”, "
                       f"now “{new}”; confirm the translation (remove the fuzzy flag) or "
                       "change it")
    broken = mark(entry.tcomment)
    if broken is None or not entry.previous_msgid:
        return None
    return Finding(WARNING, "outdated-mark", f"“{MARK}{broken}” is not a date (YYYY-MM-DD): the "
                   "translation counts as fuzzy, readers see English")


def _changed_words(old: str, new: str, context: int = 3) -> tuple[str, str]:
    """The part of two texts that differs, with a few words around it."""
    a, b = old.split(), new.split()
    changes = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
               if op[0] != "equal"]
    if not changes:
        return old, new
    i1, j1 = max(0, changes[0][1] - context), max(0, changes[0][3] - context)
    i2, j2 = changes[-1][2] + context, changes[-1][4] + context

    def cut(words: list[str], start: int, end: int) -> str:
        return ("… " if start > 0 else "") + " ".join(words[start:end]) + (
            " …" if end < len(words) else "")

    return cut(a, i1, i2), cut(b, j1, j2)


def write_published(translations: Path, code: str, published: Collection[str] | None,
                    existing: Collection[str]) -> None:
    """Add `published` to translations/<code>/published.txt, drop the pages that
    no longer exist (`existing`: every page id); None: the engine's, no list."""
    if published is None:
        return
    ids = sorted((published_ids(translations, code) & set(existing)) | set(published))
    text = (f"# The pages published in {code}, one id a line: written by `flask translate "
            "update`; a page listed here stays published while KEEP_PUBLISHED of it is "
            "translated.\n" + "".join(f"{pid}\n" for pid in ids))
    with replaced(Path(translations) / code / PUBLISHED) as tmp:
        tmp.write_text(text, encoding="utf-8")


def published_before(store, code: str, merged: Merged) -> set[str]:
    """The pages published in `code` before this merge (states.published) that
    published.txt does not list yet (a listed page stays listed). The pages are
    the edited content's, so a rewritten string counts by its old key, an
    addition not at all, and a page whose own strings (those of no other page)
    are all new, a new story, did not exist. The catalog is read, unjudged, only
    when such a page is left to count: a full load doubled `update` at 1,000 stories."""
    pages, listed = store.page_strings, published_ids(store.translations_dir, code)
    shared = Counter(k for strings in pages.values() for k in strings.own)
    threshold = float(store.app.config["PUBLISH_THRESHOLD"])
    counter, found = None, set()
    for pid, strings in pages.items():
        own = [k for k in strings.own if shared[k] == 1]
        if pid in listed or (own and merged.additions.issuperset(own)):  # a new page: a story
            continue
        counter = counter or states.Counter(store.unvetted(code))
        counts = counter.of(merged.pairs.get(k, k) for k in strings if k not in merged.additions)
        if states.published(counts, listed=False, threshold=threshold, keep=1.0):
            found.add(pid)
    return found
