"""Which pages of a kind (the template a page renders) to check when a change
reaches all of them: in each language, those with the longest title, word
and paragraph and the most cards, as the app renders them (a translation
can be longer), and SAMPLE more by a hash of the page id. A kind of at most
WHOLE pages in a language is checked whole.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

SAMPLE = 2
WHOLE = 6
# Text no screen lays out: print-only blocks, text for screen readers only.
OFF_SCREEN_CLASSES = {"print-only", "show-for-print", "visually-hidden", "sr-only"}
MEASURES = {"title": "longest title", "word": "longest unbroken word", "cards": "most cards",
            "paragraph": "longest paragraph"}


@dataclass
class Measure:
    """What one rendered page holds inside main, in characters and counts."""

    title: str = ""
    word: str = ""
    cards: int = 0
    paragraph: str = ""
    texts: dict = field(default_factory=lambda: defaultdict(list), repr=False)

    def size(self, name: str) -> int:
        value = getattr(self, name)
        return value if isinstance(value, int) else len(value)

    def shown(self, name: str) -> str:
        value = getattr(self, name)
        if isinstance(value, int):
            return str(value)
        text = value if len(value) <= 60 else value[:59] + "…"
        return f"“{text}”, {len(value)} characters"


class _Reader(HTMLParser):
    """Reads main's text as a screen lays it out (html.parser: the stdlib's
    tolerant tokenizer; an end tag closes the open elements up to its own)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.m = Measure()
        self.open: list[tuple[str, bool]] = []  # (tag, text inside is off screen)
        self.main = 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        off = tag in ("script", "style", "template") or _off_screen(attrs)
        self.open.append((tag, off))
        self.skip += off
        self.main += tag == "main"
        if self.main and not self.skip:
            self.m.cards += tag == "article"
            if tag in ("h1", "p"):
                self.m.texts[tag].append([])

    def handle_endtag(self, tag):
        if all(name != tag for name, _ in self.open):
            return
        while self.open:
            name, off = self.open.pop()
            self.skip -= off
            self.main -= name == "main"
            if name in ("h1", "p") and self.m.texts[name] and not self.skip and not off:
                text = " ".join("".join(self.m.texts[name].pop()).split())
                if name == "h1" and not self.m.title:
                    self.m.title = text
                elif name == "p" and len(text) > len(self.m.paragraph):
                    self.m.paragraph = text
            if name == tag:
                return

    def handle_data(self, data):
        if self.skip or not self.main:
            return
        for stack in self.m.texts.values():
            for piece in stack:
                piece.append(data)
        for word in data.split():
            if len(word) > len(self.m.word):
                self.m.word = word


def _off_screen(attrs) -> bool:
    values = dict(attrs)
    classes = set((values.get("class") or "").split())
    return "hidden" in values or values.get("aria-hidden") == "true" or bool(
        classes & OFF_SCREEN_CLASSES)


def measure(html: str) -> Measure:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.m


def choose(targets: list, kind_of, render) -> list[tuple[object, str]]:
    """(target, reason) for the pages to check of `targets`, all of which a
    change reaches: `kind_of(target)` names its kind, `render(target)` gives
    its HTML. Kinds of at most WHOLE pages in a language are kept whole."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for target in targets:
        groups[(kind_of(target), target.locale)].append(target)
    reasons: dict[int, list[str]] = defaultdict(list)
    for (kind, locale), group in groups.items():
        label = f"{len(group)} {kind} pages in {locale or 'its language'}"
        if len(group) <= WHOLE:
            for target in group:
                reasons[id(target)].append(f"all {label} (at most {WHOLE}: checked whole)")
            continue
        measured = [(target, measure(render(target))) for target in group]
        for name, says in MEASURES.items():
            sizes = [m.size(name) for _, m in measured]
            if max(sizes) == min(sizes):
                continue  # every page alike: nothing to single out
            best, found = measured[sizes.index(max(sizes))]
            reasons[id(best)].append(f"{says} of {label}: {found.shown(name)}")
        rest = [t for t in group if id(t) not in reasons]
        rest.sort(key=lambda t: hashlib.sha256((t.page_id or t.url).encode()).hexdigest())
        for target in rest[:SAMPLE]:
            reasons[id(target)].append(
                f"sample of {label} ({SAMPLE} picked by a hash of the page id)")
    return [(t, "; ".join(reasons[id(t)])) for t in targets if id(t) in reasons]
