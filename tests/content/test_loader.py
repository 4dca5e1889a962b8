"""Reading content files: a good file gives messages with their lines and
notes; a hostile or mistaken one is refused with every problem at its file
and line, and costs only itself."""

from __future__ import annotations

import pytest

from app.content import load
from app.content.collection import image_files
from app.content.loader import check_refs, load_names, load_program, load_story
from app.content.model import MARKDOWN, TEXT, ContentError

from .conftest import PROGRAM, STORY


def story(site, text, name="fixture.md"):
    path = site.write(f"stories/{name}", text)
    entry = load_story(path, load_names(site.content / "names.yml"), root=site.root)
    # What the file points at is checked when the site is read (collection.load).
    found = check_refs(entry.path, entry.refs, images=image_files(site.static_img),
                       programs=frozenset({"fixture"}))
    if found:
        raise ContentError(found)
    return entry


def problems(site, text, name="fixture.md"):
    with pytest.raises(ContentError) as caught:
        story(site, text, name)
    return [str(p) for p in caught.value.problems]


def test_story_fields_become_messages_with_lines_and_notes(site):
    s = story(site, STORY)
    assert s.slug == "fixture"
    assert s.path == "content/stories/fixture.md"
    assert s.title.msgid == "Fixture story about *care*"
    assert s.title.line == 2
    assert s.title.notes == ("Test fixture, not real content.", "A title note.")
    # A name in plain English becomes its placeholder in Markdown fields...
    assert s.teaser.msgid == "A teaser naming %(partner)s, a partner"
    # ...but stays as written in plain-text fields, where <bdi> cannot go,
    # and a percent sign is written the catalogs' way.
    assert s.description.msgid == "A plain description of 100%% fixture text."
    assert s.description.kind == TEXT
    assert s.illustration.alt.msgid == "A fixture picture"
    assert s.featured is True and str(s.date) == "2015-09-01"
    assert [link.url for link in s.related] == ["/stories/other/"]
    blocks = s.body.blocks
    assert [b.msgid for b in blocks] == [
        "First paragraph, with %(organisation)s and a [link](https://example.org/a%%20b).",
        "Second paragraph: over %(fled)s people since %(start)s, about 50%% of them.",
        "A heading",
        "First item",
        "Second *item*",
        "A quoted paragraph.",
    ]
    assert [b.line for b in blocks] == [23, 25, 27, 29, 30, 32]
    assert blocks[0].notes == ("Test fixture, not real content.", "A body note.")
    assert all(b.kind == MARKDOWN for b in blocks)
    assert len(s.body.skeleton) == len(blocks) + 1


def test_program_fields(site):
    path = site.write("programs/fixture.md", PROGRAM)
    p = load_program(path, load_names(site.content / "names.yml"))
    assert [k.text.msgid for k in p.key_figures] == [
        "More than %(number)s refugees", "%(num)s year of war"]
    assert p.key_figures[1].text.plural == "%(num)s years of war"
    assert p.key_figures[0].text.notes == ("A key figure.",)
    assert p.areas[0].id == "health"
    assert p.areas[0].text.msgid == "We run clinics with %(organisation)s staff."
    assert p.areas[0].icon.alt is None  # alt: "" is decorative
    assert p.short_title.msgid == "Fixture"


def test_a_block_of_names_and_punctuation_is_not_a_message(site):
    s = story(site, STORY + "\n> — Praxis\n")
    last = s.body.blocks[-1]
    assert last.msgid == "— %(partner)s" and not last.translatable
    assert last not in s.messages()


def test_titles_and_teasers_up_to_their_limits_are_used(site):
    """Finding 10, the clean side: a title of 200 characters and a teaser of
    600 (a long headline in any language) are accepted as written."""
    title, teaser = "Ş" * 200, "ع" * 600
    s = story(site, STORY.replace("Fixture story about *care*", title)
              .replace("A teaser naming Praxis, a partner", teaser))
    assert (s.title.msgid, s.teaser.msgid) == (title, teaser)


