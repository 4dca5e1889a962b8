"""Which pages of a kind (the template a page renders) to check when a change
reaches all of them: per language, the longest title, word and paragraph and
the most cards, as rendered, and SAMPLE more; kinds of at most WHOLE pages whole."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass

SAMPLE = 2
WHOLE = 6
# What no screen lays out: scripts, hidden elements, print-only and screen-reader-only text.
OFF_SCREEN = ("script, style, template, [hidden], [aria-hidden=true], "
              ".print-only, .show-for-print, .visually-hidden, .sr-only")
MEASURES = {"title": "longest title", "word": "longest unbroken word", "cards": "most cards",
            "paragraph": "longest paragraph"}


@dataclass
class Measure:
    """What one rendered page holds inside main, in characters and counts."""

    title: str = ""
    word: str = ""
    cards: int = 0
    paragraph: str = ""

    def size(self, name: str) -> int:
        value = getattr(self, name)
        return value if isinstance(value, int) else len(value)

    def shown(self, name: str) -> str:
        value = getattr(self, name)
        if isinstance(value, int):
            return str(value)
        text = value if len(value) <= 60 else value[:59] + "…"
        return f"“{text}”, {len(value)} characters"


def measure(html: str) -> Measure:
    """main's text as a screen lays it out (Beautiful Soup, with the stdlib's
    tolerant html.parser), without what no screen shows."""
    from bs4 import BeautifulSoup  # with selenium, in the QA tool's extra

    main = BeautifulSoup(html, "html.parser").find("main")
    if main is None:
        return Measure()
    for hidden in main.select(OFF_SCREEN):
        hidden.decompose()

    def text(tag) -> str:
        return " ".join(tag.get_text().split())

    title = main.find("h1")
    return Measure(title=text(title) if title else "",
                   word=max(main.get_text(" ").split(), key=len, default=""),
                   cards=len(main.find_all("article")),
                   paragraph=max(map(text, main.find_all("p")), key=len, default=""))


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
