"""`flask translate check` through Flask's CLI runner on real files: each
check catches a hostile catalog, at the exact line, and the real catalogs pass."""

from __future__ import annotations

import json
import re

import polib
import pytest

from app import create_app
from app.catalogs.plurals import PLURAL_FORMS

from ..support import LOCALES, build, line_of, po_path, set_translation

LINE = re.compile(
    r"^(?P<file>\S+):(?P<line>\d+): (?P<severity>error|warning) \[(?P<check>[\w-]+)\] "
)

YEARS = ("%(num)s year of war", "%(num)s years of war")
REFUGEES = "More than %(number)s refugees"
HOMELESS = "%(number)s homeless"
SOURCE_NOTE = "The text comes from the Syria page of %(organisation)s."
START = "Read more about our work"
YEAR_SENTENCE = (
    "We began operating in Syria in %(year)s to support Iraqi refugees. Since then we have "
    "established ourselves as a key player in the health sector providing primary health care, "
    "mental health and psychosocial support services."
)


def run_check(translations, *args):
    runner = build(translations).test_cli_runner()
    result = runner.invoke(args=["translate", "check", *args])
    problems = [m.groupdict() | {"text": line} for line in result.output.splitlines()
                if (m := LINE.match(line))]
    return result, problems


def only(problems, check, severity=None):
    return [
        p for p in problems
        if p["check"] == check and (severity is None or p["severity"] == severity)
    ]


def test_real_catalogs_pass(runner):
    result = runner.invoke(args=["translate", "check"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^ar: \d+ messages, .*0 errors", result.output, re.M)
    assert re.search(r"^tr: \d+ messages, .*0 errors", result.output, re.M)


def test_current_catalogs_have_no_errors(translations):
    result, problems = run_check(translations)
    assert result.exit_code == 0, result.output
    assert not [p for p in problems if p["severity"] == "error"]


@pytest.mark.parametrize(
    ("msgid", "bad", "expected"),
    [
        (REFUGEES, "%(nombre)s mülteciden fazla", "%(nombre)s is not in the source"),
        (REFUGEES, "%%100 %(number)s mülteci %", "lone %"),
        (START, "%50 hikâyeyi bilerek başlayın", "lone %"),
        (YEAR_SENTENCE, "Suriye'de %(year)d yılında başladık.", "does not fit"),
        (START, "{story} hikâyeyi bilerek başlayın", "{story} is not in the source"),
        (START, "Hikâyeyi %s bilerek başlayın", "unnamed placeholder"),
    ],
)
def test_placeholder_errors(translations, msgid, bad, expected):
    path = set_translation(translations, "tr", msgid, bad)
    result, problems = run_check(translations, "tr")
    assert result.exit_code == 1
    errors = only(problems, "placeholders", "error")
    assert any(expected in p["text"] for p in errors), result.output
    # The line is the msgstr's, in the file the translator edits.
    assert errors[0]["file"].endswith("tr/LC_MESSAGES/messages.po")
    assert line_of(path, int(errors[0]["line"])).startswith("msgstr")
    assert "Traceback" not in result.output


def test_missing_placeholder_is_a_warning_in_a_template_string(translations):
    set_translation(translations, "tr", SOURCE_NOTE, "Metin kuruluşun Suriye sayfasından alındı.")
    result, problems = run_check(translations, "tr")
    assert result.exit_code == 0, result.output
    assert any("%(organisation)s" in p["text"]
               for p in only(problems, "placeholders", "warning"))


def test_missing_placeholder_is_an_error_in_a_content_file(translations):
    """A key figure of content/programs/syria.md without its figure: the
    reader would lose the number, so the page refuses it and so does check."""
    set_translation(translations, "tr", HOMELESS, "Evsizler")
    result, problems = run_check(translations, "tr")
    assert result.exit_code == 1, result.output
    assert any("%(number)s" in p["text"] and "keep it" in p["text"]
               for p in only(problems, "placeholders", "error"))


def test_arabic_zero_one_two_forms_may_leave_out_the_count(translations):
    forms = {0: "لا سنوات حرب", 1: "سنة حرب واحدة", 2: "سنتا حرب",
             3: "%(num)s سنوات حرب", 4: "%(num)s سنة حرب", 5: "%(num)s سنة حرب"}
    set_translation(translations, "ar", YEARS[0], forms)
    result, problems = run_check(translations, "ar")
    assert result.exit_code == 0, result.output
    assert not only(problems, "placeholders")

    forms[3] = "سنوات حرب"  # 3..10: the number is needed
    path = set_translation(translations, "ar", YEARS[0], forms)
    result, problems = run_check(translations, "ar")
    # A key figure of a content file: leaving its figure out is an error.
    found = only(problems, "placeholders")
    assert len(found) == 1 and "%(num)s" in found[0]["text"]
    assert found[0]["severity"] == "error" and result.exit_code == 1
    assert line_of(path, int(found[0]["line"])).startswith("msgstr[3]")


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ("Hikâyeyi <script>alert(1)</script> bilerek başlayın", "<script>"),
        ('<b onclick="steal()">Hikâyeyi</b> bilerek başlayın', "onclick"),
        ('<a href="javascript:alert(1)">Hikâyeyi</a> bilerek başlayın', "javascript"),
        ('<span style="color:red">Hikâyeyi</span> bilerek başlayın', "style"),
        ("<strong>Hikâyeyi bilerek başlayın", "<strong> is not in the source"),
        ("<img src=x onerror=alert(1)>Hikâye", "onerror"),
        ("Hikâyeyi <!-- bilerek başlayın", "not a well-formed tag"),
        ("Hikâyeyi bilerek başlayın <", "join the page's next tag"),
        ("Hikâyeyi bilerek başlayın </", "join the page's next tag"),
    ],
)
def test_html_errors(translations, bad, expected):
    set_translation(translations, "tr", START, bad)
    result, problems = run_check(translations, "tr")
    assert result.exit_code == 1
    assert any(expected in p["text"] for p in only(problems, "html", "error")), result.output