def test_an_empty_translator_comment_is_a_warning_at_its_line(site):
    """Issue 22, finding 5: a TRANSLATORS comment whose paragraph was
    deleted leaves the page as it was; it is a warning at the comment's
    line and the file is used."""
    text = STORY + "\n<!-- TRANSLATORS: the paragraph below was deleted. -->\n"
    line = text.count("\n")
    s = story(site, text)
    assert [str(w) for w in s.warnings] == [
        f"content/stories/fixture.md:{line}: a TRANSLATORS comment with no text after it; "
        "delete it, or write the paragraph it is for below it"]
    assert s.body == story(site, STORY).body
    assert story(site, STORY).warnings == ()


def test_translator_comment_on_its_own_notes_the_next_paragraph(site):
    text = STORY.split("---\n\n", 1)[0] + "---\n\n<!-- TRANSLATORS: Alone. -->\n\nNext one.\n"
    s = story(site, text)
    assert [(b.msgid, b.notes[-1]) for b in s.body.blocks] == [("Next one.", "Alone.")]
    assert "TRANSLATORS" not in "".join(s.body.skeleton)


def test_soft_line_breaks_join_and_hard_breaks_stay(site):
    text = STORY.split("---\n\n", 1)[0] + "---\n\nOne line\ncontinues here.\n\nHard\\\nbreak.\n"
    s = story(site, text)
    assert [b.msgid for b in s.body.blocks] == ["One line continues here.", "Hard\\\nbreak."]


FRONT = STORY.split("---\n\n", 1)[0] + "---\n\n"


