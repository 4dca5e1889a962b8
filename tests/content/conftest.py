"""Content files written into a temporary folder, the way an editor would
write them, and a catalog stand-in that vets translations with the same
rules the site's catalog store uses."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from babel import Locale

from app.content import rules
from app.content.render import Reading

NAMES = """\
organisation:
  text: International Medical Corps
  translate: true
partner:
  text: Praxis
"""

# A story that uses every field. Test fixture only: not a story of the site.
STORY = """\
---
title: Fixture story about *care*
teaser: A teaser naming Praxis, a partner
kicker: Fixture kicker
description: A plain description of 100% fixture text.
illustration:
  file: fixture.svg
  alt: A fixture picture
date: 2015-09-01
featured: true
related:
  - text: Fixture related link
    url: /stories/other/
figures:
  fled: {value: 4000000, format: compact}
  start: {value: 2007, format: year}
translators:
  all: Test fixture, not real content.
  title: A title note.
---

<!-- TRANSLATORS: A body note. -->
First paragraph, with International Medical Corps and a [link](https://example.org/a%20b).

Second paragraph: over %(fled)s people since %(start)s, about 50% of them.

## A heading

- First item
- Second *item*

> A quoted paragraph.
"""

PROGRAM = """\
---
title: Fixture program
short_title: Fixture
description: A fixture program.
figures:
  fled: {value: 4000000, format: compact}
  years: {value: 4, format: compact}
key_figures:
  - figure: fled
    text: More than %(number)s refugees
    translators: A key figure.
  - figure: years
    text: "%(num)s year of war"
    plural: "%(num)s years of war"
areas:
  - id: health
    title: Health care
    text: We run clinics with International Medical Corps staff.
    icon: {file: fixture.svg, alt: ""}
stories_heading: Explore the fixture
---

Over %(fled)s people.
"""


class Site:
    """A content folder and its static/img, under a temporary directory."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.static_img = root / "static" / "img"
        for folder in (self.content / "stories", self.content / "programs", self.static_img):
            folder.mkdir(parents=True, exist_ok=True)
        (self.static_img / "fixture.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
        self.write("names.yml", NAMES)

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def write_bytes(self, relative: str, data: bytes) -> Path:
        path = self.content / relative
        path.write_bytes(data)
        return path


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


class Catalog:
    """msgid -> translation, vetted by app/content/rules.py the way the
    store vets them; refusals are recorded, as the store logs them."""

    def __init__(self, translations: dict[str, str | list[str]], code: str = "ar"):
        self.translations = translations
        self.code = code
        self.refused: list[tuple[str, tuple[str, ...]]] = []

    def lookup(self, message, n):
        found = self.translations.get(message.msgid)
        if found is None:
            return None
        if isinstance(found, list):
            form = 0 if n == 1 else 1
            found = found[form]
        omittable = frozenset({"num"}) if message.plural and n == 1 else frozenset()
        errors = rules.errors(message.kind, message.source, found, omittable=omittable)
        if errors:
            self.refused.append((message.msgid, errors))
            return None
        return found

    def reading(self, resolve=lambda url: url) -> Reading:
        return Reading(Locale.parse(self.code), False, self.lookup, resolve)
