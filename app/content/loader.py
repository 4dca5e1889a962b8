"""Read and check content files: `content/stories/<slug>.md`,
`content/programs/<slug>.md`, `content/home.md` and `content/names.yml`.

Every problem is reported at its file and line (an unknown key, a missing
title, a slug that cannot be a URL, a picture that is not there, a figure of
an unknown kind, raw HTML in the text...), all of them in one pass, so an
editor fixes a file in one go. A file with any problem is not used at all:
a story that is half right is not published half right.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from . import markdown, shared, sitefiles
from .fields import FileReader, note_of
from .frontmatter import MAX_BYTES, Invalid, Node, decode, parse_yaml, split
from .model import (
    MARKDOWN,
    TEXT,
    Area,
    ContentError,
    Home,
    KeyFigure,
    Link,
    Message,
    Name,
    Problem,
    Program,
    Ref,
    Story,
)
from .schema import IDENT_RE, Reader

STORY_KEYS = (
    "title", "teaser", "kicker", "description", "illustration", "date", "order",
    "featured", "programs", "related", "figures", "translators",
)
PROGRAM_KEYS = (
    "title", "short_title", "link_text", "lead", "description", "illustration", "order",
    "figures", "key_figures", "areas", "stories_heading", "translators",
)
# Fields a `translators:` note can be given for, besides `all`.
STORY_NOTES = ("title", "teaser", "kicker", "description", "illustration", "related")
PROGRAM_NOTES = ("title", "short_title", "link_text", "lead", "description", "illustration",
                 "stories_heading", "key_figures", "areas")
HOME_KEYS = (
    "title", "description", "lead", "illustration", "figures_heading", "areas_heading",
    "call_heading", "call_text", "figures", "translators",
)
HOME_NOTES = ("title", "description", "lead", "illustration", "figures_heading",
              "areas_heading", "call_heading", "call_text")
NAME_KEYS = ("text", "translate", "lang", "translators")

# A site path (/stories/elias/) -> None if it names a page, else why not.
LinkCheck = Callable[[str], str | None]


def display(path: Path, root: Path | None) -> str:
    """The path as messages and `#:` references show it: relative to the
    repository (content/stories/elias.md) when it is inside it."""
    path = Path(path)
    # The folder is resolved, not the file: a file may be a symlink (even a
    # loop), and it is named as the editor sees it.
    where = path.absolute().parent.resolve() / path.name
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return where.relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


# --- names.yml ------------------------------------------------------------------


def load_names(path: Path | None, *, root: Path | None = None) -> dict[str, Name]:
    """The names of names.yml; {} when there is no such file."""
    if path is None or not os.path.lexists(path):
        return {}
    shown = display(path, root)
    reader = Reader(shown)
    try:
        tree = parse_yaml(decode(read_file(path, Path(path).parent)))
    except sitefiles.Refused as exc:
        raise ContentError([Problem(shown, 1, exc.reason)]) from None
    except Invalid as exc:
        raise ContentError([Problem(shown, exc.line, exc.message)]) from None
    names: dict[str, Name] = {}
    for key, node in (reader.mapping(tree, "names.yml") or {}).items():
        line = tree.key_line(key)
        if not IDENT_RE.fullmatch(key):
            reader.problem(line, f"name key {key!r} must be a word of letters, digits and _ "
                           "(it becomes the placeholder %(key)s)")
            continue
        fields = reader.mapping(node, f"name {key!r}")
        if fields is None:
            continue
        reader.known_keys(node, NAME_KEYS, f"name {key!r}")
        text = reader.text(fields.get("text"), f"{key}: text", required=True, parent=node)
        translate = reader.boolean(fields.get("translate"), f"{key}: translate")
        lang = reader.text(fields.get("lang"), f"{key}: lang") or "en"
        notes = note_of(reader, fields.get("translators"), f"{key}: translators")
        if text is None:
            continue
        text = markdown.collapse(text)
        if markdown.PRIVATE_USE_RE.search(text) or "%" in text or "<" in text:
            reader.problem(fields["text"].line, f"{key}: text may not hold %, < or "
                           "private-use characters")
            continue
        message = None
        if translate:
            message = Message(text, fields["text"].line, TEXT, notes)
        names[key] = Name(key, text, translate, lang, line, message)
    if reader.problems:
        raise ContentError(reader.problems)
    return names


# --- Stories and programs ---------------------------------------------------------


def read_file(path: Path, folder: Path) -> bytes:
    """A content file's bytes, through the gate every site file passes
    (app/content/sitefiles.py): a regular file inside `folder`, at most
    MAX_BYTES, read without blocking."""
    return sitefiles.read(path, folder, MAX_BYTES)


def _start(path: Path, kind: str, root: Path | None, names: dict[str, Name],
           keys: tuple[str, ...], notes, *, depth: int = 2
           ) -> tuple[FileReader, Node, str, int, str, Message]:
    """What a story, a program and the home page begin with: the file read,
    its front matter's keys, translators' notes and figures, and its title.
    `depth`: how many folders up content/ is (content/<kind>s/<slug>.md: 2)."""
    shown = display(path, root)
    reader = Reader(shown)
    try:
        # A symlink may lead anywhere in content/.
        parts = split(decode(read_file(path, Path(path).absolute().parents[depth - 1])))
    except sitefiles.Refused as exc:
        raise ContentError([Problem(shown, 1, exc.reason)]) from None
    except Invalid as exc:
        raise ContentError([Problem(shown, exc.line, exc.message)]) from None
    slug = Path(path).stem
    reader.slug(slug, 1, f"the file name (the {kind}'s address)")
    front = parts.front
    if reader.mapping(front, "the front matter") is None:
        raise ContentError(reader.problems)
    reader.known_keys(front, keys, f"a {kind}")
    r = FileReader(reader, names)
    r.read_notes(front.value.get("translators"), notes)
    r.read_figures(front.value.get("figures"))
    title = r.markdown_field(front.value.get("title"), "title", r.note("title"),
                             required=True, parent=front)
    return r, front, parts.body, parts.body_line, slug, title


def load_story(path: Path, names: dict[str, Name], *, root: Path | None = None,
               static_img: Path | None = None, programs: frozenset[str] | None = None,
               check_link: LinkCheck | None = None) -> Story:
    """One story. The keyword arguments check what it points at (see
    check_refs); left out, those checks wait for the collection."""
    r, front, body_text, body_line, slug, title = _start(path, "story", root, names,
                                                         STORY_KEYS, STORY_NOTES)
    reader, f = r.reader, front.value
    teaser = r.markdown_field(f.get("teaser"), "teaser", r.note("teaser"), required=True,
                              parent=front)
    kicker = r.markdown_field(f.get("kicker"), "kicker", r.note("kicker"))
    description = r.text_field(f.get("description"), "description", r.note("description"))
    illustration = r.image(f.get("illustration"), "illustration", r.note("illustration"),
                           required=True, parent=front)
    order = reader.number(f.get("order"), "order")
    date = reader.date(f.get("date"), "date")
    featured = reader.boolean(f.get("featured"), "featured")
    in_programs = []
    for item in reader.items(f.get("programs"), "programs"):
        value = reader.text(item, "programs: item")
        if value is not None and reader.slug(value, item.line, "program"):
            in_programs.append(value)
            r.refs.append(Ref("program", value, item.line))
    related = tuple(_links(r, f.get("related")))
    body = r.body(body_text, body_line)
    _raise(reader, r.refs, static_img, programs, check_link)
    return Story(
        slug=slug, path=reader.path, title=title, description=description,
        illustration=illustration, figures=dict(r.figures), body=body, order=order,
        date=date, source_file=str(path), refs=tuple(r.refs), teaser=teaser, kicker=kicker,
        featured=featured, programs=tuple(in_programs), related=related,
        warnings=tuple(reader.warnings),
    )


def _raise(reader: Reader, refs, static_img, programs, check_link) -> None:
    problems = reader.problems + check_refs(reader.path, refs, static_img=static_img,
                                            programs=programs, check_link=check_link)
    if problems:
        raise ContentError(sorted(problems, key=lambda p: p.line))


def check_refs(path: str, refs, *, static_img: Path | None = None,
               programs: frozenset[str] | None = None,
               check_link: LinkCheck | None = None,
               images: frozenset[str] | None = None) -> list[Problem]:
    """Problems with what a file points at: a picture missing from
    static/img/, a program that does not exist, a path of this site that is
    no page. Each check runs only when what it needs is given; `images` (the
    files of static/img/, listed once) saves a stat per picture."""
    out = []
    for ref in refs:
        if ref.kind == "image" and (static_img is not None or images is not None):
            there = (ref.value in images) if images is not None else \
                (Path(static_img) / ref.value).is_file()
            if not there:
                out.append(Problem(path, ref.line, f"picture {ref.value!r} does not exist in "
                                   "static/img/"))
        elif ref.kind == "program" and programs is not None:
            if ref.value not in programs:
                known = ", ".join(sorted(programs)) or "none"
                out.append(Problem(path, ref.line, f"programs: {ref.value!r} is not a program "
                                   f"in content/programs/ (there are: {known}); the story "
                                   "is published without a link to it"))
        elif ref.kind == "link" and check_link is not None:
            why = check_link(ref.value)
            if why:
                out.append(Problem(path, ref.line, f"link {ref.value!r}: {why}"))
    return out


def _links(r: FileReader, node: Node | None):
    for item in r.reader.items(node, "related"):
        fields = r.reader.mapping(item, "a related link")
        if fields is None:
            continue
        r.reader.known_keys(item, ("text", "url", "translators"), "a related link")
        notes = r.note("related", r.item_notes(fields, "related"))
        text = r.markdown_field(fields.get("text"), "related: text", notes, required=True,
                                parent=item)
        url = r.reader.text(fields.get("url"), "related: url", required=True, parent=item)
        if url is not None:
            why = r._link_problem(url.strip(), fields["url"].line)
            if why:
                r.reader.problem(fields["url"].line, f"related: {why}")
                continue
        if text is not None and url is not None:
            yield Link(text, url.strip(), item.line)


def load_program(path: Path, names: dict[str, Name], *, root: Path | None = None,
                 static_img: Path | None = None, check_link: LinkCheck | None = None) -> Program:
    r, front, body_text, body_line, slug, title = _start(path, "program", root, names,
                                                         PROGRAM_KEYS, PROGRAM_NOTES)
    reader, f = r.reader, front.value
    short_title = r.markdown_field(f.get("short_title"), "short_title", r.note("short_title"),
                                   required=True, parent=front)
    link_text = r.markdown_field(f.get("link_text"), "link_text", r.note("link_text"))
    lead = r.markdown_field(f.get("lead"), "lead", r.note("lead"))
    description = r.text_field(f.get("description"), "description", r.note("description"))
    illustration = r.image(f.get("illustration"), "illustration", r.note("illustration"))
    stories_heading = r.markdown_field(f.get("stories_heading"), "stories_heading",
                                       r.note("stories_heading"))
    order = reader.number(f.get("order"), "order")
    key_figures = tuple(_key_figures(r, f.get("key_figures")))
    areas = tuple(_areas(r, f.get("areas")))
    body = r.body(body_text, body_line)
    _raise(reader, r.refs, static_img, None, check_link)
    return Program(
        slug=slug, path=reader.path, title=title, description=description,
        illustration=illustration, figures=dict(r.figures), body=body, order=order, date=None,
        source_file=str(path), refs=tuple(r.refs), short_title=short_title,
        link_text=link_text, lead=lead, key_figures=key_figures, areas=areas,
        stories_heading=stories_heading, warnings=tuple(reader.warnings),
    )


def load_home(path: Path, names: dict[str, Name], *, root: Path | None = None,
              static_img: Path | None = None, check_link: LinkCheck | None = None) -> Home:
    """content/home.md: the home page's words (model.Home says which)."""
    r, front, body_text, body_line, slug, title = _start(path, "home page", root, names,
                                                         HOME_KEYS, HOME_NOTES, depth=1)
    f = front.value

    def field(key: str) -> Message | None:
        return r.markdown_field(f.get(key), key, r.note(key))

    description = r.text_field(f.get("description"), "description", r.note("description"))
    illustration = r.image(f.get("illustration"), "illustration", r.note("illustration"))
    lead_from = shared.reference(r.reader, f.get("lead"))  # a program's paragraph, not a copy
    home = Home(
        slug=slug, path=r.reader.path, title=title, description=description,
        illustration=illustration, figures=dict(r.figures), body=r.body(body_text, body_line),
        order=None, date=None, source_file=str(path), refs=tuple(r.refs),
        lead=None if lead_from else field("lead"), lead_from=lead_from,
        figures_heading=field("figures_heading"), areas_heading=field("areas_heading"),
        call_heading=field("call_heading"), call_text=field("call_text"),
        warnings=tuple(r.reader.warnings),
    )
    _raise(r.reader, r.refs, static_img, None, check_link)
    return home