def test_html_rules_compare_with_the_source(tmp_path):
    """A source with a link: the link may move, but not change or grow."""
    from app.catalogs.rules import check_html

    source = 'Read <a href="/en/stories/">the stories</a> and <em>share</em> them.'
    moved = '<em>Paylaşın</em>, <a href="/en/stories/">hikâyeleri</a> okuyun.'
    assert check_html(source, moved) == []
    errors = [f.message for f in check_html(source, '<a href="https://evil.example/">x</a>')]
    assert any("differs from the source" in m for m in errors)
    errors = [f.message for f in check_html(source, '<a href="/en/stories/" title="t">x</a>')]
    assert any("title= on <a> is not in the source" in m for m in errors)
    errors = [f.message for f in check_html(source, "<em><a href=\"/en/stories/\">x</em></a>")]
    assert any("not nested" in m for m in errors)


def test_plural_header_must_be_canonical(translations):
    path = po_path(translations, "ar")
    text = path.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index("\\n\"\n", start) + 4
    text = text[:start] + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n' + text[end:]
    path.write_text(text, encoding="utf-8")
    result, problems = run_check(translations, "ar")
    assert result.exit_code == 1
    errors = only(problems, "plurals", "error")
    assert any(PLURAL_FORMS["ar"] in p["text"] for p in errors), result.output
    assert line_of(path, int(errors[0]["line"])).startswith('"Plural-Forms:')


def test_plural_entry_needs_every_form(translations):
    forms = {i: f"%(num)s سنة {i}" for i in range(5)}  # 5 of 6
    set_translation(translations, "ar", YEARS[0], forms)
    result, problems = run_check(translations, "ar")
    assert result.exit_code == 1
    assert any("exactly 6" in p["text"] for p in only(problems, "plurals", "error")), result.output

    set_translation(translations, "tr", YEARS[0], {0: "%(num)s yıl savaş", 1: ""})
    result, problems = run_check(translations, "tr")
    assert result.exit_code == 1
    assert any("msgstr[1] is empty" in p["text"] for p in only(problems, "plurals", "error"))


