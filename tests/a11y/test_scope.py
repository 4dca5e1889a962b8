"""`--changed-since` after a change to a file every page uses: every kind of
page in every language, and of each kind the pages most likely to break the
layout plus a stated sample, never the whole site; `--dry-run` names them
without a browser. Proven on 1,000 generated stories in a temporary copy."""

from __future__ import annotations

import re
import subprocess

import pytest

from app.a11y.stress import measure
from bench.scale import generate
from harness.checkout import make_checkout, run

# A real Turkish word, famous for its length: unbroken, it overflows a
# phone's width unless the layout lets it wrap.
LONG_WORD = "Çekoslovakyalılaştıramadıklarımızdanmışsınızcasına"
GIT = ["git", "-c", "user.name=QA", "-c", "user.email=qa@example.invalid"]


def test_measure_reads_what_a_screen_lays_out_in_main():
    html = (
        "<html><body><h1>Outside main</h1><main><h1>A <b>title</b></h1><p>one two</p>"
        '<div class="print-only"><p>http://example.invalid/a-long-printed-address/</p></div>'
        "<p hidden>hiddenwordhiddenwordhiddenword</p>"
        "<article><p>the longest paragraph of all</p></article><article></article>"
        "<p>Unbreakable</p></main><p>outsidewordoutsidewordoutsideword</p></body></html>"
    )
    found = measure(html)
    assert (found.title, found.word, found.cards, found.paragraph) == (
        "A title",
        "Unbreakable",
        2,
        "the longest paragraph of all",
    )


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """A copy of the site with 1,000 generated stories, one of them titled
    with LONG_WORD, committed; then the stylesheet changed."""
    checkout = make_checkout(tmp_path_factory.mktemp("scope") / "site")
    (checkout / ".gitignore").write_text("build/\n__pycache__/\n", encoding="utf-8")
    generate(checkout, 1000)
    story = checkout / "content" / "stories" / "bench-0500.md"
    text = story.read_text(encoding="utf-8")
    story.write_text(
        text.replace("title: Benchmark story 500", f"title: Benchmark story {LONG_WORD}"),
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q"], cwd=checkout, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=checkout, check=True)
    subprocess.run([*GIT, "commit", "-qm", "the site"], cwd=checkout, check=True)
    css = checkout / "app" / "static" / "css" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nmain { padding: 1px; }\n", "utf-8")
    return checkout


def chosen(output: str) -> dict[tuple[str, str], str]:
    """(locale, page) -> reason, from the lines a dry run prints."""
    return {
        (m["locale"], m["page"]): m["reason"]
        for m in re.finditer(
            r"^  (?P<locale>\S+) (?P<page>/\S*) \(390x844, 1280x900\): (?P<reason>.+)$",
            output,
            re.MULTILINE,
        )
    }


def test_a_stylesheet_change_checks_every_kind_a_few_times_not_the_site(big_site):
    # No browser may start: a dry run must not need one.
    done = run(
        big_site, "flask", "a11y", "--changed-since", "HEAD", "--dry-run", CHROMIUM="/nonexistent"
    )
    out = done.stdout
    assert "app/static/css/site.css: a stylesheet or image" in out
    total = int(re.search(r"^(\d+) page views chosen$", out, re.MULTILINE).group(1))
    whole = int(re.search(r"checking \d+ of (\d+) pages x languages", out).group(1))
    pages = chosen(out)
    assert total == 2 * len(pages) and total <= 150 and whole > 1000
    # Every kind of page in every language.
    for locale in ("en", "ar", "tr"):
        for page in ("/", "/programs/syria/", "/stories/", "/join/", "/404.html"):
            assert (locale, page) in pages, (locale, page)
        assert any(
            p.startswith("/stories/") and p.count("/") == 3 and lang == locale for lang, p in pages
        )
    # The story whose title holds the longest word, and why.
    reason = pages[("en", "/stories/bench-0500/")]
    stories = len(list((big_site / "content" / "stories").glob("*.md")))  # the site's + 1,000
    assert (f"longest unbroken word of {stories} layouts/story.html pages in en: “{LONG_WORD}”"
            in reason)
    reasons = " ".join(pages.values())
    for said in ("longest title of", "most cards of", "longest paragraph of", "sample of"):
        assert said in reasons
    assert out.rstrip().endswith(f"{total} page views chosen")


def test_a_full_run_still_checks_everything(big_site):
    done = run(big_site, "flask", "a11y", "--dry-run", CHROMIUM="/nonexistent")
    pages = chosen(done.stdout)
    assert len(pages) > 1000
    assert done.stdout.rstrip().endswith(f"{2 * len(pages)} page views chosen")
