"""Read and check one content file (a story, a program, home.md, names.yml).
Every problem is reported at its file and line, all in one pass, so an editor
fixes a file in one go; a file with any problem is not used at all."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from . import markdown, sitefiles
from .fields import IDENT_RE, Reader
from .frontmatter import MAX_BYTES, Invalid, decode, parse_yaml, split
from .model import (
    MARKDOWN,
    TEXT,
    Area,
    ContentError,
    Entry,
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

# Fields a `translators:` note can be given for, besides `all`.
STORY_NOTES = ("title", "teaser", "kicker", "description", "illustration", "related")
PROGRAM_NOTES = ("title", "short_title", "link_text", "lead", "description", "illustration",
                 "stories_heading", "key_figures", "areas")
HOME_FIELDS = ("lead", "figures_heading", "areas_heading", "call_heading", "call_text")
HOME_NOTES = ("title", "description", "illustration", *HOME_FIELDS)
STORY_KEYS = (*STORY_NOTES, "date", "order", "featured", "programs", "figures", "translators")
PROGRAM_KEYS = (*PROGRAM_NOTES, "order", "figures", "translators")
HOME_KEYS = (*HOME_NOTES, "figures", "translators")
NAME_KEYS = ("text", "translate", "lang", "translators")

# A site path (/stories/first-story/) -> None if it names a page, else why not.
LinkCheck = Callable[[str], str | None]


def display(path: Path, root: Path | None) -> str:
    """The path as messages and `#:` references show it, relative to the repository;
    the folder resolved, not the file (a symlink, even a loop, named as seen)."""
    where = Path(path).absolute().parent.resolve() / Path(path).name
    for base in [Path(b).resolve() for b in (root, Path.cwd()) if b is not None]:
        if where.is_relative_to(base):
            return where.relative_to(base).as_posix()
    return Path(path).as_posix()


def _parse(path: Path, shown: str, folder: Path, parse):
    """`parse` of the text read through sitefiles' gate; a refusal is the file's problem."""
    try:
        return parse(decode(sitefiles.read(path, folder, MAX_BYTES)))
    except sitefiles.Refused as exc:
        raise ContentError([Problem(shown, 1, str(exc))]) from None
    except Invalid as exc:
        raise ContentError([Problem(shown, exc.line, exc.message)]) from None


def load_names(path: Path | None, *, root: Path | None = None) -> dict[str, Name]:
    """The names of names.yml; {} when there is no such file."""
    if path is None or not os.path.lexists(path):
        return {}
    shown = display(path, root)
    reader = Reader(shown)
    tree = _parse(path, shown, Path(path).parent, parse_yaml)
    names: dict[str, Name] = {}
    for key, node in (reader.mapping(tree, "names.yml") or {}).items():
        if not IDENT_RE.fullmatch(key):
            reader.problem(tree.key_line(key), f"name key {key!r} must be a word of letters, "
                           "digits and _ (it becomes the placeholder %(key)s)")
            continue
        fields = reader.mapping(node, f"name {key!r}")
        if fields is None:
            continue
        reader.known_keys(node, NAME_KEYS, f"name {key!r}")
        text = reader.text(fields.get("text"), f"{key}: text", required=True, parent=node)
        translate = reader.boolean(fields.get("translate"), f"{key}: translate")
        lang = reader.text(fields.get("lang"), f"{key}: lang") or "en"
        notes = reader.note(fields.get("translators"), f"{key}: translators")
        if text is None:
            continue
        text = markdown.collapse(text)
        if markdown.PRIVATE_USE_RE.search(text) or "%" in text or "<" in text:
            reader.problem(fields["text"].line, f"{key}: text may not hold %, < or "
                           "private-use characters")
            continue
        message = Message(text, fields["text"].line, TEXT, notes) if translate else None
        names[key] = Name(key, text, translate, lang, tree.key_line(key), message)
    if reader.problems:
        raise ContentError(reader.problems)
    return names


def _load(cls: type[Entry], path: Path, names: dict[str, Name], root: Path | None,
          keys: tuple[str, ...], notes: tuple[str, ...], own, *, depth: int = 2) -> Entry:
    """What a story, a program and the home page share; `own(r)` reads the
    kind's own fields. `depth`: how many folders up content/ is."""
    kind = "home page" if cls is Home else cls.__name__.lower()
    shown = display(path, root)
    # A symlink may lead anywhere in content/.
    front, body_text, body_line = _parse(path, shown, Path(path).absolute().parents[depth - 1],
                                         split)
    r = Reader(shown, names, front)
    slug = Path(path).stem
    r.slug(slug, 1, f"the file name (the {kind}'s address)")
    if r.mapping(front, "the front matter") is None:
        raise ContentError(r.problems)
    r.known_keys(front, keys, f"a {kind}")
    r.read_notes(front.value.get("translators"), notes)
    r.read_figures(front.value.get("figures"))
    title = r.field("title", required=True)
    fields = own(r)
    description = r.field("description", r.text_field)
    illustration = r.field("illustration", r.image, required=cls is Story)
    order = r.number(front.value.get("order"), "order")
    body = r.body(body_text, body_line)
    if r.problems:
        raise ContentError(sorted(r.problems, key=lambda p: p.line))
    return cls(slug=slug, path=shown, title=title, description=description,
               illustration=illustration, order=order, body=body, figures=dict(r.figures),
               refs=tuple(r.refs), warnings=tuple(r.warnings), **fields)


