"""Property tests: whatever a translator writes, the page never raises and
never gains markup the English source lacks. Hypothesis writes the hostile
catalogs here, from the pieces attacks and typos are made of."""

from __future__ import annotations

from html.parser import HTMLParser

import nh3
from flask import g, render_template_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.catalogs.files import Entry
from app.catalogs.rules import check_translation
from app.site import languages

from ..support import build

PIECES = [
    "<", ">", "</", "/>", "<!--", "-->", "<!", "<?", '"', "'", "=", " ", "\n", "\t", "&", "&amp;",
    "&#x3c;", "a", "b", "em", "span", "script", "style", "img", "svg", "href", "src", "onclick",
    "onerror", "style=", "javascript:", "java\tscript:", "data:", "/x", "/y", "%", "%%", "%s",
    "%(n)s", "%(n)d", "%(m)s", "%(", ")s", "{n}", "{", "}", "\u202e", "é", "ش", "\x00",
]
hostile = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


class Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_comment(self, data):
        self.tags.append(("!--", []))

    def handle_decl(self, decl):
        self.tags.append(("!", []))

    def handle_pi(self, data):
        self.tags.append(("?", []))


def tags_of(html: str):
    parser = Collect()
    parser.feed(html)
    parser.close()
    return parser.tags


SOURCE = 'Read <a href="/x">%(n)s stories</a> and <em>share</em> them.'


def as_a_browser_reads(html: str):
    """html5ever's reading, every tag and attribute kept (nh3 with nothing
    removed), so tags_of sees what a browser would, not what Python's parser
    makes of hostile bytes."""
    return tags_of(nh3.clean(html, tags=nh3.ALLOWED_TAGS | {"script", "style", "svg", "math"},
                             clean_content_tags=set(), generic_attribute_prefixes={""},
                             link_rel=None, strip_comments=False))


@settings(max_examples=400, deadline=None)
@given(hostile)
def test_accepted_markup_is_only_the_sources(translation):
    if any(f.severity == "error" for f in check_translation(SOURCE, translation)):
        return
    for tag, attrs in [*tags_of(translation), *as_a_browser_reads(translation)]:
        assert tag in {"a", "em"}, translation
        for name, value in attrs:
            assert tag == "a" and name == "href" and value == "/x", translation


APP_CACHE = {}


def app_for(tmp_path_factory, current_translations):
    if "app" not in APP_CACHE:
        import shutil

        target = tmp_path_factory.mktemp("hostile") / "translations"
        shutil.copytree(current_translations, target)
        APP_CACHE["app"] = build(target, PUBLISH_THRESHOLD=0)
    return APP_CACHE["app"]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(translation=hostile)
def test_page_never_raises_and_never_gains_markup(tmp_path_factory, current_translations,
                                                  translation):
    app = app_for(tmp_path_factory, current_translations)
    catalog = app.extensions["hikaya_catalogs"].get("tr")
    msgid = "More than %(number)s refugees"
    catalog.messages[(None, msgid)] = Entry(msgid, None, (translation,))
    catalog.verdicts.clear()
    with app.test_request_context("/tr/"):
        g.language = languages.language_for_prefix("tr")
        out = render_template_string(
            "{{ _('More than %(number)s refugees', number=figure) }}|{{ _text('Main') }}",
            figure="<bdi>4</bdi>",
        )
    shown = out.split("|")[0]
    # The value itself is escaped; the only markup allowed is the English marker.
    assert all(tag == "span" for tag, _ in tags_of(shown)), (translation, shown)
    if "<span" in shown:
        english = "More than &lt;bdi&gt;4&lt;/bdi&gt; refugees"
        assert shown == f'<span lang="en" dir="ltr">{english}</span>'