def replace(old, new, text=STORY):
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        (replace("title: Fixture", "titel: Fixture"),
         ["content/stories/fixture.md:2: unknown key 'titel' in a story; did you mean 'title'?",
          "content/stories/fixture.md:2: title is missing"]),
        (replace("featured: true", "featured: yes please"),
         ["content/stories/fixture.md:10: featured must be true or false"]),
        (replace("teaser: A teaser naming Praxis, a partner", "teaser: no"),
         ["content/stories/fixture.md:3: teaser must be text, not 'false' (YAML read it as "
          "something else: put the text in quotes)"]),
        (replace("  file: fixture.svg", "  file: missing.svg"),
         ["content/stories/fixture.md:7: picture 'missing.svg' does not exist in static/img/"]),
        (replace("  file: fixture.svg", "  file: ../../../etc/passwd.svg"),
         ["content/stories/fixture.md:7: illustration: file '../../../etc/passwd.svg' must be "
          "a picture file under static/img/"]),
        (replace("  file: fixture.svg", "  file: fixture.html"),
         ["content/stories/fixture.md:7: illustration: file 'fixture.html' must be a picture"]),
        (replace("  alt: A fixture picture\n", ""),
         ["content/stories/fixture.md:7: illustration: alt is missing"]),
        (replace("format: compact", "format: percent"),
         ["content/stories/fixture.md:15: figure 'fled': format 'percent' is not one of "
          "compact, number, year"]),
        (replace("{value: 4000000,", "{value: four million,"),
         ["content/stories/fixture.md:15: figure 'fled': value must be a number"]),
        (replace("date: 2015-09-01", "date: last week"),
         ["content/stories/fixture.md:9: date must be a date written 2015-09-01"]),
        (replace("over %(fled)s people", "over %(fledd)s people"),
         ["content/stories/fixture.md:25: text: %(fledd)s names no figure or name (known "
          "here: fled, organisation, partner, start)"]),
        (replace("over %(fled)s people", "over %(fled)d people"),
         ["content/stories/fixture.md:25: text: '%(fled)d' is not a placeholder; write "
          "%(fled)s"]),
        (replace("First item", "First <b>item</b>"),
         ["content/stories/fixture.md:29: text: raw HTML '<b>' is not allowed"]),
        (replace("A quoted paragraph.", "A quote <script>alert(1)</script>"),
         ["content/stories/fixture.md:32: text: raw HTML '<script>' is not allowed"]),
        (replace("## A heading", "![x](https://tracker.example/p.gif)"),
         ["content/stories/fixture.md:27: text: a picture in the text"]),
        (replace("## A heading", "# A heading"),
         ["content/stories/fixture.md:27: a level-1 heading"]),
        (replace("## A heading", "#### A heading"),
         ["content/stories/fixture.md:27: heading level 4 follows level 1"]),
        (replace("## A heading", "    indented code"),
         ["content/stories/fixture.md:27: code blocks are not supported"]),
        (replace("a [link](https://example.org/a%20b)", "a [link](elsewhere.html)"),
         ["content/stories/fixture.md:23: text: link address 'elsewhere.html': write "
          "https://..., mailto:... or a path of this site"]),
        # Issue 22, finding 10: an unsafe scheme is an error at its line, not
        # literal text the renderer left behind.
        (replace("a [link](https://example.org/a%20b)", "a [link](javascript:alert(1))"),
         ["content/stories/fixture.md:23: text: link address 'javascript:alert(1)' "
          "(javascript: links are not allowed)"]),
        (replace("a [link](https://example.org/a%20b)", "a <JavaScript:alert(1)>"),
         ["content/stories/fixture.md:23: text: link address 'JavaScript:alert(1)' "
          "(JavaScript: links are not allowed)"]),
        (replace("kicker: Fixture kicker", "kicker: '[Fixture](data:text/html,x) kicker'"),
         ["content/stories/fixture.md:4: kicker: link address 'data:text/html,x' "
          "(data: links are not allowed)"]),
        (replace("    url: /stories/other/", "    url: vbscript:x"),
         ["content/stories/fixture.md:13: related: link address 'vbscript:x' (vbscript: links"]),
        # Finding 6: a value Python will not make is the file's error at its
        # line, not an exception that stops every start.
        (replace("date: 2015-09-01", "date: 2015-02-30"),
         ["content/stories/fixture.md:9: '2015-02-30' cannot be read: day is out of range"]),
        (replace("date: 2015-09-01", "order: " + "9" * 4301),
         ["content/stories/fixture.md:9: '9999999999999999999999999999999999999999...' "
          "cannot be read: Exceeds the limit (4300 digits)"]),
        # Finding 10: titles and teasers have length limits.
        (replace("title: Fixture story about *care*", "title: " + "Long title " * 19),
         ["content/stories/fixture.md:2: title is 208 characters; at most 200"]),
        (replace("teaser: A teaser naming Praxis, a partner", "teaser: " + "x" * 601),
         ["content/stories/fixture.md:3: teaser is 601 characters; at most 600"]),
        (replace("    url: /stories/other/", "    url: //evil.example/"),
         ["content/stories/fixture.md:13: related: link address '//evil.example/'"]),
        (replace("First item", "First \ue000 item"),
         ["content/stories/fixture.md:29: text: contains a private-use character"]),
        (replace("  title: A title note.", "  titel: A title note."),
         ["content/stories/fixture.md:19: unknown key 'titel' in translators; did you mean "
          "'title'?"]),
        (replace("date: 2015-09-01", "programs: [elsewhere]"),
         ["content/stories/fixture.md:9: programs: 'elsewhere' is not a program in "
          "content/programs/ (there are: fixture); the story is published without a link to it"]),
        (replace("description: A plain description of 100% fixture text.",
                 "description: Over %(fled)s people"),
         ["content/stories/fixture.md:5: description is plain text: figures and names are "
          "filled in only in Markdown fields"]),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_mistakes_are_reported_at_file_and_line(site, text, expected):
    found = problems(site, text)
    for wanted in expected:
        assert any(wanted in line for line in found), (wanted, found)


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("title: x\n---\n", 1, "must start with front matter"),
        ("---\ntitle: x\n", 1, "never closed"),
        ("---\ntitle: [unclosed\nteaser: x\n---\n", 3, "YAML:"),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "'title' is given twice (first on line 2)"),
        ("---\n- a list\n---\n", 2, "the front matter must be a set of 'key: value' lines"),
        ("---\ntitle: !!python/object/apply:os.system ['true']\n---\n", 2, "YAML"),
        ("---\na: &a [*a]\n---\n", 2, "alias refers to itself"),
        ("---\n<<: {title: x}\n---\n", 2, "keys must be plain words"),
        ("---\nx: !!set {a, b}\n---\n", 2, "YAML tag"),
        ("---\ndate: 2015-09-01 10:00:00\n---\n", 2, "a date and time"),
    ],
)
def test_broken_front_matter(site, text, line, fragment):
    found = problems(site, text)
    assert any(f"content/stories/fixture.md:{line}: " in p and fragment in p for p in found), found