def load_story(path: Path, names: dict[str, Name], *, root: Path | None = None) -> Story:
    def own(r: Reader) -> dict:
        return dict(teaser=r.field("teaser", required=True), kicker=r.field("kicker"),
                    date=r.date(r.front.value.get("date"), "date"),
                    featured=r.boolean(r.front.value.get("featured"), "featured"),
                    programs=tuple(_programs(r)), related=tuple(_links(r)))

    return _load(Story, path, names, root, STORY_KEYS, STORY_NOTES, own)


def load_program(path: Path, names: dict[str, Name], *, root: Path | None = None) -> Program:
    def own(r: Reader) -> dict:
        return dict(short_title=r.field("short_title", required=True),
                    link_text=r.field("link_text"), lead=r.field("lead"),
                    stories_heading=r.field("stories_heading"),
                    key_figures=tuple(_key_figures(r)), areas=tuple(_areas(r)))

    return _load(Program, path, names, root, PROGRAM_KEYS, PROGRAM_NOTES, own)


def load_home(path: Path, names: dict[str, Name], *, root: Path | None = None) -> Home:
    """content/home.md: the home page's words (model.Home says which). Its lead
    may name a program's paragraph instead of copying it (lead: {program: health,
    starts: Despite the challenges}), so the catalogs hold the sentence once."""
    def own(r: Reader) -> dict:
        lead, lead_from = r.front.value.get("lead"), None
        if lead is not None and isinstance(lead.value, dict):
            r.known_keys(lead, ("program", "starts"), "lead")
            slug, starts = (r.text(lead.value.get(key), f"lead: {key}", required=True,
                                   parent=lead) for key in ("program", "starts"))
            lead_from = (slug, starts, lead.line) if slug and starts else None
        fields = {key: r.field(key) for key in HOME_FIELDS if key != "lead" or not lead_from}
        return {**fields, "lead_from": lead_from}

    return _load(Home, path, names, root, HOME_KEYS, HOME_NOTES, own, depth=1)


