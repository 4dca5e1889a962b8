"""The translator view (issue 24, docs/translators.md), development only:
`?translator=1` on a page numbers each string gettext.shown renders, its state
in words, listed at the end with the line `flask translate check` names. Each
string comes wrapped in private-use sentinels; in the finished page they become
markers in visible text, and are only listed inside attributes and <title>."""

from __future__ import annotations

import difflib
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app, g, get_template_attribute, has_request_context, request
from markupsafe import Markup, escape

from ..catalogs import catalog_store, states
from ..catalogs.check import position
from ..catalogs.files import ENGINE_DOMAIN, CatalogFault, Lines, display_path, parse_po, po_path
from ..catalogs.gettext import MEMO, TRANSLATOR_VIEW
from ..config import is_production
from ..writing import stamp as stamp_of
from .content import MEMO as CONTENT_MEMO
from .languages import Language, default_language, letter_script
from .pages import current_page
from .translate_page import standing, translate
from .views import ONCE

FLAG = "translator"
TEMPLATE = "translator/view.html"
START, MIDDLE, END = "\ue000", "\ue001", "\ue002"  # private use, with Seen.tag after
TOKENS = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.S)
TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*["']?[^"']*$""")
# A page's own link: kept inside the translator view (the switcher's `chosen` dropped).
PAGE_LINK = re.compile(r'(<a\b[^>]*\bhref=")(/[^"?#]*/)(?:\?chosen=1)?"')
CODE = re.compile(r"%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]|%%|<[^>]*>|\]\([^)]*\)")
NEEDS_WORK = {states.OUTDATED, states.UNTRANSLATED, states.REFUSED}  # markers that link
INTERACTIVE = {"a", "button", "label", "summary", "select"}  # no link inside these
JOINED = 2  # changes this many unchanged words apart or fewer are read as one
SAME = "same"  # the view's fifth state: msgstr == msgid, a name the same in every language
WORDS = {**{state: state for state in states.STATES}, SAME: "same in every language",
         None: "English"}  # None: the English page, the source
# Where a string that cannot carry a marker is, as a translator knows it: the
# elements whose text is plain, and attributes.
PLACES = {"<title>": "the page title (<title>, the browser tab)", "<option>": "a list option",
          "<textarea>": "a text box", "<script>": "a script", "<style>": "a style sheet",
          "alt": "image text", "aria-label": "name read by screen readers", "title": "tooltip",
          "content": "page description for search engines", "placeholder": "hint in a form field"}


@dataclass
class Item:
    """One message of the page as the list shows it."""

    key: tuple
    number: str = ""  # "17", a string the publish rule counts; "N2", one it does not
    state: str | None = None
    plural: str | None = None
    previous: str | None = None  # the English it was translated from (outdated)
    changes: list[str] = field(default_factory=list)  # from it to the English now
    forms: list[str] = field(default_factory=list)
    where: str | None = None  # translations/ar/LC_MESSAGES/messages.po:LINE
    flag: int | None = None  # a fuzzy entry's `#, fuzzy` line, the one to change to confirm it
    rule: str | None = None  # why a refused one is not shown, in check's words
    notes: dict[str, str] = field(default_factory=dict)  # "#." / "#": the entry's comments
    places: list[str] = field(default_factory=list)  # outside the visible text
    visible: bool = False
    rendered: bool = True  # False: counted for the page, but not on it now
    counted: bool = True  # one of the strings the publish rule counts for the page

    @property
    def word(self) -> str:
        return WORDS[self.state]

    @property
    def line(self) -> str:
        """The msgstr line of `where`, for "What to do"."""
        return (self.where or "").rpartition(":")[2]


class Seen(dict):
    """A translator view's strings: key -> index, in the order rendered. Its
    sentinels carry a tag of this request's own, which no text can forge."""

    def __init__(self):
        super().__init__()
        self.tag = secrets.token_hex(4)
        self.opening = re.compile(f"{START}{self.tag}(\\d+){MIDDLE}")
        self.sentinels = re.compile(f"{self.opening.pattern}|{END}{self.tag}")


def watch(key: tuple, result):
    """gettext.shown's hook: a string of a translator view's request, between
    sentinels that carry its index (key -> index, in the order rendered)."""
    seen = g.get(TRANSLATOR_VIEW) if has_request_context() else None
    if seen is None or not isinstance(result, str):
        return result
    opening, end = f"{START}{seen.tag}{seen.setdefault(key, len(seen))}{MIDDLE}", END + seen.tag
    if isinstance(result, Markup):
        return Markup(opening) + result + Markup(end)
    return f"{opening}{result}{end}"


def start() -> None:
    if request.args.get(FLAG) == "1":
        g.setdefault(TRANSLATOR_VIEW, Seen())


def finish(response):
    """The page with its markers and list, never stored by any cache."""
    seen = g.pop(TRANSLATOR_VIEW, None)
    if seen is None or response.direct_passthrough:
        return response
    if response.mimetype != "text/html":  # a feed or a text file: its strings, bare
        response.set_data(seen.sentinels.sub("", response.get_data(as_text=True)))
        return response
    language = g.get("requested_language") or g.get("language") or default_language()
    response.set_data(rewrite(response.get_data(as_text=True), seen, language))
    response.headers["Cache-Control"] = "no-store"
    return response


def rewrite(html: str, seen: Seen, language: Language) -> str:
    """Number the strings in the order a reader meets them (those never shown
    last). The strings the publish rule counts for the page (store.page_counts,
    as /translate/ counts them) are numbered 1, 2...; the others (notices, the
    "Older translation" label, another page's titles) N1, N2...: a notice that
    comes or goes renumbers only the N series, never the page's own strings."""
    keys, sentinels = list(seen), seen.sentinels
    order = list(dict.fromkeys(keys[int(i)] for i in seen.opening.findall(html)))
    order += [key for key in keys if key not in set(order)]
    page = current_page()
    counted = None if page is None else set(catalog_store().page_strings.get(page.id, ()))
    absent = sorted(set(counted or ()) - set(order), key=lambda key: (key[1], key[0] or ""))
    code = None if language == default_language() else language.code
    items = {key: describe(key, code) for key in [*order, *absent]}
    for key in absent:
        items[key].rendered = False
    for key, item in items.items():
        item.counted = counted is None or key in counted
    own = [item for item in items.values() if item.counted]
    others = [item for item in items.values() if not item.counted]
    for series, group in (("", own), ("N", others)):
        for number, item in enumerate(group, 1):
            item.number = f"{series}{number}"
    marker = Markers([items[key] for key in keys])
    out, plain = [], None
    for token in TOKENS.findall(html):
        if token.startswith("<"):
            found = TAG.match(token)
            closing, tag = (found.group(1), found.group(2).lower()) if found else ("", "")
            if START in token:
                for hit in seen.opening.finditer(token):
                    name = ATTRIBUTE.search(token, 0, hit.start())
                    attribute = name.group(1).lower() if name else "attribute"
                    marker.items[int(hit.group(1))].places.append(
                        f"{PLACES.get(attribute, 'an attribute')} ({attribute} of <{tag}>)")
                token = sentinels.sub("", token)
            if f"<{tag}>" in PLACES:
                plain = None if closing else f"<{tag}>"
            if tag in INTERACTIVE and not token.endswith("/>"):
                marker.links += -1 if closing else 1
            out.append(PAGE_LINK.sub(rf'\1\2?{FLAG}=1"', token))
        elif plain is not None:
            for hit in seen.opening.finditer(token):
                marker.items[int(hit.group(1))].places.append(PLACES[plain])
            out.append(sentinels.sub("", token))
        else:
            out.append(sentinels.sub(marker, token))

    def part(name: str, *args) -> str:
        return str(get_template_attribute(TEMPLATE, name)(*args))

    html = "".join(out).replace("</head>", part("head") + "</head>", 1)
    html = html.replace("</body>", part("listing", own, others, language, code) + "</body>", 1)
    summary = part("summary", own, others, language, code, standing(page, language))
    return re.sub(r"<main\b[^>]*>", lambda found: found.group(0) + summary, html, count=1)


class Markers:
    """Each opening sentinel in the text becomes its string's marker, an end
    closes it. A string inside another's (the "Older translation" label in an
    outdated paragraph) gets none: one marker says one state. Only a string
    that needs work links to its list entry (forty links to current ones would
    bury the page's own), and never from inside a link or button."""

    def __init__(self, items: list[Item]):
        self.items, self.open, self.links = items, [], 0

    def __call__(self, hit: re.Match) -> str:
        if hit.group(1) is None:
            return "</span>" if self.open and self.open.pop() else ""
        item = self.items[int(hit.group(1))]
        if self.open:
            outer = next(outer for outer in self.open if outer)
            item.places.append(f"inside string {outer.number}, with no marker of its own")
            self.open.append(None)
            return ""
        self.open.append(item)
        anchor = "" if item.visible else f' id="tv-at-{item.number}"'
        item.visible = True
        label = f"[{item.number} {item.word}]"
        if item.state in NEEDS_WORK and not self.links:
            label = f'<a href="#tv-{item.number}">{label}</a>'
        return (f'<span class="tv tv--{item.state or "source"}"{anchor}><sup class="tv__n" '
                f'lang="en" dir="ltr">{label}</sup>')


# A placeholder is one unit, never broken ("%" / "(organisation)s"); a tag or
# an address may be long, and breaks where it must.
PART = {True: Markup('<code class="tv-keep" lang="en" dir="ltr">%s</code>'),
        False: Markup('<code lang="en" dir="ltr">%s</code>')}


def code_parts(text: str) -> Markup:
    """A translation as the list shows it, escaped: its placeholders, tags and
    link addresses (Latin in any language) marked, so screen readers and
    `flask a11y` take them for what they are."""
    out, last = [], 0
    for found in CODE.finditer(text):
        out += [escape(text[last:found.start()]), PART[found.group(0).startswith("%")] %
                found.group(0)]
        last = found.end()
    return Markup("").join([*out, escape(text[last:])])


WORDS_AND_GAPS = re.compile(r"[^\W\d_]+|[\W\d_]+")


def quoting(text: str, language: Language) -> Markup:
    """An English note of the catalog, escaped, its runs in the language's own
    script (not Latin) marked with its lang and dir: the words it quotes, read
    in the right voice and direction."""
    own = letter_script(language.native_name)
    if own in ("LATIN", ""):
        return escape(text)
    out, run = [], []
    for part in WORDS_AND_GAPS.findall(text):
        mine = part[0].isalpha() and letter_script(part) == own
        if mine or (run and not part[0].isalpha()):
            run.append(part)
            continue
        out.append(marked(run, language))
        run = []
        out.append(escape(part))
    out.append(marked(run, language))
    return Markup("").join(out)


def marked(run: list[str], language: Language) -> Markup:
    """A run in the language, its trailing spaces and punctuation left outside."""
    tail = escape(run.pop() if run and not run[-1][0].isalpha() else "")
    return (Markup('<span lang="%s" dir="%s">%s</span>') % (
        language.tag, language.direction, "".join(run)) if run else Markup("")) + tail


def describe(key: tuple, code: str | None) -> Item:
    """A message's state in language `code` (None: the English page), with its
    catalog entry: the site's messages.po, or the engine's hikaya.po."""
    item = Item(key)
    if code is None:
        return item
    store = catalog_store()
    catalog = store.get(code)
    item.state = states.state(catalog, key)
    for path in (store.po_path(code), po_path(store.engine_dir, code, ENGINE_DOMAIN)):
        entries, lines = entries_of(path)
        entry = entries.get(key)
        if entry is None:
            continue
        item.plural = entry.msgid_plural or None
        item.forms = ([entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                      if entry.msgid_plural else [entry.msgstr])
        item.where = f"{display_path(path)}:{position(entry, lines)}"
        if entry.fuzzy:
            item.flag = flag_line(entry, lines)
        item.notes = notes(entry)
        if item.state == states.OUTDATED and entry.previous_msgid:
            item.previous = entry.previous_msgid
            item.changes = changes(item.previous, key[1])
        break
    if item.state == states.CURRENT and item.forms and set(item.forms) <= {key[1], item.plural}:
        item.state = SAME
    if item.state == states.REFUSED:
        owner = states.holder(catalog, key)
        item.rule = "; ".join(dict.fromkeys(
            problem for form, text in enumerate(owner.messages[key].forms) if text
            for problem in owner.problems(key, form)))
    return item


def notes(entry) -> dict[str, str]:
    """The entry's extracted comments (`#.`, the site's TRANSLATORS notes) and
    translator comments (`# `, but `flask translate update`'s mark), each one
    text: a note the .po alone showed was what a trial's translator needed."""
    found = {"#.": entry.comment or "",
             "#": "\n".join(line for line in (entry.tcomment or "").split("\n")
                            if states.mark(line) is None)}
    return {kind: " ".join(text.split()) for kind, text in found.items() if text.strip()}


def flag_line(entry, lines: Lines) -> int | None:
    """The `#, fuzzy` line of a fuzzy entry: the one a translator edits to
    confirm it, often many lines above its msgstr (notes, `#|` lines)."""
    number = lines.find(entry.linenum, "#,")
    text = lines.lines[number - 1] if 0 < number <= len(lines.lines) else ""
    return number if text.lstrip().startswith("#,") and "fuzzy" in text else None


def changes(before: str, now: str) -> list[str]:
    """The editor's change, word by word, in words a screen reader reads too:
    what the translator must carry over into the older translation. Changes
    one or two unchanged words apart are one ("World War II" became "the
    Second World War", not two halves), without the punctuation both keep."""
    old, new = before.split(), now.split()
    spans: list[list[int]] = []
    for op, a, b, c, d in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if spans and a - spans[-1][1] <= JOINED:
            spans[-1][1], spans[-1][3] = b, d
        else:
            spans.append([a, b, c, d])
    said = []
    for a, b, c, d in spans:
        was, is_ = trimmed(" ".join(old[a:b]), " ".join(new[c:d]))
        said.append(f"“{was}” became “{is_}”" if was and is_ else
                    f"“{was}” removed" if was else f"“{is_}” added")
    return said


def trimmed(was: str, is_: str) -> tuple[str, str]:
    """Both sides without the punctuation they share at either end."""
    for end in (-1, 0):
        while (len(was) > 1 and len(is_) > 1 and was[end] == is_[end]
               and not was[end].isalnum()):
            was, is_ = (was[:-1], is_[:-1]) if end else (was[1:], is_[1:])
    return was, is_


def entries_of(path: Path) -> tuple[dict, Lines | None]:
    """A catalog's entries by key and its lines, read again when the file changed."""
    memo = current_app.extensions.setdefault("hikaya_translator_catalogs", {})
    stamp = stamp_of(path)
    if path not in memo or memo[path][0] != stamp:
        try:
            entries = {(e.msgctxt, e.msgid): e for e in parse_po(path) if not e.obsolete}
        except CatalogFault:
            entries = {}
        memo[path] = (stamp, entries, Lines(path))
    return memo[path][1], memo[path][2]


def init_app(app: Flask) -> None:
    """Development only (app/config.py's is_production false)."""
    if is_production(app):
        return
    app.extensions[TRANSLATOR_VIEW] = watch
    # Strings rendered once and remembered (where catalogs are not reloaded) would
    # hide them from a view, and a view's marked strings would reach readers' pages.
    for memo in (MEMO, CONTENT_MEMO, ONCE):
        app.extensions.pop(memo, None)
    app.before_request(start)
    app.after_request(finish)  # registered last, so it runs before compression
    app.register_blueprint(translate)
    app.jinja_env.filters["code_parts"] = code_parts
    app.jinja_env.filters["quoting"] = quoting
