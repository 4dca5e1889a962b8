"""Issue 18, the catalog side: what `flask translate update` does to a
translation when its English changes, worked through the commands an editor
(edit a file, `extract`, `update`) and a translator (edit the .po, `check`)
run, in a copy of the fixture site. SOURCE_DATE_EPOCH fixes the day:
1765000000 is 2025-12-06 (UTC)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import polib
import pytest

from app.catalogs import files

from ..support import FIXTURE_SITE, make_app, site_settings

EPOCH, DAY = "1765000000", "2025-12-06"
SYRIA = "content/programs/syria.md"
# A paragraph of the Syria page that is nowhere else (its Arabic and Turkish are reviewed).
OLD = ("Children show signs of war-related post-traumatic stress, some women face sexual "
       "violence and the majority of Syrian refugees lost everything to escape the fighting, "
       "with many women leaving their husbands, brothers or fathers behind.")
NEW = "Many c" + OLD[1:]
MARK = f"English changed on {DAY}"


class Site:
    """A copy of the fixture site and the commands run on it, each by a new
    app, as each `flask` command is a new process."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(FIXTURE_SITE, root,
                        ignore=shutil.ignore_patterns("*.mo", ".translate.lock", "build"))

    def run(self, *args: str, code: int = 0, **config) -> str:
        result = make_app(**site_settings(self.root), **config).test_cli_runner().invoke(
            args=["translate", *args])
        assert result.exit_code == code, result.output + repr(result.exception)
        return result.output

    def po(self, code: str) -> Path:
        return files.po_path(self.root / "translations", code)

    def entry(self, code: str, msgid: str) -> polib.POEntry | None:
        return polib.pofile(str(self.po(code))).find(msgid)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")

    def published(self, code: str) -> list[str]:
        return (self.root / "translations" / code / "published.txt").read_text(
            encoding="utf-8").splitlines()


@pytest.fixture
def site(tmp_path, monkeypatch) -> Site:
    """The fixture site after an `extract` and `update`: as a checkout is
    before the editor's change."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    made = Site(tmp_path / "site")
    made.run("extract")
    made.run("update")
    return made


def translations(site: Site, code: str) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(site.po(code))) if e.msgid}


def test_a_rewrite_keeps_the_old_translation_outdated_and_the_diff_is_that_entry(site):
    before = {code: site.po(code).read_text(encoding="utf-8") for code in ("ar", "tr")}
    kept = {code: site.entry(code, OLD).msgstr for code in ("ar", "tr")}
    site.edit(SYRIA, OLD, NEW)
    site.run("extract")
    site.run("update")
    for code in ("ar", "tr"):
        entry = site.entry(code, NEW)
        assert entry.msgstr == kept[code] and kept[code]
        assert "fuzzy" in entry.flags and entry.previous_msgid == OLD
        assert entry.tcomment == MARK
        assert site.entry(code, OLD) is None  # no copy left behind
        text = site.po(code).read_text(encoding="utf-8")
        # As contract 1 shows it, and as msgmerge writes a previous msgid.
        assert f"# {MARK}\n#: {SYRIA}:" in text
        assert '#, fuzzy\n#| msgid ""\n#| "Children show signs' in text
        # Only that entry changed: one block of the file (entries are
        # separated by an empty line), nothing re-wrapped or moved; in the
        # header, only the date of the template it now follows.
        old_blocks, new_blocks = before[code].split("\n\n"), text.split("\n\n")
        assert len(old_blocks) == len(new_blocks)
        changed = [i for i, (a, b) in enumerate(zip(old_blocks, new_blocks, strict=True))
                   if a != b]
        assert len(changed) == 2 and "Many children" in new_blocks[changed[1]]
        header = set(old_blocks[0].split("\n")) ^ set(new_blocks[0].split("\n"))
        assert {line.split(":")[0] for line in header} == {'"POT-Creation-Date'}
    # A second update changes nothing: the form is stable.
    again = site.po("ar").read_bytes()
    site.run("extract")
    site.run("update")
    assert site.po("ar").read_bytes() == again


def test_check_warns_of_an_outdated_translation_at_its_msgstr_with_both_englishes(site):
    site.edit(SYRIA, OLD, NEW)
    site.run("extract")
    site.run("update")
    output = site.run("check", "ar")
    lines = [line for line in output.splitlines() if "[outdated]" in line]
    assert len(lines) == 1, output
    where, _, said = lines[0].partition(": warning [outdated] ")
    number = int(where.rsplit(":", 1)[1])
    assert site.po("ar").read_text(encoding="utf-8").split("\n")[number - 1].startswith("msgstr")
    assert DAY in said and "“Children show signs of" in said and "“Many children show" in said
    assert "0 errors" in output


def test_a_kept_translation_whose_placeholders_no_longer_fit_is_an_error(site):
    old = "We began operating in Syria in %(year)s to support Iraqi refugees."
    site.edit(SYRIA, old, "We began operating in Syria to support Iraqi refugees.")
    site.run("extract")
    site.run("update")
    entry = site.entry("ar", "We began operating in Syria to support Iraqi refugees. Since then "
                       "we have established ourselves as a key player in the health sector "
                       "providing primary health care, mental health and psychosocial support "
                       "services.")
    assert entry is not None and "%(year)s" in entry.msgstr and entry.tcomment == MARK
    output = site.run("check", "ar", code=1)
    assert "[outdated]" in output
    assert any(": error [placeholders]" in line for line in output.splitlines()), output


def test_a_minor_edit_keeps_the_translation_current(site):
    kept = site.entry("ar", OLD).msgstr
    site.edit(SYRIA, OLD, NEW)
    site.run("extract")
    site.run("update", "--minor", str(site.root / SYRIA))
    entry = site.entry("ar", NEW)
    assert entry.msgstr == kept
    assert "fuzzy" not in entry.flags and not entry.previous_msgid and not entry.tcomment
    assert "[outdated]" not in site.run("check")


def test_minor_names_a_file_no_message_comes_from(site):
    before = site.po("ar").read_bytes()
    output = site.run("update", "--minor", str(site.root / "content/progams/syria.md"), code=2)
    assert "content/progams/syria.md" in output and "not the source of any message" in output
    assert site.po("ar").read_bytes() == before
    assert "add --minor" in site.run("update", str(site.root / SYRIA), code=2)


def test_an_addition_is_untranslated_and_takes_no_translation(site):
    before = translations(site, "ar")
    added = "The clinics also train local volunteers."
    site.edit(SYRIA, OLD + "\n", OLD + "\n\n" + added + "\n")
    site.run("extract")
    site.run("update")
    entry = site.entry("ar", added)
    assert entry.msgstr == "" and "fuzzy" not in entry.flags and not entry.previous_msgid
    after = translations(site, "ar")
    assert {k: v for k, v in after.items() if k != added} == before


def test_a_near_copy_gets_no_translation_and_none_appears_twice(site):
    """Babel's fuzzy matching would give the near-copy the rewritten
    paragraph's translation; here the rewrite keeps it, once."""
    kept = site.entry("ar", OLD).msgstr
    near = OLD.replace("behind.", "behind them.")
    assert difflib.get_close_matches(near, [OLD, NEW], 1)  # what fuzzy matching would pair
    first = ("The conflict in Syria has created the biggest humanitarian crisis since World "
             "War II.")
    site.edit(SYRIA, first, near + "\n\n" + first)
    site.edit(SYRIA, OLD, NEW)
    site.run("extract")
    site.run("update")
    assert site.entry("ar", near).msgstr == "" and "fuzzy" not in site.entry("ar", near).flags
    assert site.entry("ar", NEW).msgstr == kept
    assert site.po("ar").read_text(encoding="utf-8").count(kept.split("\n")[0][:40]) == 1


