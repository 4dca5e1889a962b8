"""The repository's own site as it is committed: every page is published in
every language. The engine's tests walk whatever pages a site publishes
(tests/support.py, PAGE_PARAMS); this is the one place that says the
repository's site publishes all of them.

The one exception is the state the README calls normal: a story written in
English and extracted but not yet translated into a language, whose title
has no translation in that language's catalog. Such a story is not
published there (nor is a further page of the stories index it alone would
fill). A story translated in part is not an exception: losing one of its
translations is what this test is here to see."""

from __future__ import annotations

import polib

from app.catalogs.files import po_path
from app.config import ROOT
from app.site.pages import all_pages, index_pages

from ..support import LOCALES, page_paths, shared_app, stories


def untranslated_stories(lang: str) -> set[str]:
    """Slugs of the stories whose title has no translation in `lang`'s
    committed catalog."""
    po = polib.pofile(str(po_path(ROOT / "translations", lang)))
    translated = {e.msgid for e in po if e.translated()}
    return {s.slug for s in stories() if s.title.msgid not in translated}


def expected_pages(lang: str) -> list[str]:
    app = shared_app()
    left_out = set() if lang == app.config["DEFAULT_LOCALE"] else untranslated_stories(lang)
    per_page = app.config["STORIES_PER_PAGE"]
    index_count = index_pages(len(stories()) - len(left_out), per_page)
    with app.test_request_context():
        keep = [
            page.values.get("slug") not in left_out
            and page.values.get("number", 1) <= index_count
            for page in all_pages()
        ]
    return [path for path, kept in zip(page_paths(app, lang), keep, strict=True) if kept]


def test_every_page_is_published_in_every_language():
    for lang in LOCALES:
        published = page_paths(shared_app(), lang, published_only=True)
        assert published == expected_pages(lang), lang


def test_the_site_has_pages_in_every_language():
    """The list above is not vacuous: every language has the home page, a
    program and at least one story."""
    for lang in LOCALES:
        paths = page_paths(shared_app(), lang, published_only=True)
        assert f"/{lang}/" in paths
        assert any(p.startswith(f"/{lang}/programs/") for p in paths), lang
        assert any(p.startswith(f"/{lang}/stories/") and p.count("/") == 4 for p in paths), lang
