"""`flask translate status` and `compile` on real files in a temporary directory."""

from __future__ import annotations

import json

from ..support import build, po_path, set_translation

START = "Read more about our work"  # on the join page only


def test_status_per_locale_and_page(translations):
    set_translation(translations, "tr", START, "Hikâyeyle başlayın", fuzzy=True)
    runner = build(translations).test_cli_runner()
    result = runner.invoke(args=["translate", "status", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["locales"]
    assert set(data) == {"ar", "tr"}
    tr = data["tr"]["pages"]
    assert tr["join"]["percent"] < 100 and tr["join"]["published"] is False
    assert tr["home"]["percent"] == 100 and tr["home"]["published"] is True
    assert tr["join"]["total"] > tr["join"]["translated"] == tr["join"]["total"] - 1
    assert {"home", "program/syria", "stories", "story/elias", "join"} <= set(tr)
    assert data["ar"]["pages"]["join"]["percent"] == 100

    table = runner.invoke(args=["translate", "status"]).output
    join_row = next(line for line in table.splitlines() if line.startswith("join "))
    assert "*" in join_row.split()[-1]  # tr, below the threshold


def test_compile_refuses_a_catalog_with_errors(translations):
    runner = build(translations).test_cli_runner()
    assert runner.invoke(args=["translate", "compile"]).exit_code == 0
    mo = po_path(translations, "tr").with_suffix(".mo")
    good = mo.read_bytes()

    set_translation(translations, "tr", START, "<script>alert(1)</script>")
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 1
    assert "tr/LC_MESSAGES/messages.po:" in result.output and "[html]" in result.output
    assert mo.read_bytes() == good  # the last good catalog stays in use
    assert po_path(translations, "ar").with_suffix(".mo").is_file()


def test_compile_reports_a_syntax_error_with_its_line(translations):
    path = po_path(translations, "ar")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "unclosed\n',
                    encoding="utf-8")
    lines = len(path.read_text(encoding="utf-8").splitlines())
    result = build(translations).test_cli_runner().invoke(args=["translate", "compile"])
    assert result.exit_code == 1
    assert f"ar/LC_MESSAGES/messages.po:{lines}: error [syntax]" in result.output
    assert "Traceback" not in result.output


def test_compile_leaves_out_fuzzy_and_untranslated(translations):
    import polib

    set_translation(translations, "tr", START, "Hikâyeyle başlayın", fuzzy=True)
    set_translation(translations, "tr", "Join Our Movement", "")
    runner = build(translations).test_cli_runner()
    assert runner.invoke(args=["translate", "compile"]).exit_code == 0
    mo = polib.mofile(str(po_path(translations, "tr").with_suffix(".mo")))
    ids = {e.msgid for e in mo}
    assert START not in ids and "Join Our Movement" not in ids and "Our impact and work" in ids


def test_status_counts_what_the_publish_rule_counts(translations):
    """A page's strings in `status` are those readers' pages are judged by,
    the engine's frame strings included: its star never disagrees with the site."""
    set_translation(translations, "tr", START, "Hikâyeyle başlayın", fuzzy=True)
    app = build(translations)
    data = json.loads(app.test_cli_runner().invoke(
        args=["translate", "status", "--format", "json"]).output)["locales"]
    from app.catalogs import catalog_store
    from app.site.availability import is_published
    from app.site.languages import languages
    from app.site.pages import all_pages
    with app.test_request_context():
        for page in all_pages():
            for code in ("ar", "tr"):
                shown = data[code]["pages"][page.id]
                assert shown["total"] == catalog_store().page_counts(page.id, code).total
                assert shown["published"] == is_published(page, languages()[code]), page.id


def test_the_site_title_counts_on_every_page(translations):
    """site.toml's title is in every page's <title>: untranslated, it keeps
    every page from publication, as an untranslated menu string would."""
    set_translation(translations, "tr", "International Medical Corps in Syria", "")
    data = json.loads(build(translations).test_cli_runner().invoke(
        args=["translate", "status", "--format", "json"]).output)["locales"]
    for pid, counts in data["tr"]["pages"].items():
        assert counts["untranslated"] >= 1 and counts["published"] is False, pid
    assert data["ar"]["pages"]["home"]["untranslated"] == 0
