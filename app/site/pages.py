"""The site's pages, in one list.

The sitemap, the tests, the static export and the accessibility run all walk
this list, so a page added here is served, frozen and checked everywhere.
Strings are marked with N_() for extraction and translated where they are
shown, through the template gettext functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def N_(msgid: str) -> str:
    """Mark a string for extraction; it is translated when rendered."""
    return msgid


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

STORIES_BY_SLUG = {story.slug: story for story in STORIES}


@dataclass(frozen=True)
class Page:
    endpoint: str
    values: dict[str, str] = field(default_factory=dict)


def all_pages() -> list[Page]:
    """Every page of the site, in the order a reader would meet them."""
    return [
        Page("pages.home"),
        Page("pages.program"),
        Page("pages.stories"),
        *(Page("pages.story", {"slug": story.slug}) for story in STORIES),
        Page("pages.join"),
    ]
