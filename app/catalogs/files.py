"""Catalog files: where they are (one place knows the layout) and reading them
strictly, by polib alone (it keeps each entry's line): a file that does not
parse is a CatalogFault naming the file and line, never a half-read catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

from ..config import ROOT

MessageKey = tuple[str | None, str]  # (context, msgid)

# A site's messages (domain `messages`, its translations/), then the engine's
# (`hikaya`, in the package, as Sphinx ships its theme's), then English.
DOMAIN = "messages"
ENGINE_DOMAIN = "hikaya"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
ENGINE_TRANSLATIONS = PACKAGE_DIR / "translations"


def po_path(directory: str | Path, code: str, domain: str = DOMAIN) -> Path:
    return Path(directory) / code / "LC_MESSAGES" / f"{domain}.po"


def pot_path(directory: str | Path, domain: str = DOMAIN) -> Path:
    return Path(directory) / f"{domain}.pot"


def catalog_codes(directory: str | Path, domain: str = DOMAIN) -> list[str]:
    found = Path(directory).glob(f"*/LC_MESSAGES/{domain}.po")
    return sorted(p.parent.parent.name for p in found)


def in_engine(location: str | Path, base: str | Path) -> bool:
    """Is a source reference (relative to `base`) the engine's?"""
    return (Path(base) / location).resolve().is_relative_to(PACKAGE_DIR)


class CatalogFault(Exception):
    def __init__(self, path: Path, message: str, line: int | None = None):
        self.line = line
        self.reason = message
        where = f"{display_path(path)}:{line}" if line else display_path(path)
        super().__init__(f"{where}: {message}")


def display_path(path: str | Path) -> str:
    """Relative to the repository (or the working directory) when inside it."""
    path = Path(path).resolve()
    base = next((base for base in (ROOT, Path.cwd()) if path.is_relative_to(base)), None)
    return str(path if base is None else path.relative_to(base))


KEYWORD_LINE_RE = re.compile(
    r"(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+(?P<rest>.*)$"
)
C_STRING_RE = re.compile(r'"(?P<body>(?:[^"\\]|\\.)*)"[ \t]*$')
ESCAPE_RE = re.compile(r'\\(?:[\\"ntrabfv?\']|[0-7]{1,3}|x[0-9a-fA-F]+)')


def lint_lines(text: str) -> tuple[int, str] | None:
    """The first line that is not PO syntax, which polib would accept (an
    unterminated string, a bad escape). Lines end at a line feed only."""
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = KEYWORD_LINE_RE.match(line)
        rest = match.group("rest") if match else line
        if not match and not line.startswith('"'):
            return number, f"unknown keyword in {line[:30]!r}"
        if (string := C_STRING_RE.match(rest)) is None:
            return number, "string is not closed with a \" or has text after it"
        if "\\" in ESCAPE_RE.sub("", string.group("body")):
            return number, "unknown escape sequence (write \\\\ for a backslash)"
    return None


CONTINUATION_RE = re.compile(r'^[ \t]*(?:#~[ \t]*)?"(?P<body>(?:[^"\\]|\\.)*)"[ \t]*$')


def joined_strings(text: str) -> str:
    """Each string on one line, continuations left blank so line numbers stay:
    polib joins them quadratically (a 1 MB translation: 4.4 s, 0.3 s joined)."""
    lines = text.split("\n")
    last = None  # index of the line holding the string being continued
    pieces: list[str] = []  # its continuations, joined once (not one by one)

    def close() -> None:
        if pieces:
            lines[last] = lines[last].rstrip()[:-1] + "".join(pieces) + '"'
            pieces.clear()

    for index, line in enumerate(lines):
        match = CONTINUATION_RE.match(line)
        if match is not None and last is not None:
            pieces.append(match.group("body"))
            lines[index] = ""
        elif line.strip():
            close()
            last = index if line.rstrip().endswith('"') else None
    close()
    return "\n".join(lines)


def po_text(data: bytes) -> str:
    """UTF-8 without a byte-order mark, CRLF made LF: line numbers are the editor's."""
    return data.decode("utf-8-sig").replace("\r\n", "\n")


