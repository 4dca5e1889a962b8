"""What a reader gets when the English moved after the translation (issue
18): an outdated paragraph keeps its previous translation, marked; a notice
at the top says when the English changed and links to it; a page once
published keeps its language while KEEP_PUBLISHED of it is translated.

Each test works on a temporary copy of the fixture site's content and
catalogs, with the catalogs in the form `flask translate update` writes
(fuzzy, `#| msgid`, `# English changed on`)."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from ..support import content_site, freeze, po_path, soup

OLD = "Children show signs of war-related post-traumatic stress"
NEW = "Many children show signs of war-related post-traumatic stress"
PAGE = "/{}/programs/syria/"
SYRIA = Path("programs") / "syria.md"


def rewrite(content: Path, translations: Path, codes=("ar", "tr"), date="2026-12-01",
            old=OLD, new=NEW, msgid: tuple[str, str] | None = None) -> None:
    """An editor's rewrite of one paragraph (`old` to `new` in the file;
    `msgid`: the message's whole old and new English, when it is not the
    paragraph that starts with `old`), and the catalogs as `update` leaves
    them: the previous translation kept, outdated."""
    path = content / SYRIA
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    for code in codes:
        po = polib.pofile(str(po_path(translations, code)), wrapwidth=100)
        entry = next(e for e in po if (e.msgid == msgid[0] if msgid else e.msgid.startswith(old)))
        entry.previous_msgid = entry.msgid
        entry.msgid = msgid[1] if msgid else entry.msgid.replace(old, new)
        entry.flags.append("fuzzy")
        entry.tcomment = f"English changed on {date}"
        po.save()


def publish(translations: Path, *ids: str, codes=("ar", "tr")) -> None:
    for code in codes:
        (translations / code / "published.txt").write_text(
            "# Pages once published in this language (flask translate update).\n"
            + "".join(f"{i}\n" for i in sorted(ids)), encoding="utf-8")


def page(app, code: str, path: str = PAGE):
    response = app.test_client().get(path.format(code))
    assert response.status_code == 200
    return soup(response)


def notice_text(doc) -> str:
    found = doc.find(class_="outdated-notice")
    return "" if found is None else " ".join(found.get_text(" ").split())


def test_rewritten_paragraph_keeps_its_translation_marked_with_a_notice(content, translations):
    rewrite(content, translations)
    publish(translations, "program/syria")
    app = content_site(content, translations)
    ar = page(app, "ar")
    assert ar.html["lang"] == "ar" and ar.html["dir"] == "rtl"
    marks = ar.select("main .outdated")
    assert len(marks) == 1
    mark = marks[0]
    # The previous translation, inside the paragraph (valid: a span in a p),
    # and a label in words at its start, for eyes and screen readers alike.
    assert mark.parent.name == "p" and "outdated--block" in mark["class"]
    assert mark.find(class_="outdated__label").get_text() == "ترجمة غير محدَّثة"
    assert "الأطفال" in mark.get_text()
    assert NEW not in ar.get_text() and not mark.find_all(lang="en")

    notice = ar.find(class_="outdated-notice")
    assert notice["lang"] == "ar" and notice["dir"] == "rtl"
    time = notice.find("time")
    assert time["datetime"] == "2026-12-01" and time.get_text() == "1\u00a0ديسمبر\u00a02026"
    assert notice.find("a")["href"] == "/en/programs/syria/"
    assert "ترجمة غير محدَّثة" in notice.find(class_="outdated__label").get_text()
    assert "لم يُترجَم" not in notice_text(ar)  # nothing in English on this page

    tr = page(app, "tr")
    assert tr.find(class_="outdated__label").get_text() == "Önceki çeviri"
    assert notice_text(tr).startswith(
        "Bu sayfanın İngilizce metni 1 Aralık 2026 tarihinde güncellendi.")
    # English has nothing to mark.
    en = page(app, "en")
    assert en.find(class_="outdated") is None and en.find(class_="outdated-notice") is None
    # Other pages of the language, all current: no notice.
    assert page(app, "ar", "/{}/").find(class_="outdated-notice") is None


def test_the_notice_names_the_latest_change(content, translations):
    rewrite(content, translations, date="2026-12-03")
    rewrite(content, translations, date="2026-11-20", old="The conflict in Syria has created",
            new="The war in Syria has created")
    publish(translations, "program/syria")
    doc = page(content_site(content, translations), "ar")
    assert len(doc.select("main .outdated")) == 2
    assert doc.find(class_="outdated-notice").find("time")["datetime"] == "2026-12-03"


def test_confirmed_translation_drops_mark_and_notice(content, translations):
    rewrite(content, translations)
    publish(translations, "program/syria")
    for code in ("ar", "tr"):
        po = polib.pofile(str(po_path(translations, code)), wrapwidth=100)
        entry = po.find(NEW, by="msgid") or next(e for e in po if e.msgid.startswith(NEW))
        entry.flags.remove("fuzzy")  # the translator confirms it in Poedit
        po.save()
    doc = page(content_site(content, translations), "ar")
    assert doc.html["lang"] == "ar"
    assert doc.find(class_="outdated") is None and doc.find(class_="outdated-notice") is None


def test_a_fuzzy_guess_is_never_shown(content, translations):
    """Fuzzy without the marks of `update` (a guess between different
    messages): English, as an untranslated string, and the page is not kept."""
    rewrite(content, translations)
    for code in ("ar", "tr"):
        path = po_path(translations, code)
        path.write_text(path.read_text(encoding="utf-8").replace(
            "# English changed on 2026-12-01\n", ""), encoding="utf-8")
    publish(translations, "program/syria")
    doc = page(content_site(content, translations), "ar")
    assert doc.find(class_="outdated") is None
    english = [s for s in doc.select('main span[lang="en"][dir="ltr"]') if NEW in s.get_text()]
    assert len(english) == 1
    assert "لم يُترجَم بعد" in notice_text(doc)


def test_added_paragraph_is_english_marked_and_the_page_stays(content, translations):
    path = content / SYRIA
    added = "A new paragraph the translators have not seen yet."
    path.write_text(path.read_text(encoding="utf-8") + f"\n{added}\n", encoding="utf-8")
    publish(translations, "program/syria")
    app = content_site(content, translations)
    for code, words in (("ar", "جزء من هذه الصفحة لم يُترجَم بعد"),
                        ("tr", "Bu sayfanın bir bölümü henüz çevrilmedi")):
        doc = page(app, code)
        assert doc.html["lang"] == code
        span = next(s for s in doc.select('main span[lang="en"]') if added in s.get_text())
        assert span["dir"] == "ltr"
        # The whole paragraph, set as a block: it starts from the left in Arabic too.
        assert span.parent.name == "p" and span.parent.get_text() == span.get_text()
        assert "english-block" in span["class"]
        text = notice_text(doc)
        assert words in text and "<time" not in str(doc.find(class_="outdated-notice"))
        assert doc.find(class_="outdated") is None  # nothing outdated: no mark


def test_never_published_page_is_not_kept(content, translations):
    """The same added paragraph on a page not in published.txt: the page
    needs every string current before it first appears (PUBLISH_THRESHOLD)."""
    path = content / SYRIA
    path.write_text(path.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    publish(translations, "home")
    doc = page(content_site(content, translations), "ar")
    assert doc.html["lang"] == "en" and doc.find("p", class_="publish-notice") is not None


def test_never_published_story_at_most_strings_stays_english(content, translations):
    """written-in-english-only has 19 of its 22 strings translated in Arabic
    (86%, above KEEP_PUBLISHED) but was never published: English."""
    publish(translations, "program/syria", "home")
    doc = page(content_site(content, translations), "ar", "/{}/stories/written-in-english-only/")
    assert doc.html["lang"] == "en" and doc.find("p", class_="publish-notice") is not None


def test_published_page_below_keep_published_goes_back_to_english(content, translations):
    publish(translations, "program/syria")
    po = polib.pofile(str(po_path(translations, "ar")), wrapwidth=100)
    blanked = 0
    for entry in po:
        if any(p.endswith("programs/syria.md") for p, _ in entry.occurrences) and blanked < 12:
            entry.msgstr, blanked = "", blanked + 1
            entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
    po.save()
    app = content_site(content, translations)
    doc = page(app, "ar")
    assert doc.html["lang"] == "en"
    assert doc.find("p", class_="publish-notice")["lang"] == "ar"
    assert doc.find(class_="outdated-notice") is None
    # The same page with a lower KEEP_PUBLISHED stays in Arabic, its English marked.
    kept = page(content_site(content, translations, KEEP_PUBLISHED=0.5), "ar")
    assert kept.html["lang"] == "ar" and "لم يُترجَم بعد" in notice_text(kept)


def test_switcher_hreflang_and_sitemap_follow_the_rule(content, translations):
    rewrite(content, translations)
    publish(translations, "program/syria", codes=("ar",))  # Turkish: never published
    app = content_site(content, translations)
    doc = page(app, "en")
    assert {a["hreflang"] for a in doc.select("nav.languages a")} == {"en", "ar"}
    assert {link["hreflang"] for link in doc.find_all("link", rel="alternate")} == {
        "en", "ar", "x-default"}
    sitemap = app.test_client().get("/sitemap.xml").get_data(as_text=True)
    assert "/ar/programs/syria/" in sitemap and "/tr/programs/syria/" not in sitemap


def test_freeze_follows_the_rule(content, translations, tmp_path):
    rewrite(content, translations)
    publish(translations, "program/syria", codes=("ar",))
    frozen = freeze(content_site(content, translations), tmp_path / "out")
    ar = (frozen.site / "ar" / "programs" / "syria" / "index.html").read_text(encoding="utf-8")
    assert 'lang="ar"' in ar and 'class="outdated-notice"' in ar and "ترجمة غير محدَّثة" in ar
    assert not (frozen.site / "tr" / "programs" / "syria" / "index.html").exists()


def test_status_counts_each_state_nearest_to_done_first(content, translations):
    rewrite(content, translations)
    path = content / SYRIA
    path.write_text(path.read_text(encoding="utf-8") + "\nAn added paragraph.\n", encoding="utf-8")
    publish(translations, "program/syria")
    runner = content_site(content, translations).test_cli_runner()
    result = runner.invoke(args=["translate", "status", "--format", "json"])
    assert result.exit_code == 0, result.output
    pages = json.loads(result.output)["locales"]["ar"]["pages"]
    syria = pages["program/syria"]
    assert (syria["outdated"], syria["untranslated"], syria["refused"]) == (1, 1, 0)
    assert syria["current"] == syria["translated"] == syria["total"] - 2
    assert syria["published"] is True  # kept: listed, and above KEEP_PUBLISHED
    english_only = pages["story/written-in-english-only"]
    assert english_only["untranslated"] == 3 and english_only["published"] is False

    rows = [line.split()[0] for line in
            runner.invoke(args=["translate", "status"]).output.splitlines()[2:]]
    # Two strings left in each language before story/written-in-english-only's three;
    # the fully translated pages after them.
    assert rows[:2] == ["program/syria", "story/written-in-english-only"]
    assert rows.index("home") > 1


def test_inline_string_is_marked_inline_and_attributes_unmarked(content, translations):
    """A phrase (the program's menu name, in a link) gets the inline mark;
    in an attribute (the meta description) no mark can go: the previous
    translation is shown as it is."""
    rewrite(content, translations, old="short_title: Syria\n", new="short_title: Syria now\n",
            msgid=("Syria", "Syria now"))
    rewrite(content, translations, old="description: The war in Syria",
            new="description: The crisis in Syria", msgid=next(
                (e.msgid, e.msgid.replace("The war", "The crisis"))
                for e in polib.pofile(str(po_path(translations, "tr")))
                if e.msgid.startswith("The war in Syria and the health care")))
    publish(translations, "program/syria")
    doc = page(content_site(content, translations), "tr")
    menu = [m for m in doc.select("header nav .outdated") if m.parent.name == "a"]
    assert len(menu) == 1 and "outdated--block" not in menu[0]["class"]
    assert menu[0].find(class_="outdated__label").get_text() == "Önceki çeviri"
    meta = doc.find("meta", attrs={"name": "description"})["content"]
    assert "Suriye" in meta and "Önceki çeviri" not in meta and "crisis" not in meta
