"""Which strings each page shows, read from the template's source references
(`#: templates/pages/home.html:12`), so `flask translate status` and the
publish threshold can say how much of one page a language has.

A page's template is found by convention (the `pages.story` endpoint renders
stories/<slug>.html, every other `pages.X` renders pages/X.html); the
templates it extends, imports or includes count for it too, so the layout's
and the macros' strings belong to every page. Strings from app/site/pages.py are
story titles and teasers, which appear in the story cards of several pages:
they count for every page. Strings from other Python modules (the
publication notice) belong to no page.
"""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import Environment, TemplateNotFound, meta

from ..site.pages import Page, all_pages

# Python modules whose marked strings are page content.
CONTENT_MODULES = ("app/site/pages.py",)
TEMPLATE_PREFIX = "templates/"

MessageKey = tuple[str | None, str]  # (context, msgid)


def page_id(endpoint: str, values: dict[str, str] | None = None) -> str:
    """A short, stable name for a page: "home", "story/elias"."""
    name = endpoint.split(".", 1)[-1]
    slug = (values or {}).get("slug")
    return f"{name}/{slug}" if slug else name


def page_template(page: Page) -> str:
    if page.endpoint == "pages.story":
        return f"stories/{page.values['slug']}.html"
    return f"pages/{page.endpoint.split('.', 1)[-1]}.html"


def template_closure(
    env: Environment, name: str, refs: dict[str, list[str]] | None = None
) -> set[str]:
    """`name` and every template it extends, imports or includes. `refs`
    caches each template's references across calls: parsing is the cost."""
    refs = {} if refs is None else refs
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        if current not in refs:
            try:
                source, _, _ = env.loader.get_source(env, current)
            except TemplateNotFound:
                refs[current] = []
                continue
            found = meta.find_referenced_templates(env.parse(source))
            refs[current] = [ref for ref in found if ref]
        seen.add(current)
        todo.extend(refs[current])
    return seen


def page_templates(env: Environment) -> dict[str, set[str]]:
    refs: dict[str, list[str]] = {}
    return {
        page_id(p.endpoint, p.values): template_closure(env, page_template(p), refs)
        for p in all_pages()
    }


def strings_by_page(
    env: Environment, entries: Iterable[tuple[MessageKey, Iterable[str]]]
) -> dict[str, set[MessageKey]]:
    """entries: (key, source files it occurs in). Returns page id -> keys."""
    templates = page_templates(env)
    pages: dict[str, set[MessageKey]] = {pid: set() for pid in templates}
    for key, files in entries:
        for path in files:
            if path in CONTENT_MODULES:
                for keys in pages.values():
                    keys.add(key)
            elif path.startswith(TEMPLATE_PREFIX):
                name = path[len(TEMPLATE_PREFIX) :]
                for pid, names in templates.items():
                    if name in names:
                        pages[pid].add(key)
    return pages