def test_billion_laughs_is_refused_quickly(site):
    lines = ["---", "a0: [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, "
              f"*a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 9)]
    lines += ["---", ""]
    found = problems(site, "\n".join(lines).replace("a0: [", "a0: &a0 [").replace(
        ": [*a", ": &aX [*a"))
    assert found  # either the alias budget or the YAML anchors refuse it


def test_not_utf8_and_nul_name_the_line(site):
    site.write_bytes("stories/fixture.md", b"---\ntitle: ok\nteaser: \xff\n---\n")
    with pytest.raises(ContentError) as caught:
        load_story(site.content / "stories/fixture.md", {})
    assert str(caught.value) == "content/stories/fixture.md:3: is not valid UTF-8" or \
        str(caught.value).endswith("fixture.md:3: is not valid UTF-8")
    site.write_bytes("stories/fixture.md", b"---\ntitle: ok\x00\n---\n")
    with pytest.raises(ContentError, match=r"fixture.md:2: contains a NUL character"):
        load_story(site.content / "stories/fixture.md", {})


@pytest.mark.parametrize("name", ["Bad_Slug.md", "-lead.md", "a--b.md", "ünicode.md"])
def test_file_name_must_be_a_url_slug(site, name):
    found = problems(site, STORY, name=name)
    assert any(":1: the file name (the story's address)" in p for p in found), found


def test_every_problem_of_a_file_at_once(site):
    text = replace("title: Fixture", "titel: Fixture",
                   replace("format: compact", "format: nope",
                           replace("## A heading", "# A heading")))
    found = problems(site, text)
    assert len(found) >= 4, found


def test_program_mistakes(site):
    bad = (PROGRAM.replace("text: More than %(number)s refugees",
                           "text: More than %(number)s of %(total)s refugees")
           .replace("    plural: \"%(num)s years of war\"", "    plural: \"%(n)s years\"")
           .replace("  - id: health", "  - id: Health Care"))
    path = site.write("programs/fixture.md", bad)
    with pytest.raises(ContentError) as caught:
        load_program(path, load_names(site.content / "names.yml"))
    text = str(caught.value)
    assert "exactly one placeholder" in text
    assert "plural must use %(num)s" in text
    assert "areas: id 'Health Care' must be lowercase" in text


def test_names_file_mistakes(site):
    site.write("names.yml", "organisation:\n  text: IMC\n  translate: maybe\n2bad:\n  text: x\n")
    with pytest.raises(ContentError) as caught:
        load_names(site.content / "names.yml", root=site.root)
    text = str(caught.value)
    assert "content/names.yml:3: organisation: translate must be true or false" in text
    assert "content/names.yml:4: name key '2bad'" in text


def test_a_broken_file_costs_only_itself(site):
    site.write("programs/fixture.md", PROGRAM)
    site.write("stories/good.md", STORY.replace("date: 2015-09-01", "order: 1"))
    site.write("stories/broken.md", replace("title: Fixture", "titel: Fixture"))
    content = load(site.content, static_img=site.static_img, repo=site.root)
    assert list(content.stories) == ["good"]
    assert list(content.programs) == ["fixture"]
    assert {p.path for p in content.problems} == {"content/stories/broken.md"}


def test_reading_order_and_featured_selection(site):
    base = STORY.replace("featured: true\n", "")
    site.write("stories/pinned.md", base.replace("date: 2015-09-01", "order: 1"))
    site.write("stories/old.md", base.replace("date: 2015-09-01", "date: 2014-01-01"))
    site.write("stories/new.md", base.replace("date: 2015-09-01", "date: 2016-01-01"))
    site.write("stories/starred.md",
               base.replace("date: 2015-09-01", "date: 2013-01-01\nfeatured: true"))
    site.write("stories/undated.md", base.replace("date: 2015-09-01\n", ""))
    content = load(site.content, static_img=site.static_img)
    assert not content.problems
    assert list(content.stories) == ["pinned", "new", "old", "starred", "undated"]