def _key_figures(r: FileReader, node: Node | None):
    for item in r.reader.items(node, "key_figures"):
        fields = r.reader.mapping(item, "a key figure")
        if fields is None:
            continue
        r.reader.known_keys(item, ("figure", "text", "plural", "translators"), "a key figure")
        notes = r.note("key_figures", r.item_notes(fields, "key_figures"))
        name = r.reader.text(fields.get("figure"), "key_figures: figure", required=True,
                             parent=item)
        if name is not None and name not in r.figures:
            if name not in r.declared:  # else its own mistake is reported already
                r.reader.problem(fields["figure"].line, f"key_figures: figure {name!r} is "
                                 "not in figures")
            name = None
        text = r.markdown_field(fields.get("text"), "key_figures: text", notes, required=True,
                                parent=item, extra_placeholders=True)
        plural = r.markdown_field(fields.get("plural"), "key_figures: plural", notes,
                                  extra_placeholders=True)
        if text is None or name is None or ("plural" in fields and plural is None):
            continue
        own = [n for n in markdown.placeholder_names(text.msgid) if n not in r.names]
        if len(set(own)) != 1:
            r.reader.problem(text.line, "key_figures: text must hold exactly one placeholder "
                             "for the figure, such as %(number)s")
            continue
        if plural is not None:
            other = {n for n in markdown.placeholder_names(plural.msgid) if n not in r.names}
            if other != set(own):
                r.reader.problem(plural.line, f"key_figures: plural must use %({own[0]})s "
                                 "as the text does")
                continue
            if r.figures[name].value != int(r.figures[name].value):
                r.reader.problem(fields["plural"].line, "key_figures: a figure with a plural "
                                 "must be a whole number")
                continue
            text = Message(text.msgid, text.line, MARKDOWN, text.notes, plural=plural.msgid)
        yield KeyFigure(name, own[0], text)


def _areas(r: FileReader, node: Node | None):
    seen: set[str] = set()
    for position, item in enumerate(r.reader.items(node, "areas"), 1):
        fields = r.reader.mapping(item, "a program area")
        if fields is None:
            continue
        r.reader.known_keys(item, ("id", "title", "text", "icon", "translators"),
                            "a program area")
        notes = r.note("areas", r.item_notes(fields, "areas"))
        area_id = r.reader.text(fields.get("id"), "areas: id") or f"area-{position}"
        if "id" in fields and not r.reader.slug(area_id, fields["id"].line, "areas: id"):
            continue
        if area_id in seen:
            r.reader.problem(item.line, f"areas: id {area_id!r} is used twice")
            continue
        seen.add(area_id)
        title = r.markdown_field(fields.get("title"), "areas: title", notes, required=True,
                                 parent=item)
        text = r.markdown_field(fields.get("text"), "areas: text", notes, required=True,
                                parent=item)
        icon = r.image(fields.get("icon"), "areas: icon", notes, required=True, parent=item)
        if title is not None and text is not None and icon is not None:
            yield Area(area_id, title, text, icon)
