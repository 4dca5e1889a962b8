"""The gettext functions templates call: look a message up in the current
locale's catalog, format it, and hand back markup that is safe to print.

Jinja2's own i18n callables trust a translation as HTML and let a formatting
error escape as a 500. Installing these instead keeps one place where a
translation becomes page text, so a translator's mistake costs the reader at
most one string shown in English.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_translations
from markupsafe import Markup, escape

from . import i18n


def _lookup(msgid: str, plural: str | None, n: int | None, context: str | None) -> tuple[str, str]:
    """Return (translation, English source) for the current locale."""
    translations = get_translations()
    if plural is None:
        source = msgid
        if context is None:
            return translations.ugettext(msgid), source
        return translations.upgettext(context, msgid), source
    source = msgid if n == 1 else plural
    if context is None:
        return translations.ungettext(msgid, plural, n), source
    return translations.unpgettext(context, msgid, plural, n), source


def _is_source_language() -> bool:
    return i18n.current_language() == i18n.default_language()


def render_markup(
    msgid: str,
    variables: dict[str, Any],
    *,
    plural: str | None = None,
    n: int | None = None,
    context: str | None = None,
) -> Markup:
    translated, source = _lookup(msgid, plural, n, context)
    escaped = {key: escape(value) for key, value in variables.items()}
    text = Markup(translated) % escaped
    if not _is_source_language() and translated == source:
        # English on a non-English page: tell screen readers to switch voice.
        return Markup('<span lang="en" dir="ltr">%s</span>') % text
    return text


def render_text(msgid: str, variables: dict[str, Any], *, context: str | None = None) -> str:
    """Plain text for attributes and <title>, where markup cannot go."""
    translated, _source = _lookup(msgid, None, None, context)
    return translated % variables


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


def init_app(app: Flask) -> None:
    # Flask-Babel installed Jinja's i18n extension with its own callables;
    # these replace them. newstyle makes {% trans %} and _() call us with the
    # variables instead of formatting the result in the template.
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update(
        _=gettext,
        gettext=gettext,
        ngettext=ngettext,
        pgettext=pgettext,
        npgettext=npgettext,
        _text=text_gettext,
    )
