"""The README and docs/ as a reader follows them: the README stays short, every
link between the pages leads to a file and a heading that exist, every page
of docs/ is reachable from the README, and no paragraph is written twice.

Links and headings are read with markdown-it-py (the parser the site uses for
content), and anchors are made as GitHub makes them, so a renamed heading
breaks this test before it breaks a reader's link."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
README_MAX_LINES = 250  # issue 20: the README is at most 250 lines
# Paragraphs shorter than this may repeat (a one-line "Then run extract").
SAME_PARAGRAPH_MIN = 120


def pages(root: Path) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def anchor(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to
    hyphens (letters of any script and digits are kept)."""
    kept = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return kept.replace(" ", "-")


def read(path: Path) -> tuple[set[str], list[str], list[str]]:
    """A page's heading anchors, its link targets and its paragraphs."""
    tokens = MarkdownIt("commonmark").enable("table").parse(path.read_text(encoding="utf-8"))
    anchors: set[str] = set()
    links: list[str] = []
    paragraphs: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            anchors.add(anchor("".join(c.content for c in tokens[i + 1].children or [])))
        if token.type == "paragraph_open":
            paragraphs.append(" ".join(tokens[i + 1].content.split()))
        for child in token.children or []:
            if child.type == "link_open":
                links.append(unquote(str(child.attrs["href"])))  # the parser %-encodes
    return anchors, links, paragraphs


def broken_links(root: Path) -> list[str]:
    """Each relative link of README.md and docs/*.md whose file or heading
    does not exist, as 'page: target'."""
    found = []
    for page in pages(root):
        for href in read(page)[1]:
            if re.match(r"[a-z][a-z0-9+.-]*:", href):
                continue  # another site: not ours to check offline
            path, _, fragment = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            if not target.exists():
                found.append(f"{page.relative_to(root)}: {href} (no such file)")
            elif fragment and (target.suffix != ".md" or fragment not in read(target)[0]):
                found.append(f"{page.relative_to(root)}: {href} (no such heading)")
    return found


def repeated_paragraphs(root: Path) -> list[str]:
    seen: dict[str, Path] = {}
    found = []
    for page in pages(root):
        for paragraph in read(page)[2]:
            if len(paragraph) < SAME_PARAGRAPH_MIN:
                continue
            if paragraph in seen:
                first = seen[paragraph].relative_to(root)
                found.append(f"{page.relative_to(root)} repeats {first}: {paragraph[:60]}")
            seen.setdefault(paragraph, page)
    return found


def test_the_readme_is_short():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines <= README_MAX_LINES


def test_every_link_between_the_pages_leads_somewhere():
    assert broken_links(ROOT) == []


def test_every_docs_page_is_linked_from_the_readme():
    linked = {(ROOT / href.partition("#")[0]).resolve() for href in read(ROOT / "README.md")[1]}
    assert [p.name for p in sorted((ROOT / "docs").glob("*.md")) if p.resolve() not in linked] == []


def test_nothing_is_said_twice():
    assert repeated_paragraphs(ROOT) == []


LONG = "A paragraph long enough to count as a fact written down, " * 3


@pytest.fixture
def site(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text(
        "# Hikaya\n\n## How a page is made\n\nSee [QA](docs/qa.md#the-baseline).\n",
        encoding="utf-8")
    (tmp_path / "docs" / "qa.md").write_text(
        f"# QA\n\n## The baseline\n\n{LONG}\n\n"
        "Back to the [README](../README.md#how-a-page-is-made), or [العربية](#الأرقام)."
        "\n\n## الأرقام\n\nhttps links are not checked: "
        "[Babel](https://babel.pocoo.org/).\n",
        encoding="utf-8")
    return tmp_path


def test_a_clean_set_of_pages_has_no_broken_link_and_no_repeat(site):
    assert broken_links(site) == []
    assert repeated_paragraphs(site) == []


def test_a_missing_page_and_a_renamed_heading_are_reported(site):
    readme = site / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("#the-baseline", "#baseline")
                      + "\nAnd [ops](docs/operators.md).\n", encoding="utf-8")
    assert broken_links(site) == [
        "README.md: docs/qa.md#baseline (no such heading)",
        "README.md: docs/operators.md (no such file)",
    ]


def test_a_paragraph_written_in_two_pages_is_reported(site):
    with (site / "README.md").open("a", encoding="utf-8") as readme:
        readme.write(f"\n{LONG}\n")
    repeats = [line.split(":")[0] for line in repeated_paragraphs(site)]
    assert repeats == ["docs/qa.md repeats README.md"]
