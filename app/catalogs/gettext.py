"""The gettext functions templates call: look a message up in the current
locale's catalog, format it, and hand back markup that is safe to print.

Jinja2's own i18n callables trust a translation as HTML and let a formatting
error escape as a 500. These are the one place where a translation becomes
page text, so a translator's mistake costs the reader at most one string
shown in English:

- a translation that breaks a rule of app/catalogs/rules.py (a tag, attribute
  or URL the source lacks, a placeholder the source lacks, a lone %) or that
  raises when formatted is not used: the English source is shown, and the
  problem is logged once per catalog and message;
- on a non-English page, every string shown in English (untranslated, fuzzy
  or refused) is wrapped in `<span lang="en" dir="ltr">` so screen readers
  switch voice. `_text()` results go into attributes and <title>, where no
  element can mark them: they fall back to English the same way, unmarked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup, escape

from .catalog import Catalog
from .states import Outdated

ENGLISH_MARK = Markup('<span lang="en" dir="ltr">%s</span>')
OUTDATED_MARK = "hikaya_outdated_mark"


def shown(translation: str | None, english: str, fill: Callable[[str], Any], *,
          mark: bool, refuse: Callable[[str], None], block: bool = False) -> Any:
    """The one way a message becomes page text, from a template or a content
    file: `fill` (placeholders formatted, or Markdown rendered) applied to
    the translation; a translation it cannot take (a KeyError, a lone %, a
    Markdown fault) is refused -- `refuse` logs why -- and the English is
    shown instead, so a translator's mistake costs one string, never the
    page. English on a page in another language is marked (`mark`) so
    screen readers switch voice; in attributes and <title> it cannot be."""
    if translation is not None:
        try:
            result = fill(translation)
        except Exception as exc:  # noqa: BLE001 - the translation would have been a 500
            refuse(f"{type(exc).__name__}: {exc}")
        else:
            # An outdated translation (app/catalogs/states.py) is marked by the
            # site's marker (app/site/outdated.py); `block`: a whole paragraph.
            if mark and isinstance(translation, Outdated):
                return current_app.extensions[OUTDATED_MARK](result, block=block)
            return result
    # The English source: a formatting error here is the developer's to see.
    result = fill(english)
    return ENGLISH_MARK % result if mark else result


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for extraction (keyword `N_plural:1,2` in
    app/catalogs/cli.py); it is translated, by count, when shown."""
    return singular, plural


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for it
    """Mark a message for extraction (Babel's default keyword); it is
    translated when shown."""
    return message


def current_locale() -> str:
    """The locale being rendered, as the site settled it for this request
    (the selector given to init_app)."""
    return current_app.extensions["hikaya_locale_selector"]()


def is_source(locale: str) -> bool:
    """English, the language the templates are written in: no catalog."""
    return locale == current_app.config["DEFAULT_LOCALE"]


def _catalog(locale: str) -> Catalog | None:
    if is_source(locale):
        return None
    return current_app.extensions["hikaya_catalogs"].get(locale)


# Where an app whose catalogs are fixed (not reloaded) keeps each string it
# rendered; more than MEMO_SIZE and it starts afresh.
MEMO = "hikaya_gettext_memo"
MEMO_SIZE = 100_000


def remembered(render):
    """`render` (render_markup), once per string, variables and
    locale where the catalogs never change (production, the freeze): the
    frame's strings (menu, footer, skip link) are the same on every page of
    a language, and were looked up, checked and formatted again on each, a
    tenth of a freeze. A string whose variables cannot be a key (none of
    the site's) is rendered each time."""

    def remembering(msgid: str, variables: dict[str, Any], **options: Any):
        memo = current_app.extensions.get(MEMO)
        if memo is None:
            return render(msgid, variables, **options)
        options["locale"] = options.get("locale") or current_locale()
        try:
            key = (render, msgid, frozenset(variables.items()), frozenset(options.items()))
            found = memo.get(key)
        except TypeError:
            return render(msgid, variables, **options)
        if found is None:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            found = memo[key] = render(msgid, variables, **options)
        return found

    remembering.__doc__ = render.__doc__
    return remembering


@remembered
def render_markup(
    msgid: str,
    variables: dict[str, Any],
    *,
    plural: str | None = None,
    n: int | None = None,
    context: str | None = None,
    locale: str | None = None,
    markup: bool = True,
) -> Markup | str:
    """`msgid` in `locale` (the current one by default), through `shown`:
    as markup safe to print, its variables escaped; or (`markup=False`)
    plain text for attributes and <title>, where markup cannot go (Jinja
    escapes the str it returns)."""
    if markup:
        escaped = {key: escape(value) for key, value in variables.items()}

        def fill(text: str) -> Any:
            return Markup(text) % escaped
    else:
        def fill(text: str) -> Any:
            return text % variables
    locale = locale or current_locale()
    catalog = _catalog(locale)
    key = (context, msgid)
    translation = None if catalog is None else catalog.lookup(key, n, plural=plural is not None)
    return shown(translation, msgid if plural is None or n == 1 else plural, fill,
                 mark=markup and not is_source(locale),
                 refuse=lambda reason: catalog.reject_once(key, reason))


def render_text(msgid: str, variables: dict[str, Any], **options: Any) -> str:
    return render_markup(msgid, variables, markup=False, **options)


# The signatures below are the ones Jinja's newstyle gettext compiles calls to:
# `_("Hello %(name)s", name=x)` and `ngettext(s, p, n, **vars)`, with `num`
# defaulting to n.


def gettext(msgid: str, **variables: Any) -> Markup:
    return render_markup(msgid, variables)


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> Markup:
    variables.setdefault("num", n)
    return render_markup(singular, variables, plural=plural, n=n)


def pgettext(context: str, msgid: str, **variables: Any) -> Markup:
    return render_markup(msgid, variables, context=context)


def npgettext(context: str, singular: str, plural: str, n: int, **variables: Any) -> Markup:
    variables.setdefault("num", n)
    return render_markup(singular, variables, plural=plural, n=n, context=context)


def text_gettext(msgid: str, **variables: Any) -> str:
    return render_text(msgid, variables)


def init_app(app: Flask, locale_selector: Callable[[], str]) -> None:
    """Make these the gettext functions of every template. `locale_selector`
    answers "which locale is this request rendered in" (the site settles it
    before rendering)."""
    app.extensions["hikaya_locale_selector"] = locale_selector
    # Jinja's i18n extension for {% trans %} blocks, with these functions in
    # place of its own: newstyle makes {% trans %} and _() call them with the
    # variables instead of formatting the result in the template.
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update({
        "_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext,
        "npgettext": npgettext, "_text": text_gettext,
    })