def test_a_near_copy_beside_an_unchanged_paragraph_gets_nothing(site):
    kept = site.entry("tr", OLD).msgstr
    near = OLD.replace("Children", "Young children")
    site.edit(SYRIA, OLD + "\n", OLD + "\n\n" + near + "\n")
    site.run("extract")
    site.run("update")
    assert site.entry("tr", near).msgstr == ""
    assert site.entry("tr", OLD).msgstr == kept and "fuzzy" not in site.entry("tr", OLD).flags
    assert site.po("tr").read_text(encoding="utf-8").count(kept[:40]) == 1


def test_a_new_story_is_untranslated_and_not_published(site):
    assert "program/syria" in site.published("ar")
    (site.root / "translations" / "ar" / "published.txt").unlink()
    story = site.root / "content/stories/a-new-story.md"
    story.write_text("---\ntitle: A story told this week\nteaser: What happened this week\n"
                     "illustration:\n  file: story-elias.svg\n  alt: \"\"\nprograms: [syria]\n"
                     "---\n\nThe first paragraph of the story.\n", encoding="utf-8")
    site.edit(SYRIA, OLD, NEW)  # and a rewrite of a published page, at the same time
    site.run("extract")
    site.run("update")
    for msgid in ("A story told this week", "The first paragraph of the story."):
        assert site.entry("ar", msgid).msgstr == ""
    listed = site.published("ar")
    assert listed[0].startswith("# ") and listed[1:] == sorted(listed[1:])
    assert "story/a-new-story" not in listed
    # Published before the edit (every string current), so listed though it now has an outdated one.
    assert "program/syria" in listed and "story/elias" in listed
    assert "story/written-in-english-only" not in listed


def test_published_drops_pages_that_no_longer_exist(site):
    path = site.root / "translations" / "tr" / "published.txt"
    path.write_text(path.read_text(encoding="utf-8") + "story/removed-long-ago\n",
                    encoding="utf-8")
    site.run("update")
    assert "story/removed-long-ago" not in site.published("tr")
    assert "home" in site.published("tr")