def check_refs(path: str, refs, *, programs: frozenset[str] | None = None,
               check_link: LinkCheck | None = None,
               images: frozenset[str] | None = None) -> list[Problem]:
    """Problems with what a file points at: a picture not among `images`, a
    program not among `programs`, a site path `check_link` refuses (each if given)."""
    out = []
    for ref in refs:
        if ref.kind == "image" and images is not None and ref.value not in images:
            out.append(Problem(path, ref.line, f"picture {ref.value!r} does not exist in "
                               "static/img/"))
        elif ref.kind == "program" and programs is not None and ref.value not in programs:
            known = ", ".join(sorted(programs)) or "none"
            out.append(Problem(path, ref.line, f"programs: {ref.value!r} is not a program "
                               f"in content/programs/ (there are: {known}); the story "
                               "is published without a link to it"))
        elif ref.kind == "link" and check_link is not None and (why := check_link(ref.value)):
            out.append(Problem(path, ref.line, f"link {ref.value!r}: {why}"))
    return out


def _programs(r: Reader):
    for item in r.items(r.front.value.get("programs"), "programs"):
        value = r.text(item, "programs: item")
        if value is not None and r.slug(value, item.line, "program"):
            r.refs.append(Ref("program", value, item.line))
            yield value


def _links(r: Reader):
    for _, item, fields, notes in r.each("related", "a related link", ("text", "url")):
        text = r.markdown_field(fields.get("text"), "related: text", notes, required=True,
                                parent=item)
        url = r.text(fields.get("url"), "related: url", required=True, parent=item)
        if url is not None and (why := r.link_problem(url.strip(), fields["url"].line)):
            r.problem(fields["url"].line, f"related: {why}")
        elif text is not None and url is not None:
            yield Link(text, url.strip(), item.line)


def _key_figures(r: Reader):
    keys = ("figure", "text", "plural")
    for _, item, fields, notes in r.each("key_figures", "a key figure", keys):
        name = r.text(fields.get("figure"), "key_figures: figure", required=True, parent=item)
        if name is not None and name not in r.figures:
            if name not in r.declared:  # else its own mistake is reported already
                r.problem(fields["figure"].line, f"key_figures: figure {name!r} is not in "
                          "figures")
            name = None
        text = r.markdown_field(fields.get("text"), "key_figures: text", notes, required=True,
                                parent=item, extra_placeholders=True)
        plural = r.markdown_field(fields.get("plural"), "key_figures: plural", notes,
                                  extra_placeholders=True)
        if text is None or name is None or ("plural" in fields and plural is None):
            continue
        own = [n for n in markdown.placeholder_names(text.msgid) if n not in r.names]
        if len(set(own)) != 1:
            r.problem(text.line, "key_figures: text must hold exactly one placeholder for the "
                      "figure, such as %(number)s")
            continue
        if plural is not None:
            other = {n for n in markdown.placeholder_names(plural.msgid) if n not in r.names}
            if other != set(own):
                r.problem(plural.line, f"key_figures: plural must use %({own[0]})s as the "
                          "text does")
                continue
            if r.figures[name].value != int(r.figures[name].value):
                r.problem(fields["plural"].line, "key_figures: a figure with a plural must be "
                          "a whole number")
                continue
            text = Message(text.msgid, text.line, MARKDOWN, text.notes, plural=plural.msgid)
        yield KeyFigure(name, own[0], text)


def _areas(r: Reader):
    seen: set[str] = set()
    keys = ("id", "title", "text", "icon")
    for position, item, fields, notes in r.each("areas", "a program area", keys):
        area_id = r.text(fields.get("id"), "areas: id") or f"area-{position}"
        if "id" in fields and not r.slug(area_id, fields["id"].line, "areas: id"):
            continue
        if area_id in seen:
            r.problem(item.line, f"areas: id {area_id!r} is used twice")
            continue
        seen.add(area_id)
        title = r.markdown_field(fields.get("title"), "areas: title", notes, required=True,
                                 parent=item)
        text = r.markdown_field(fields.get("text"), "areas: text", notes, required=True,
                                parent=item)
        icon = r.image(fields.get("icon"), "areas: icon", notes, required=True, parent=item)
        if title is not None and text is not None and icon is not None:
            yield Area(area_id, title, text, icon)
