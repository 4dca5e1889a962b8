"""The page registry: every page of the site, each with its endpoint, URL
values, template and what the template is given.

The views render what this says; the sitemap, the publish threshold,
`flask translate status`, the static export, the accessibility run and the
tests all walk all_pages(), so a page added here is served, counted, frozen
and checked everywhere. Story titles and teasers are marked with N_() for
extraction and translated where they are shown, through the template
gettext functions.

Where a story's text comes from: its title and teaser are here, its body is
templates/stories/<slug>.html, and each language's wording of both is in
translations/<lang>/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..catalogs.gettext import N_


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    teaser: str
    illustration: str  # file under static/img/


STORIES: tuple[Story, ...] = (
    Story(
        slug="elias",
        # TRANSLATORS: Title of a story. Elias is a person's name; keep it as it is.
        title=N_("Elias' Story"),
        teaser=N_("A new life after a bomb blast in Homs"),
        illustration="story-elias.svg",
    ),
    Story(
        slug="a-sad-goodbye-to-syria",
        # TRANSLATORS: Title of a story about a woman who had to leave Syria.
        title=N_("A sad goodbye to Syria"),
        # TRANSLATORS: "Em Abed" is a woman's name (Umm Abed); Akkar is a place.
        teaser=N_(
            "Em Abed has found safety and comfort in Akkar after being treated "
            "by International Medical Corps consultants."
        ),
        illustration="story-goodbye.svg",
    ),
    Story(
        slug="urgent-support-on-leros",
        # TRANSLATORS: Leros is a Greek island.
        title=N_("Urgent support on the island of Leros"),
        # TRANSLATORS: %(partner)s is the name of a partner organisation (Praxis),
        # inserted by the site so it stays in Latin letters.
        teaser=N_(
            "As hundreds of refugees arrive every day on the island of Leros, Greece, "
            "our medical teams with partners %(partner)s are there to help."
        ),
        illustration="story-leros.svg",
    ),
    Story(
        slug="home-is-where-one-starts-from",
        # TRANSLATORS: Title of a comic book. It means that the place we come from
        # shapes who we are; translate the idea rather than word for word.
        title=N_("Home Is Where One Starts From"),
        teaser=N_("A comic book for refugee children."),
        illustration="story-comic.svg",
    ),
)

@dataclass(frozen=True, eq=False)
class Page:
    endpoint: str  # the view's endpoint, "pages.story"
    template: str  # what it renders, "stories/elias.html"
    values: dict[str, str] = field(default_factory=dict)  # URL values but the language
    context: dict[str, Any] = field(default_factory=dict)  # what the template is given

    @property
    def id(self) -> str:
        """A short, stable name: "home", "story/elias"."""
        name = self.endpoint.split(".", 1)[-1]
        slug = self.values.get("slug")
        return f"{name}/{slug}" if slug else name

    @property
    def stories(self) -> tuple[Story, ...]:
        """The stories whose title and teaser the page shows."""
        if "story" in self.context:
            return (self.context["story"],)
        return tuple(self.context.get("stories", ()))

    @property
    def messages(self) -> frozenset[tuple[str | None, str]]:
        """The strings from Python the page shows, as catalog keys."""
        return frozenset((None, text) for s in self.stories for text in (s.title, s.teaser))


# Every page of the site, in the order a reader would meet them.
PAGES: tuple[Page, ...] = (
    Page("pages.home", "pages/home.html", context={"stories": STORIES}),
    Page("pages.program", "pages/program.html", context={"stories": STORIES}),
    Page("pages.stories", "pages/stories.html", context={"stories": STORIES}),
    *(
        Page(
            "pages.story",
            f"stories/{story.slug}.html",
            values={"slug": story.slug},
            context={"story": story},
        )
        for story in STORIES
    ),
    Page("pages.join", "pages/join.html"),
)

_BY_ADDRESS = {(page.endpoint, tuple(sorted(page.values.items()))): page for page in PAGES}


def all_pages() -> list[Page]:
    """Every page of the site, in the order a reader would meet them."""
    return list(PAGES)


def find_page(endpoint: str | None, values: dict[str, Any] | None) -> Page | None:
    """The page of the registry at this endpoint and these URL values (the
    language left out), or None: not a page of the site."""
    values = {k: v for k, v in (values or {}).items() if k != "lang"}
    return _BY_ADDRESS.get((endpoint, tuple(sorted(values.items()))))
