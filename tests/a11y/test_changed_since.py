"""`flask a11y --changed-since REV` checks exactly the page x language pairs
a change can affect: a page's own template, that page in every language; a
message changed in one catalog, the pages of that language that show it;
anything shared (layout, CSS, code), the whole site; tests and docs, nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from app.a11y import changes
from app.a11y.cli import a11y
from app.config import ROOT
from app.site import depends

from ..support import FIXTURE_SITE, make_app, stories
from .conftest import invoke


def checked_pairs(app) -> dict[str, list[str]]:
    from app.a11y.targets import site_targets

    with app.test_request_context():
        targets = site_targets("http://127.0.0.1")
    out: dict[str, list[str]] = {}
    for target in targets:
        out.setdefault(target.page_id, []).append(target.locale)
    return out


def plan_for(app, files, root=ROOT, rev="HEAD"):
    with app.app_context():
        return changes.plan(app, rev, root, files, checked_pairs(app))


@pytest.mark.parametrize(
    ("path", "pages"),
    [
        ("tests/fixture_site/templates/pages/join.html", {"join"}),
        ("app/templates/pages/404.html", {"404"}),
        ("app/templates/freeze/index.html", {"chooser"}),
        ("app/templates/layouts/story.html", None),  # None: every story of the site
    ],
)
def test_a_pages_own_template_is_that_page_in_every_language(app, path, pages):
    if pages is None:
        pages = {f"story/{story.slug}" for story in stories(app)}
        assert len(pages) >= 2
    plan = plan_for(app, [path])
    assert not plan.everything and plan.pages == pages and not plan.pairs
    assert plan.wants(sorted(pages)[0], "tr") and not plan.wants("home", "ar")


@pytest.mark.parametrize(
    "path",
    [
        "app/templates/layouts/base.html",
        "app/templates/layouts/document.html",
        "app/static/css/site.css",
        "app/site/views.py",
        "pyproject.toml",
    ],
)
def test_shared_files_and_code_are_the_whole_site(app, path):
    plan = plan_for(app, [path])
    assert plan.everything and plan.wants("home", "ar")
    assert path in plan.lines[0] and "the whole site" in plan.lines[0]


def test_a_story_file_is_its_page_and_the_lists_in_every_language(app):
    # Content paths are the site folder's (the fixture site's here).
    plan = plan_for(app, ["content/stories/elias.md"], root=FIXTURE_SITE)
    assert not plan.everything and not plan.pairs and not plan.languages
    assert "story/elias" in plan.pages and {"home", "stories"} <= plan.pages
    assert not any(p.startswith("story/") and p != "story/elias" for p in plan.pages)
    assert plan.wants("story/elias", "ar") and not plan.wants("join", "ar")


def test_a_new_story_file_checks_its_page_too(app):
    plan = plan_for(app, ["content/stories/a-story-not-yet-listed.md"], root=FIXTURE_SITE)
    assert "story/a-story-not-yet-listed" in plan.pages and "home" in plan.pages


@pytest.mark.parametrize("path", ["content/programs/syria.md", "content/names.yml"])
def test_program_and_names_files_are_the_whole_site(app, path):
    plan = plan_for(app, [path], root=FIXTURE_SITE)
    assert "code or settings" not in plan.everything
    assert plan.everything and plan.wants("join", "tr")


def test_the_chooser_template_is_the_freezes():
    from app.delivery.freeze import CHOOSER_TEMPLATE

    assert depends.CHOOSER_TEMPLATE == CHOOSER_TEMPLATE


@pytest.mark.parametrize(
    "path", ["tests/a11y/test_site.py", "README.md", "bench/run.py", "app/templates/pages/500.html"]
)
def test_files_no_checked_page_shows_check_nothing(app, path):
    plan = plan_for(app, [path])
    assert not plan.everything and not plan.pages and not plan.pairs and not plan.languages
    assert not plan.wants("home", "en") and "no page" in plan.lines[0]


@pytest.fixture
def catalog_repo(tmp_path):
    """A git repository holding the fixture site's catalogs, committed as they are."""
    repo = tmp_path / "repo"
    shutil.copytree(
        FIXTURE_SITE / "translations", repo / "translations",
        ignore=shutil.ignore_patterns("*.mo", ".translate.lock")
    )
    run_git(repo, "init", "-q")
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "-q", "-m", "catalogs as they are")
    return repo


def run_git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=QA", "-c", "user.email=qa@example.invalid"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True)


