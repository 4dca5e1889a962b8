"""The gettext functions templates call: the one place a translation becomes
page text. Unlike Jinja's own, a translation the rules refuse or that raises
when formatted costs the reader one string, shown in English, logged once.
English on a non-English page is marked `<span lang="en" dir="ltr">` so screen
readers switch voice; `_text()` (attributes, <title>) cannot be marked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, has_app_context
from markupsafe import Markup, escape

from .states import Outdated

ENGLISH_MARK = Markup('<span lang="en" dir="ltr">%s</span>')
# A whole paragraph in English starts from the left on a right-to-left page too.
ENGLISH_BLOCK = Markup('<span class="english-block" lang="en" dir="ltr">%s</span>')
OUTDATED_MARK = "hikaya_outdated_mark"
# Development only: the translator view's hook on each string shown, and its
# flag on `g` (the strings it saw) in a translator view's request.
TRANSLATOR_VIEW = "hikaya_translator_view"


def shown(translation: str | None, english: str, fill: Callable[[str], Any], *,
          mark: bool, refuse: Callable[[str], None], block: bool = False,
          key: tuple | None = None) -> Any:
    """`fill` (formatting, or Markdown) applied to the translation; one it cannot
    take is refused (`refuse` logs why) and the English shown, marked if `mark`.
    `key`, the message's (context, msgid): the translator view records it."""
    result = _shown(translation, english, fill, mark=mark, refuse=refuse, block=block)
    if key is None or not has_app_context():  # content is rendered outside an app too
        return result
    watch = current_app.extensions.get(TRANSLATOR_VIEW)
    return result if watch is None else watch(key, result)


def recording() -> bool:
    """This request is a translator view (app/site/translator.py): every string
    must be rendered again, not taken from a memo, so that it is seen."""
    return has_app_context() and g.get(TRANSLATOR_VIEW) is not None


def _shown(translation: str | None, english: str, fill: Callable[[str], Any], *,
           mark: bool, refuse: Callable[[str], None], block: bool) -> Any:
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
    return (ENGLISH_BLOCK if block else ENGLISH_MARK) % result if mark else result


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for extraction; it is translated, by count, when shown."""
    return singular, plural


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for it
    """Mark a message for extraction (Babel's default keyword); translated when shown."""
    return message


def current_locale() -> str:
    return current_app.extensions["hikaya_locale_selector"]()


def is_source(locale: str) -> bool:
    return locale == current_app.config["DEFAULT_LOCALE"]


# Each string rendered where the catalogs are not reloaded; emptied at MEMO_SIZE.
MEMO = "hikaya_gettext_memo"
MEMO_SIZE = 100_000


def remembered(render):
    """`render`, once per string, variables and locale where the catalogs never
    change: the frame's strings (menu, footer) cost a tenth of a freeze."""

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
def render_markup(msgid: str, variables: dict[str, Any], *, plural: str | None = None,
                  n: int | None = None, context: str | None = None, locale: str | None = None,
                  markup: bool = True) -> Markup | str:
    """`msgid` in `locale` (default: the current one), as markup with its variables
    escaped, or (`markup=False`) plain text, which Jinja escapes."""
    if markup:
        escaped = {key: escape(value) for key, value in variables.items()}

        def fill(text: str) -> Any:
            return Markup(text) % escaped
    else:
        def fill(text: str) -> Any:
            return text % variables
    locale = locale or current_locale()
    catalog = None if is_source(locale) else current_app.extensions["hikaya_catalogs"].get(locale)
    key = (context, msgid)
    translation = None if catalog is None else catalog.lookup(key, n, plural=plural is not None)
    return shown(translation, msgid if plural is None or n == 1 else plural, fill,
                 mark=markup and not is_source(locale), key=key,
                 refuse=lambda reason: catalog.reject_once(key, reason))


def render_text(msgid: str, variables: dict[str, Any], **options: Any) -> str:
    return render_markup(msgid, variables, markup=False, **options)


# The signatures Jinja's newstyle gettext calls, `num` defaulting to n.
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
    """These are every template's gettext; `locale_selector` names a request's locale."""
    app.extensions["hikaya_locale_selector"] = locale_selector
    # newstyle: {% trans %} and _() pass the variables to these functions.
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update({
        "_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext,
        "npgettext": npgettext, "_text": text_gettext,
    })
