"""Every page in every locale: what a reader, a screen reader and a search
engine see in the HTML."""

from __future__ import annotations

import pytest

from ..support import LOCALES, PAGE_PARAMS, direction, native_name, published_in, soup


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_page_structure(client, lang, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    doc = soup(response)

    html = doc.find("html")
    assert html["lang"] == lang
    assert html["dir"] == direction(lang)

    assert len(doc.find_all("h1")) == 1, "a page has exactly one main heading"
    title = doc.title.get_text(strip=True)
    assert title and "{" not in title and "%(" not in title
    assert doc.find("main", id="main") is not None
    skip = doc.find("a", class_="skip-link")
    assert skip is not None and skip["href"] == "#main"

    canonical = doc.find("link", rel="canonical")
    assert canonical["href"].endswith(path)
    alternates = {
        link["hreflang"]: link["href"] for link in doc.find_all("link", rel="alternate")
    }
    published = published_in(path)
    assert set(alternates) == {*published, "x-default"}
    for other in published:
        assert alternates[other].endswith("/" + other + path[len(lang) + 1 :])
    assert alternates["x-default"] == alternates["en"]


def _text_for_name(element) -> str:
    """Text an element gives an accessible name: its text, without what is
    hidden from assistive technology (aria-hidden), whitespace collapsed."""
    from bs4 import NavigableString

    parts = []
    for node in element.descendants:
        if isinstance(node, NavigableString) and not any(
            parent.get("aria-hidden") == "true" for parent in node.parents if parent.name
        ):
            parts.append(str(node))
    return " ".join("".join(parts).split())


def accessible_name(element, doc) -> str:
    """An element's name by aria-labelledby, else aria-label (accname 1.2,
    steps 2B and 2C, which are all an <article> can be named by). A
    labelledby that points at no element is an error, not an empty name."""
    if element.get("aria-labelledby"):
        names = []
        for ref in element["aria-labelledby"].split():
            target = doc.find(id=ref)
            if target is None:
                raise LookupError(f"aria-labelledby names a missing id {ref!r}")
            names.append(_text_for_name(target))
        return " ".join(" ".join(names).split())
    return " ".join(element.get("aria-label", "").split())


def article_problems(html: str) -> list[str]:
    """What makes a page's articles hard to tell apart with a screen reader:
    an article without a name, two with the same name, a duplicated id."""
    doc = soup_of(html)
    problems = []
    ids = [tag["id"] for tag in doc.find_all(id=True)]
    problems += [f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    names = []
    for article in doc.find_all("article"):
        try:
            name = accessible_name(article, doc)
        except LookupError as error:
            problems.append(str(error))
            continue
        if not name:
            problems.append(f"an article has no accessible name: {str(article)[:80]}")
        names.append(name)
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    problems += [f"articles share the name {name!r}" for name in duplicates]
    return problems


def soup_of(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_every_article_has_a_unique_accessible_name(client, lang, path):
    """IBM Equal Access (aria_article_label_unique) and screen readers'
    lists of articles: each card is named by its heading, and ids stay
    unique on the page."""
    html = client.get(path).get_data(as_text=True)
    assert article_problems(html) == []


def test_every_card_is_named_by_its_title(client):
    doc = soup(client.get("/ar/"))
    cards = doc.select("article.card")
    assert len(cards) >= 2
    for card in cards:
        assert accessible_name(card, doc) == card.select_one(".card__title").get_text(strip=True)


def test_one_story_in_two_lists_keeps_ids_unique(app):
    """Two lists of the same stories on one page (a page may feature a
    story and list it again): every card's heading id stays unique, and
    each card is still named by its own heading."""
    from flask import g, render_template_string

    from app.site.languages import default_language
    with app.test_request_context("/en/"):
        g.language = default_language()
        stories = app.extensions["hikaya_content"].story_list()
        html = render_template_string(
            '{% import "macros/components.html" as ui %}'
            '{{ ui.story_cards(stories, "featured", "Featured") }}'
            '{{ ui.story_cards(stories, "more", "More") }}',
            stories=stories,
        )
    doc = soup_of(html)
    assert len(stories) >= 2 and len(doc.find_all("article")) == 2 * len(stories)
    assert [p for p in article_problems(html) if p.startswith("duplicate id")] == []
    for card in doc.find_all("article"):
        assert card["aria-labelledby"] == card.select_one(".card__title")["id"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<article><h2>A</h2></article><article><h2>B</h2></article>",
         ["an article has no accessible name", "an article has no accessible name"]),
        ('<article aria-labelledby="a"><h2 id="a">Same</h2></article>'
         '<article aria-labelledby="b"><h2 id="b">Same</h2></article>',
         ["articles share the name 'Same'"]),
        ('<article aria-labelledby="a"><h2 id="a">One</h2></article>'
         '<article aria-labelledby="a"><h2 id="a">Two</h2></article>',
         ["duplicate id 'a'", "articles share the name 'One'"]),
        ('<article aria-labelledby="gone"><h2>A</h2></article>',
         ["aria-labelledby names a missing id 'gone'"]),
        ('<article aria-labelledby="a"><h2 id="a"><span aria-hidden="true">›</span></h2>'
         "</article>",
         ["an article has no accessible name"]),
        ('<article aria-labelledby="a"><h2 id="a">One <span aria-hidden="true">›</span></h2>'
         '</article><article aria-label="Two"></article>',
         []),
    ],
    ids=["unnamed", "same name", "duplicate id", "dangling reference", "only hidden text",
         "clean"],
)
def test_article_check_sees_each_defect(html, expected):
    problems = article_problems(html)
    assert [p.split(":")[0] for p in problems] == expected


LANDMARKS = {"header", "nav", "main", "footer", "aside"}


@pytest.mark.parametrize(("lang", "path"), [*PAGE_PARAMS, ("ar", "/ar/no-such-page/")])
def test_all_content_sits_in_a_landmark(client, lang, path):
    """Screen-reader users move by landmarks; content outside them, such as
    a skip link before the header, is missed (IBM aria_content_in_landmark).
    The layout's body holds landmarks only."""
    body = soup(client.get(path)).body
    outside = [child.name for child in body.find_all(recursive=False)
               if child.name not in LANDMARKS]
    assert outside == []
    stray = "".join(body.find_all(string=True, recursive=False)).strip()
    assert stray == ""
    assert body.select_one("header > a.skip-link:first-child") is not None


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_language_switcher_keeps_the_page(client, lang, path):
    doc = soup(client.get(path))
    switcher = doc.find("nav", class_="languages")
    links = switcher.find_all("a")
    offered = [code for code in LOCALES if code in published_in(path)]
    assert [a.get_text(strip=True) for a in links] == [native_name(code) for code in offered]
    for link, code in zip(links, offered, strict=True):
        assert link["lang"] == code and link["hreflang"] == code
        assert link["href"].split("?")[0] == "/" + code + path[len(lang) + 1 :]
        assert (link.get("aria-current") == "true") == (code == lang)


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_images_have_size_and_alt(client, lang, path):
    doc = soup(client.get(path))
    for img in doc.find_all("img"):
        assert img.has_attr("alt"), img
        assert img.get("width") and img.get("height"), img
        assert img["src"].startswith("/static/"), "nothing loads from another host"


@pytest.mark.parametrize(("lang", "path"), PAGE_PARAMS)
def test_nothing_loads_from_another_host(client, lang, path):
    doc = soup(client.get(path))
    for tag in doc.find_all(["script", "img", "link", "iframe", "source"]):
        url = tag.get("src") or tag.get("href") or ""
        if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
            continue
        assert not url.startswith(("http:", "https:", "//")), tag
    assert doc.find("script") is None, "pages are readable without JavaScript"


def test_switching_language_remembers_the_choice(client):
    response = client.get("/ar/programs/syria/?chosen=1")
    assert response.status_code == 303
    assert response.headers["Location"] == "/ar/programs/syria/"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("hikaya_lang=ar;")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

    again = client.get("/", headers={"Accept-Language": "tr"})
    assert again.headers["Location"] == "/ar/"


def test_plain_page_visit_sets_no_cookie(client):
    for lang in LOCALES:
        assert "Set-Cookie" not in client.get(f"/{lang}/").headers


@pytest.mark.parametrize(
    "path", ["/xx/", "/de/stories/", "/en/no-such-page/", "/ar/stories/nobody/"]
)
def test_unknown_page_is_a_localized_404(client, path):
    response = client.get(path, headers={"Accept-Language": "ar"})
    assert response.status_code == 404
    doc = soup(response)
    lang = path.split("/")[1]
    expected = lang if lang in LOCALES else "ar"
    assert doc.html["lang"] == expected
    assert len(doc.find_all("h1")) == 1
    assert doc.find("link", rel="canonical") is None
    assert doc.select("nav.site-nav [aria-current]") == [], "no menu item is the 404 page"


def test_404_is_translated(client):
    en = soup(client.get("/en/nope/")).h1.get_text()
    ar = soup(client.get("/ar/nope/")).h1.get_text()
    tr = soup(client.get("/tr/nope/")).h1.get_text()
    assert len({en, ar, tr}) == 3


def test_sitemap_lists_every_page_in_every_locale(app, client):
    from xml.etree import ElementTree

    from ..support import page_paths

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(response.data)
    urls = root.findall("s:url", ns)
    locs = [url.find("s:loc", ns).text for url in urls]
    expected = [path for lang in LOCALES for path in page_paths(app, lang, published_only=True)]
    assert sorted(loc.removeprefix("http://localhost") for loc in locs) == sorted(expected)
    for url in urls:
        langs = [link.get("hreflang") for link in url.findall("x:link", ns)]
        path = url.find("s:loc", ns).text.removeprefix("http://localhost")
        assert sorted(langs) == sorted([*published_in(path), "x-default"])


def test_site_url_pins_absolute_links(client, app):
    app.config["SITE_URL"] = "https://hikaya.example"
    doc = soup(client.get("/tr/join/"))
    assert doc.find("link", rel="canonical")["href"] == "https://hikaya.example/tr/join/"


def test_trusted_hosts_refuse_a_forged_host(app):
    app.config["TRUSTED_HOSTS"] = ["hikaya.example"]
    client = app.test_client()
    assert client.get("/en/", headers={"Host": "hikaya.example"}).status_code == 200
    forged = client.get("/en/", headers={"Host": "evil.example"})
    assert forged.status_code == 400


def robots_parser(text: str, base: str = "http://localhost"):
    from urllib.robotparser import RobotFileParser

    parser = RobotFileParser(base + "/robots.txt")
    parser.parse(text.splitlines())
    return parser


def test_robots_txt_allows_every_page_and_names_the_sitemap(app, client):
    from ..support import page_paths

    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.content_type == "text/plain; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.endswith("\n") and "{" not in text
    parser = robots_parser(text)
    for agent in ("Googlebot", "Bingbot", "*"):
        for path in ["/", "/sitemap.xml"] + [p for lang in LOCALES for p in page_paths(app, lang)]:
            assert parser.can_fetch(agent, "http://localhost" + path), (agent, path)
    # The sitemap's address is absolute (robots.txt requires it) and is the
    # sitemap the app serves.
    assert parser.site_maps() == ["http://localhost/sitemap.xml"]
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_names_the_sitemap_on_site_url(app, client):
    """Built the way the sitemap builds its own URLs: SITE_URL, not the Host
    the request came in on."""
    app.config["SITE_URL"] = "https://hikaya.example/"
    response = client.get("/robots.txt", headers={"Host": "internal:8000"})
    assert robots_parser(response.get_data(as_text=True)).site_maps() == [
        "https://hikaya.example/sitemap.xml"
    ]
    sitemap = client.get("/sitemap.xml", headers={"Host": "internal:8000"}).get_data(as_text=True)
    assert "<loc>https://hikaya.example/en/</loc>" in sitemap


@pytest.mark.parametrize(
    "path", ["/robots.txt/", "/favicon.ico", "/404.html", "/apple-touch-icon.png"]
)
def test_a_file_name_at_the_root_is_a_404_not_a_redirect(client, path):
    """Only a segment shaped like a language tag is a language prefix:
    /robots.txt used to be redirected to /robots.txt/, a 404 crawlers
    followed."""
    response = client.get(path, headers={"Accept-Language": "tr"})
    assert response.status_code == 404
    assert "Location" not in response.headers
    assert soup(response).html["lang"] == "tr"


def test_a_language_tag_without_its_slash_still_redirects(client):
    for path, target in [("/ar", "/ar/"), ("/xx", "/xx/"), ("/pt-BR", "/pt-BR/")]:
        response = client.get(path)
        assert response.status_code == 308 and response.headers["Location"] == target


def test_the_menu_rendered_once_marks_each_page_s_own_item(translations):
    """The menu is rendered once per language and current item (views.once):
    pages met in any order still mark only their own item, or none, and
    their own address and language."""
    from app.site.views import ONCE

    from ..support import build

    assert build(translations).test_cli_runner().invoke(
        args=["translate", "compile"]).exit_code == 0
    app = build(translations, TESTING=False, HIKAYA_ENV="production")
    assert app.extensions.get(ONCE) == {}, "the freeze and production remember the menu"
    client = app.test_client()
    expected = {"/": "/", "/programs/syria/": "/programs/syria/", "/stories/": "/stories/",
                "/join/": "/join/", "/stories/elias/": None, "/no-such-page/": None}
    for _ in range(2):  # the second round is served from the memo
        for lang in LOCALES:
            for path, item in [*expected.items(), *reversed(expected.items())]:
                doc = soup(client.get(f"/{lang}{path}"))
                marked = [a["href"] for a in doc.select("nav.site-nav [aria-current=page]")]
                assert marked == ([f"/{lang}{item}"] if item else []), (lang, path)
                assert doc.html["lang"] == lang
                # The language links are worked out once per page too (views.language_links).
                canonical = doc.find("link", rel="canonical")
                assert (canonical["href"] if canonical else None) == (
                    f"http://localhost/{lang}{path}" if item or "elias" in path else None)
                chosen = doc.select_one("nav.languages [aria-current=true]")
                assert chosen["lang"] == lang
    assert len(app.extensions[ONCE]) >= 2 * len(LOCALES)