def one_page_message(app, po: Path) -> str:
    """The Arabic translation of a message the coverage map puts on one
    page only, written on one line of the catalog."""
    text = po.read_text(encoding="utf-8")
    with app.app_context():
        from app.catalogs import catalog_store

        shown = catalog_store().page_strings
    # The Arabic pages as they are: a message the map counts but no page
    # shows (the list's pagination, with one page of stories) is no use here.
    client = app.test_client()
    with app.test_request_context():
        from app.a11y.targets import site_targets

        seen = "".join(client.get(t.url.removeprefix("http://localhost")).get_data(as_text=True)
                       for t in site_targets("http://localhost") if t.locale == "ar")
    for entry in polib.pofile(str(po)):
        key = (entry.msgctxt, entry.msgid)
        pages = [pid for pid, keys in shown.items() if key in keys]
        if (
            len(pages) == 1
            and entry.msgstr
            and "%" not in entry.msgid
            and text.count(f'msgstr "{entry.msgstr}"') == 1
            and entry.msgstr in seen
        ):
            return entry.msgstr
    raise AssertionError("no message shown on one page only")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(f'msgstr "{old}"') == 1
    path.write_text(text.replace(f'msgstr "{old}"', f'msgstr "{new}"'), encoding="utf-8")


def catalog_app(repo: Path):
    return make_app(TRANSLATIONS_DIR=str(repo / "translations"))


def test_a_changed_header_is_every_page_of_that_language(catalog_repo):
    po = catalog_repo / "translations" / "tr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    assert "plural=(n != 1);" in text
    po.write_text(text.replace("plural=(n != 1);", "plural=(n > 1);", 1), encoding="utf-8")
    app = catalog_app(catalog_repo)
    plan = plan_for(app, changes.changed_files(catalog_repo, "HEAD"), root=catalog_repo)
    assert plan.languages == {"tr"} and not plan.everything
    assert plan.wants("home", "tr") and not plan.wants("home", "ar")


def test_an_unknown_revision_is_an_error_not_a_guess(catalog_repo, tmp_path, monkeypatch):
    monkeypatch.chdir(catalog_repo)
    app = catalog_app(catalog_repo)
    result = app.test_cli_runner().invoke(a11y, args=["--changed-since", "no-such-rev"])
    assert result.exit_code == 2 and "no-such-rev" in result.output


@pytest.mark.browser
def test_one_arabic_message_checks_exactly_the_arabic_pages_showing_it(
    catalog_repo, tmp_path, monkeypatch
):
    po = catalog_repo / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
    message = one_page_message(catalog_app(catalog_repo), po)
    changed = f"«{message}»"
    edit(po, message, changed)
    app = catalog_app(catalog_repo)
    # What a reader sees: every page, in every language, rendered after the change.
    client = app.test_client()
    with app.test_request_context():
        from app.a11y.targets import site_targets

        targets = site_targets("http://localhost")
    showing = {
        (t.locale, t.page)
        for t in targets
        if changed in client.get(t.url.removeprefix("http://localhost")).get_data(as_text=True)
    }
    assert showing and {locale for locale, _ in showing} == {"ar"}
    assert len(showing) < len(targets)

    monkeypatch.chdir(catalog_repo)
    run = invoke(app, ["--changed-since", "HEAD", "--screenshots"], tmp_path / "out")
    assert run.exit_code == 0, run.output
    assert "translations/ar/LC_MESSAGES/messages.po: 1 message changed" in run.output
    assert f"checking {len(showing)} of {len(targets)} pages x languages" in run.output
    pictures = {
        p.relative_to(run.out / "screenshots").as_posix()
        for p in (run.out / "screenshots").rglob("*.png")
    }
    expected = {
        f"{locale}/{slug}@{size}"
        for locale, page in showing
        for slug in [page.strip("/").replace("/", "_") or "home"]
        for size in ("390x844.png", "1280x900.png")
    }
    assert pictures == expected
    assert f"{len(expected)} page views" in run.output
    report = (run.out / "report.html").read_text(encoding="utf-8")
    assert "Changed since <code>HEAD</code>" in report and "1 message changed" in report


def test_a_docs_page_checks_nothing(app):
    """docs/ holds the manuals for each reader: no page renders them."""
    plan = plan_for(app, ["docs/translators.md"])
    assert not plan.everything and not plan.pages and not plan.pairs and not plan.languages
    assert "no page" in plan.lines[0]