def parse_po(path: Path) -> polib.POFile:
    """lint_lines, then polib; CatalogFault (with the line) on anything unreadable."""
    path = Path(path)
    if not path.is_file():
        raise CatalogFault(path, "does not exist")
    data = path.read_bytes()
    if not data.strip():
        raise CatalogFault(path, "is empty")
    try:
        text = po_text(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogFault(path, "is not valid UTF-8", line) from None
    problem = lint_lines(text)
    if problem is not None:
        raise CatalogFault(path, f"syntax error: {problem[1]}", problem[0])
    try:
        po = polib.pofile(joined_strings(text), wrapwidth=100)
    except (OSError, ValueError) as exc:
        match = re.search(r"\(line (\d+)\)", str(exc))
        message = re.sub(r"\s*(?:in po file)?\s*\S*\s*\(line \d+\)", "", str(exc)).strip()
        message = message.lower() if message else "syntax error"
        raise CatalogFault(path, message, int(match.group(1)) if match else None) from None
    if not any(entry.msgid for entry in po):
        raise CatalogFault(path, "has no messages")
    return po


def read_mo(path: Path) -> polib.MOFile:
    path = Path(path)
    if not path.is_file():
        raise CatalogFault(path, "does not exist; run `flask translate compile`")
    if path.stat().st_size == 0:
        raise CatalogFault(path, "is empty; run `flask translate compile`")
    try:
        return polib.mofile(str(path))
    except Exception as exc:  # struct errors, bad magic, bad encoding
        raise CatalogFault(path, f"is not a compiled catalog ({exc}); run `flask translate "
                           "compile`") from None


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgid_plural: str | None
    forms: tuple[str, ...]  # one form for a singular message
    line: int = 0  # where it starts in a .po (0: read from a .mo, which has no lines)
    # An outdated translation (app/catalogs/states.py): the date its English changed.
    outdated: str | None = None

    @property
    def source(self) -> str:
        return self.msgid if self.msgid_plural is None else f"{self.msgid}\n{self.msgid_plural}"


def entries_of(catalog: polib.POFile | polib.MOFile) -> dict[MessageKey, Entry]:
    """The translations a page may use: not obsolete, not empty, and not
    fuzzy unless outdated (app/catalogs/states.py)."""
    from .states import outdated_since

    out: dict[MessageKey, Entry] = {}
    for entry in catalog:
        since = outdated_since(entry)
        if not entry.msgid or entry.obsolete or ("fuzzy" in entry.flags and not since):
            continue
        if entry.msgid_plural:
            count = max(entry.msgstr_plural, default=-1) + 1
            forms = tuple(entry.msgstr_plural.get(i, "") for i in range(count))
        else:
            forms = (entry.msgstr,)
        if any(forms):
            line = getattr(entry, "linenum", 0) if isinstance(catalog, polib.POFile) else 0
            out[(entry.msgctxt, entry.msgid)] = Entry(entry.msgid, entry.msgid_plural or None,
                                                      forms, line or 0, since)
    return out


class Lines:
    """Where each part of an entry is (polib's linenum is its first line, often a comment)."""

    def __init__(self, path: Path):
        try:
            self.lines = po_text(Path(path).read_bytes()).split("\n")
        except (OSError, UnicodeDecodeError):
            self.lines = []

    def find(self, start: int, prefix: str) -> int:
        for number in range(max(start, 1), len(self.lines) + 1):
            text = self.lines[number - 1].lstrip()
            if text.startswith(prefix):
                return number
            if number > start and not text:
                break  # a blank line ends the entry
        return start

    def msgid(self, entry: polib.POEntry) -> int:
        return self.find(entry.linenum, "msgid ")

    def msgstr(self, entry: polib.POEntry, form: int | None = None) -> int:
        prefix = "msgstr " if form is None else f"msgstr[{form}]"
        return self.find(entry.linenum, prefix)

    def header(self, name: str) -> int:
        return next((n for n, text in enumerate(self.lines, 1) if text.startswith(f'"{name}:')), 1)
