"""The page registry: every page of the site, each with its endpoint, URL
values, template, what the template is given and the strings it shows.

It is built from the content files (app/site/content.py) when the app is
made, and again in development when one changes: one page per program
(content/programs/<slug>.md) and per story (content/stories/<slug>.md), the
stories index and its further pages, and the frame pages written as
templates (home, join). The views render what this says; the sitemap, the
publish threshold, `flask translate status`, the static export, the
accessibility run and the tests all walk all_pages(), so a story added as a
file is served, counted, frozen and checked everywhere.

Where a story's text comes from: content/stories/<slug>.md (the English),
and each language's wording in translations/<lang>/LC_MESSAGES/messages.po,
found by the `#: content/stories/<slug>.md:LINE` reference.

Lists are bounded: the home page and a program page show at most
HOME_STORIES stories (featured ones first, then the latest), and the stories
index shows STORIES_PER_PAGE per page, so no page grows with the site.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from ..content import Content
from ..content.model import Message, Program, Story

MessageKey = tuple[str | None, str]


@dataclass(frozen=True, eq=False)
class Page:
    endpoint: str  # the view's endpoint, "pages.story"
    template: str  # what it renders, "layouts/story.html"
    values: dict[str, Any] = field(default_factory=dict)  # URL values but the language
    context: dict[str, Any] = field(default_factory=dict)  # what the template is given
    # Its own strings (from content files), as catalog keys; its templates'
    # strings are found by app/catalogs/coverage.py.
    messages: frozenset[MessageKey] = frozenset()

    @property
    def id(self) -> str:
        """A short, stable name: "home", "story/elias", "stories/page/2"."""
        name = self.endpoint.split(".", 1)[-1]
        if "number" in self.values:
            return f"stories/page/{self.values['number']}"
        slug = self.values.get("slug")
        return f"{name}/{slug}" if slug else name


@dataclass(frozen=True)
class Registry:
    pages: tuple[Page, ...]
    by_address: dict[tuple, Page]
    story_pages: dict[str, Page]  # slug -> the story's page
    # The error pages by status: at no address of their own, but counted
    # like the others, so that one is shown in a language only once its
    # strings are translated there (app/site/errors.py).
    errors: dict[int, Page]

    @property
    def counted(self) -> tuple[Page, ...]:
        """The pages whose strings the catalogs count."""
        return (*self.pages, *self.errors.values())

    def find(self, endpoint: str | None, values: dict[str, Any] | None) -> Page | None:
        values = {k: v for k, v in (values or {}).items() if k != "lang"}
        return self.by_address.get((endpoint, tuple(sorted(values.items()))))


def keys(messages: Iterable[Message | None]) -> frozenset[MessageKey]:
    return frozenset(m.key for m in messages if m is not None and m.translatable)


def home_program(content: Content) -> Program | None:
    """The program the home page presents: the first one."""
    programs = content.program_list()
    return programs[0] if programs else None


def index_pages(count: int, per_page: int) -> int:
    """How many pages the stories index has for `count` stories (one, even empty)."""
    return max(1, math.ceil(count / max(1, per_page)))


def build(content: Content, config) -> Registry:
    programs = content.program_list()
    stories = content.story_list()
    # The menu, on every page, names each program.
    frame = keys(p.short_title for p in programs)
    links = keys(p.link_text for p in programs)
    home = home_program(content)
    home_strings = frame | links
    if home is not None:
        home_strings |= keys(k.text for k in home.key_figures)
        home_strings |= keys(a.title for a in home.areas)
    if content.home is not None:
        home_strings |= keys(content.home.messages())
    pages: list[Page] = [Page("pages.home", "pages/home.html",
                              context={"program": home, "home": content.home},
                              messages=home_strings)]
    for program in programs:
        pages.append(Page(
            "pages.program", "pages/program.html", values={"slug": program.slug},
            context={"program": program}, messages=frame | keys(program.messages()),
        ))
    pages.append(Page("pages.stories", "pages/stories.html", context={"number": 1},
                      messages=frame))
    for number in range(2, index_pages(len(stories), config["STORIES_PER_PAGE"]) + 1):
        pages.append(Page("pages.stories_page", "pages/stories.html",
                          values={"number": number}, context={"number": number},
                          messages=frame))
    story_pages = {}
    for story in stories:
        own = [content.programs[slug] for slug in story.programs if slug in content.programs]
        page = Page(
            "pages.story", "layouts/story.html", values={"slug": story.slug},
            context={"story": story, "story_programs": own},
            messages=frame | keys(story.messages()) | keys(p.link_text for p in own),
        )
        story_pages[story.slug] = page
        pages.append(page)
    pages.append(Page("pages.join", "pages/join.html", messages=frame | links))
    by_address = {(p.endpoint, tuple(sorted(p.values.items()))): p for p in pages}
    errors = {status: Page(f"errors.{status}", f"pages/{status}.html", messages=frame)
              for status in (404, 500)}
    return Registry(tuple(pages), by_address, story_pages, errors)


def select(stories: Iterable[Story], limit: int) -> list[Story]:
    """Featured stories first, then the others, in reading order, at most
    `limit`: what a page with a short list shows."""
    pool = list(stories)
    chosen = [s for s in pool if s.featured][:limit]
    if len(chosen) < limit:
        chosen += [s for s in pool if not s.featured][: limit - len(chosen)]
    return chosen


def registry() -> Registry:
    return current_app.extensions["hikaya_pages"]


def all_pages() -> tuple[Page, ...]:
    """Every page of the site, in the order a reader would meet them."""
    return registry().pages


def find_page(endpoint: str | None, values: dict[str, Any] | None) -> Page | None:
    """The page of the registry at this endpoint and these URL values (the
    language left out), or None: not a page of the site."""
    return registry().find(endpoint, values)


def init_app(app: Flask, content: Content) -> Registry:
    made = build(content, app.config)
    app.extensions["hikaya_pages"] = made
    return made
