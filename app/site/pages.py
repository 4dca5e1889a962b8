"""The page registry: every page of the site, built from the content files;
everything that lists pages walks all_pages(), so a story added is everywhere."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from flask import Flask, current_app, g

from ..catalogs.files import MessageKey
from ..content import Content
from ..content.model import Message


@dataclass(frozen=True, eq=False)
class Page:
    endpoint: str  # the view's endpoint, "pages.story"
    template: str  # what it renders, "layouts/story.html"
    values: dict[str, Any] = field(default_factory=dict)  # URL values but the language
    context: dict[str, Any] = field(default_factory=dict)  # what the template is given
    # Its content's strings; its templates' are found by app/catalogs/coverage.py.
    messages: frozenset[MessageKey] = frozenset()

    @cached_property  # asked for each page in each language, many times a start
    def id(self) -> str:
        """A short, stable name: "home", "story/first-story", "stories/page/2"."""
        if "number" in self.values:
            return f"stories/page/{self.values['number']}"
        name, slug = self.endpoint.split(".", 1)[-1], self.values.get("slug")
        return f"{name}/{slug}" if slug else name


def address(endpoint: str | None, values: dict[str, Any] | None) -> tuple:
    return endpoint, tuple(sorted((k, v) for k, v in (values or {}).items() if k != "lang"))


@dataclass(frozen=True)
class Registry:
    pages: tuple[Page, ...]
    story_pages: dict[str, Page]  # slug -> the story's page
    by_address: dict[tuple, Page]
    # The error pages by status: at no address, but counted like the others.
    errors: dict[int, Page]

    @property
    def counted(self) -> tuple[Page, ...]:
        return (*self.pages, *self.errors.values())


def keys(messages: Iterable[Message | None]) -> frozenset[MessageKey]:
    return frozenset(m.key for m in messages if m is not None and m.translatable)


def index_pages(count: int, per_page: int) -> int:
    """How many pages the stories index has for `count` stories (one, even empty)."""
    return max(1, math.ceil(count / max(1, per_page)))


def build(content: Content, config) -> Registry:
    programs, stories = content.program_list(), content.story_list()
    # The menu, on every page, names each program.
    frame = keys(p.short_title for p in programs)
    links = keys(p.link_text for p in programs)
    home = programs[0] if programs else None  # the program the home page presents
    home_strings = frame | links | keys(content.messages_of(content.home) if content.home else [])
    if home is not None:
        home_strings |= keys([*(k.text for k in home.key_figures), *(a.title for a in home.areas)])
    pages: list[Page] = [Page("pages.home", "pages/home.html",
                              context={"program": home, "home": content.home},
                              messages=home_strings)]
    for program in programs:
        pages.append(Page("pages.program", "pages/program.html", values={"slug": program.slug},
                          context={"program": program},
                          messages=frame | keys(content.messages_of(program))))
    for number in range(1, index_pages(len(stories), config["STORIES_PER_PAGE"]) + 1):
        endpoint, values = ("pages.stories", {}) if number == 1 else (
            "pages.stories_page", {"number": number})
        pages.append(Page(endpoint, "pages/stories.html", values=values,
                          context={"number": number}, messages=frame))
    story_pages = {}
    for story in stories:
        own = [content.programs[slug] for slug in story.programs if slug in content.programs]
        page = story_pages[story.slug] = Page(
            "pages.story", "layouts/story.html", values={"slug": story.slug},
            context={"story": story, "story_programs": own},
            messages=frame | keys(content.messages_of(story)) | keys(p.link_text for p in own))
        pages.append(page)
    pages.append(Page("pages.join", "pages/join.html", messages=frame | links))
    errors = {status: Page(f"errors.{status}", f"pages/{status}.html", messages=frame)
              for status in (404, 500)}
    by_address = {address(p.endpoint, p.values): p for p in pages}
    return Registry(tuple(pages), story_pages, by_address, errors)


def remember(memo: dict, key, make, limit: int):
    """memo[key], made by make() the first time; bounded: a full memo starts afresh."""
    found = memo.get(key)
    if found is None:
        if len(memo) >= limit:
            memo.clear()
        found = memo[key] = make()
    return found


def remember_in(name: str, key, make, limit: int):
    """make() once per key in the app's memo `name`, which the app keeps only
    where content and catalogs are fixed (production, a freeze; init_app of
    site and views): elsewhere, made every time."""
    memo = current_app.extensions.get(name)
    return make() if memo is None else remember(memo, key, make, limit)


def registry() -> Registry:
    return current_app.extensions["hikaya_pages"]


def all_pages() -> tuple[Page, ...]:
    """Every page of the site, in the order a reader would meet them."""
    return registry().pages


def current_page() -> Page | None:
    """The registry's page this request shows, or None (sitemap, error page)."""
    return g.get("page")


def find_page(endpoint: str | None, values: dict[str, Any] | None) -> Page | None:
    """The registry's page at this endpoint and these URL values, or None."""
    return registry().by_address.get(address(endpoint, values))


def init_app(app: Flask, content: Content) -> Registry:
    app.extensions["hikaya_pages"] = build(content, app.config)
    return app.extensions["hikaya_pages"]