def test_catalog_not_merged_with_template(translations):
    path = po_path(translations, "tr")
    po = polib.pofile(str(path))
    po.remove(po.find(START))
    po.append(polib.POEntry(msgid="A string nobody uses", msgstr="Kimsenin kullanmadığı"))
    po.save(str(path))
    result, problems = run_check(translations, "tr")
    assert result.exit_code == 1
    errors = only(problems, "freshness", "error")
    assert any("not merged" in p["text"] and START[:20] in p["text"] for p in errors)
    stale = [p for p in errors if "no longer in messages.pot" in p["text"]]
    assert stale and line_of(path, int(stale[0]["line"])) == 'msgid "A string nobody uses"'


def test_string_in_code_missing_from_template(translations):
    pot = translations / "messages.pot"
    template = polib.pofile(str(pot))
    template.remove(template.find(START))
    template.save(str(pot))
    result, problems = run_check(translations, "tr")
    assert result.exit_code == 1
    errors = [p for p in only(problems, "freshness", "error") if START in p["text"]]
    # Reported where the string is, so the developer can jump there.
    assert errors and errors[0]["file"] == "templates/pages/join.html"


def test_syntax_error_is_a_line_not_a_traceback(translations):
    path = po_path(translations, "ar")
    lines = path.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 20)
    lines[target] = 'msgstr "لم يغلق'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, problems = run_check(translations)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is None or isinstance(
        result.exception, SystemExit)
    errors = only(problems, "syntax", "error")
    assert len(errors) == 1 and errors[0]["file"].endswith("ar/LC_MESSAGES/messages.po")
    assert abs(int(errors[0]["line"]) - (target + 1)) <= 1
    # The other catalog is still checked.
    assert re.search(r"^tr: \d+ messages", result.output, re.M)


@pytest.mark.parametrize(
    ("setup", "check"),
    [
        (lambda t: set_translation(t, "tr", START, "Hikâyeyi bilerek", fuzzy=True), "fuzzy"),
        (lambda t: set_translation(t, "tr", START, ""), "untranslated"),
        (lambda t: set_translation(t, "tr", START, " Hikâyeyi bilerek başlayın"), "whitespace"),
        (lambda t: set_translation(t, "tr", START, START), "identical"),
        (lambda t: set_translation(t, "ar", START, "ابدأ بمعرفة \u202eالقصة"), "bidi"),
    ],
)
def test_warnings(translations, setup, check):
    setup(translations)
    result, problems = run_check(translations)
    assert result.exit_code == 0, result.output
    assert only(problems, check, "warning"), result.output


def test_names_may_stay_the_same(translations):
    name = "International Medical Corps"
    set_translation(translations, "tr", name, name)
    _, problems = run_check(translations, "tr")
    assert not only(problems, "identical")


def test_json_gives_the_same_problems(translations):
    before = polib.pofile(str(po_path(translations, "ar"))).untranslated_entries()
    set_translation(translations, "tr", START, "<script>x</script>")
    set_translation(translations, "ar", START, "")
    text, problems = run_check(translations)
    runner = build(translations).test_cli_runner()
    result = runner.invoke(args=["translate", "check", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["errors"] >= 1 and data["warnings"] >= 1
    as_text = {(p["file"], int(p["line"]), p["severity"], p["check"]) for p in problems}
    as_json = {(p["file"], p["line"], p["severity"], p["check"]) for p in data["problems"]}
    assert as_json == as_text
    assert set(data["locales"]) == {"ar", "tr"}
    assert data["locales"]["ar"]["untranslated"] == len(before) + 1


def test_check_named_languages_only(translations):
    set_translation(translations, "ar", START, "<script>x</script>")
    result, _ = run_check(translations, "tr")
    assert result.exit_code == 0, result.output
    assert "ar:" not in result.output


def test_check_runs_when_the_app_cannot_serve_a_catalog(translations):
    """A production app refuses to start with a broken catalog, but the
    command line still builds one, so the check can say what is wrong."""
    import click

    path = po_path(translations, "tr")
    path.write_text('msgid "broken\n', encoding="utf-8")
    with click.Context(click.Command("flask")):
        app = create_app({"HIKAYA_ENV": "production", "LOCALES": LOCALES,
                          "TRANSLATIONS_DIR": str(translations)})
    result = app.test_cli_runner().invoke(args=["translate", "check", "tr"])
    assert result.exit_code == 1
    assert re.search(r"tr/LC_MESSAGES/messages\.po:\d+: error \[syntax\]", result.output)