def test_init_starts_published_empty(site):
    site.run("init", "ku")
    assert site.published("ku") == [site.published("ku")[0]]
    assert site.published("ku")[0].startswith("# ")


def test_the_translator_confirms_and_the_next_update_drops_the_marks(site):
    site.edit(SYRIA, OLD, NEW)
    site.run("extract")
    site.run("update")
    po = polib.pofile(str(site.po("tr")), wrapwidth=79)  # as an editor saves it
    entry = po.find(NEW)
    entry.flags.remove("fuzzy")
    po.save()
    site.run("update")
    entry = site.entry("tr", NEW)
    assert "fuzzy" not in entry.flags and not entry.previous_msgid and entry.tcomment == ""
    text = site.po("tr").read_text(encoding="utf-8")
    assert "#|" not in text and "English changed" not in text
    assert "[outdated]" not in site.run("check", "tr")


def test_a_second_rewrite_keeps_the_english_the_translation_was_written_for(site, monkeypatch):
    site.edit(SYRIA, OLD, NEW)
    site.run("extract")
    site.run("update")
    newer = NEW.replace("Many", "Most")
    site.edit(SYRIA, NEW, newer)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    site.run("extract")
    site.run("update")
    entry = site.entry("ar", newer)
    assert entry.previous_msgid == OLD and entry.tcomment == "English changed on 2025-12-07"


def test_a_template_string_edit_is_a_rewrite_of_that_string(site):
    old, new = "Read more about our work", "Read more about what we do"
    kept = site.entry("ar", old).msgstr
    site.edit("templates/pages/join.html", old, new)
    site.run("extract")
    site.run("update")
    entry = site.entry("ar", new)
    assert entry.msgstr == kept and entry.previous_msgid == old and entry.tcomment == MARK
    assert site.entry("ar", "Join Our Movement").msgstr == "انضمّ إلينا"


def test_the_engines_domain_follows_the_same_rule(site, tmp_path):
    """The engine's English is the package's: its new template is written
    here as `extract --engine` would write it, with one message changed."""
    engine = tmp_path / "engine"
    shutil.copytree(files.ENGINE_TRANSLATIONS, engine)
    pot = polib.pofile(str(engine / "hikaya.pot"), wrapwidth=100)
    ar = polib.pofile(str(files.po_path(engine, "ar", files.ENGINE_DOMAIN)))
    old = next(e for e in pot if not e.msgid_plural and ar.find(e.msgid, msgctxt=e.msgctxt)
               and ar.find(e.msgid, msgctxt=e.msgctxt).translated())
    kept = ar.find(old.msgid, msgctxt=old.msgctxt).msgstr
    english = old.msgid
    old.msgid = english + " now"
    pot.save()
    site.run("update", "--engine", ENGINE_TRANSLATIONS_DIR=str(engine))
    entry = polib.pofile(str(files.po_path(engine, "ar", files.ENGINE_DOMAIN))).find(
        english + " now", msgctxt=old.msgctxt)
    assert entry.msgstr == kept and entry.previous_msgid == english and entry.tcomment == MARK
    assert not (engine / "ar" / "published.txt").exists()


@pytest.mark.parametrize("comment", ["English changed on yesterday",
                                     "English changed on 2025-13-45"])
def test_a_mark_that_is_not_a_date_is_named_at_its_line(site, comment):
    site.edit(SYRIA, OLD, NEW)
    site.run("extract")
    site.run("update")
    path = site.po("ar")
    path.write_text(path.read_text(encoding="utf-8").replace(MARK, comment), encoding="utf-8")
    output = site.run("check", "ar")
    found = [line for line in output.splitlines() if "[outdated-mark]" in line]
    assert len(found) == 1 and comment.rsplit(" ", 1)[1] in found[0], output
    assert "[fuzzy]" in output and "[outdated]" not in output
    site.run("update")  # no crash; the entry is left a plain fuzzy one
    assert "fuzzy" in site.entry("ar", NEW).flags


def test_a_broken_previous_msgid_is_named_at_its_line(site):
    site.edit(SYRIA, OLD, NEW)
    site.run("extract")
    site.run("update")
    path = site.po("ar")
    text = path.read_text(encoding="utf-8")
    text = text.replace('#| msgid ""\n#| "Children', '#| msgid ""\n#| "Children"\n#| msgstr "x')
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.split("\n"), 1) if t.startswith('#| msgstr "x'))
    output = site.run("check", "ar", code=1)
    assert f"messages.po:{line}: error [syntax]" in output, output
    before = path.read_bytes()
    assert f"messages.po:{line}" in site.run("update", code=1)  # named, and nothing written
    assert path.read_bytes() == before


def test_a_source_date_epoch_that_is_not_a_number_is_named_and_nothing_written(site, monkeypatch):
    site.edit(SYRIA, OLD, NEW)
    site.run("extract")
    before = site.po("ar").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert "SOURCE_DATE_EPOCH='yesterday'" in site.run("update", code=1)
    assert site.po("ar").read_bytes() == before
