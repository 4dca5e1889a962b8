"""An incremental `flask freeze` (app/delivery/incremental.py) ends with the
same bytes as a full one, after each kind of edit an organisation makes,
while rendering only what the edit can change; its manifest, when it cannot
be trusted, costs one full freeze and nothing else.

Every test works in a temporary checkout (harness/checkout.py) and runs the
real command in a process of its own, as an editor would after saving."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import polib
import pytest

from app.catalogs.cache import FileCache, file_hash
from harness.checkout import make_checkout, run

KINDS = ("story", "catalog", "template", "static", "setting", "new story", "story removed")
# Short lists, so the few stories of the site fill several pages of the
# stories index and an edit can move a story from one page to another.
SHORT_LISTS = {"HIKAYA_STORIES_PER_PAGE": "1", "HIKAYA_HOME_STORIES": "1"}


class Site:
    """A checkout, its own cache key, and freezes of it."""

    def __init__(self, root: Path, state: Path) -> None:
        self.root = make_checkout(root)
        self.env = {"XDG_STATE_HOME": str(state)}
        run(self.root, "flask", "translate", "compile", **self.env)

    def freeze(self, out: Path, *args: str, **env: str) -> str:
        done = run(self.root, "flask", "freeze", "--out", str(out), *args, **self.env, **env)
        return done.stdout

    def compile(self) -> None:
        run(self.root, "flask", "translate", "compile", **self.env)


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a freeze (.gz twins, sitemap and manifest included)."""
    site = site.resolve()
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def kept(output: str) -> int:
    found = re.search(r"^kept (\d+) pages", output, re.MULTILINE)
    return int(found[1]) if found else 0


def frozen_pages(output: str) -> int:
    return int(re.search(r"^froze (\d+) pages", output, re.MULTILINE)[1])


def edit(site: Site, kind: str, rng: random.Random) -> dict[str, str]:
    """Make one edit of `kind`, chosen by `rng`; the environment the next
    freezes need (a setting is one)."""
    root = site.root
    stories = sorted((root / "content" / "stories").glob("*.md"))
    if kind == "story":
        path = rng.choice(stories)
        text = path.read_text(encoding="utf-8")
        field = rng.choice(["title", "teaser"])
        line = re.search(rf"^{field}: (.*)$", text, re.MULTILINE)
        words = line[1].split(" ")
        words.insert(rng.randrange(len(words) + 1), "edited")
        path.write_text(text.replace(line[0], f"{field}: {' '.join(words)}", 1),
                        encoding="utf-8")
    elif kind == "catalog":
        po_path = rng.choice(sorted((root / "translations").glob("*/LC_MESSAGES/messages.po")))
        po = polib.pofile(str(po_path))
        entry = rng.choice([e for e in po.translated_entries()
                            if not e.msgid_plural and "%" not in e.msgid
                            and "<" not in e.msgid and e.msgstr])
        entry.msgstr = entry.msgstr + " xyz"
        po.save(str(po_path))
        site.compile()
    elif kind == "template":
        # A page's own template (one every page renders is the whole site).
        names = sorted([*(root / "app" / "templates" / "pages").glob("[jps]*.html"),
                        root / "templates" / "pages" / "home.html",
                        root / "app" / "templates" / "layouts" / "story.html"])
        while True:
            path = rng.choice(names)
            text = path.read_text(encoding="utf-8")
            spots = [m.start() for m in re.finditer(r'class="', text)]
            if spots:
                break
        at = rng.choice(spots) + len('class="')
        path.write_text(text[:at] + "edited " + text[at:], encoding="utf-8")
    elif kind == "static":
        css = root / "app" / "static" / "css" / "site.css"
        css.write_text(css.read_text(encoding="utf-8") + f"\n/* {rng.random()} */\n",
                       encoding="utf-8")
    elif kind == "setting":
        return {"HIKAYA_STORIES_PER_PAGE": str(rng.randint(2, 3))}
    elif kind == "new story":
        source = rng.choice(stories)
        text = source.read_text(encoding="utf-8")
        (source.parent / f"copy-of-{source.name}").write_text(
            re.sub(r"^title: (.*)$", r"title: \1 (again)", text, count=1, flags=re.MULTILINE),
            encoding="utf-8")
    elif kind == "story removed":
        rng.choice(stories).unlink()
    return {}


@pytest.mark.parametrize("kind", KINDS)
def test_an_incremental_freeze_equals_a_full_one_byte_for_byte(tmp_path, kind):
    """Seeded random edits of each kind; after each, a freeze into the last
    freeze's folder equals a full freeze of the same tree in every file."""
    rng = random.Random(f"issue 23 {kind}")
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "incremental" / "site"
    first = site.freeze(out, **SHORT_LISTS)
    assert kept(first) == 0
    env = {**SHORT_LISTS, **edit(site, kind, rng)}
    again = site.freeze(out, "--verbose", **env)
    full = site.freeze(tmp_path / "full" / "site", **env)
    assert "rebuilt" in again
    assert tree(out) == tree(tmp_path / "full" / "site"), again
    if kind in ("story", "catalog", "template", "new story", "story removed"):
        # Rendering only what changed: most pages are kept.
        assert 0 < kept(again) < frozen_pages(full), again
    else:
        assert kept(again) == 0, again


def test_a_story_edit_renders_only_the_list_pages_that_show_it(tmp_path):
    """Every page published whatever is translated, so an edit moves no
    story: of the stories index, only the page with the story's card is
    rendered again, in each language; the result is still a full freeze's."""
    env = {**SHORT_LISTS, "HIKAYA_PUBLISH_THRESHOLD": "0"}
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    site.freeze(out, **env)
    index = {p.parent.relative_to(out.resolve()).as_posix()
             for p in out.resolve().glob("en/stories/page/*/index.html")}
    assert len(index) >= 2
    showing = next(name for name in sorted(index | {"en/stories"})
                   if b'href="/en/stories/elias/"' in (out / name / "index.html").read_bytes())
    story = site.root / "content" / "stories" / "elias.md"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "teaser: A new life", "teaser: A new, edited life"), encoding="utf-8")
    said = site.freeze(out, "--verbose", **env)
    site.freeze(tmp_path / "full" / "site", **env)
    assert tree(out) == tree(tmp_path / "full" / "site")
    rendered = {line.strip().strip("/") for line in said.splitlines() if line.startswith("  /")}
    assert showing in rendered, said
    assert "en/stories/elias" in rendered
    assert (index | {"en/stories"}) - {showing} - rendered, said


def test_a_package_installed_since_renders_everything(tmp_path):
    """A package (new, or of another version) can change any page: its
    metadata folder on Python's path is enough for a full freeze."""
    site = Site(tmp_path / "site", tmp_path / "state")
    packages = tmp_path / "packages"
    packages.mkdir()
    path = {"PYTHONPATH": os.pathsep.join([str(site.root), str(packages)])}
    out = tmp_path / "out" / "site"
    first = site.freeze(out, **path)
    assert "rebuilt 0 pages" in site.freeze(out, **path)
    metadata = packages / "example_package-1.0.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: example-package\n"
                                       "Version: 1.0\n", encoding="utf-8")
    said = site.freeze(out, **path)
    assert f"rebuilt {frozen_pages(first)} pages: the settings, Python or its packages " \
           "changed" in said
    assert kept(said) == 0


def test_a_page_gone_from_the_last_freeze_is_rendered_again(tmp_path):
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    site.freeze(out)
    before = tree(out)
    (out / "tr" / "join" / "index.html").unlink()
    said = site.freeze(out, "--verbose")
    assert "rebuilt 1 page: not whole in the last freeze\n  /tr/join/\n" in said
    assert tree(out) == before


def test_nothing_changed_renders_nothing_and_full_renders_everything(tmp_path):
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    first = site.freeze(out)
    before = tree(out)
    quiet = site.freeze(out)
    assert "rebuilt 0 pages: nothing a page is made from changed" in quiet
    assert kept(quiet) == frozen_pages(first)
    assert tree(out) == before
    loud = site.freeze(out, "--full")
    assert "pages: --full" in loud and kept(loud) == 0
    assert tree(out) == before


def test_each_reason_is_one_line_and_verbose_names_the_pages(tmp_path):
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    site.freeze(out)
    story = site.root / "content" / "stories" / "elias.md"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "teaser: A new life", "teaser: A new, edited life"), encoding="utf-8")
    said = site.freeze(out, "--verbose")
    lines = said.splitlines()
    reason = next(line for line in lines if line.startswith("rebuilt"))
    assert re.match(r"rebuilt \d+ pages: content/stories/elias\.md: the story's page", reason)
    listed = lines[lines.index(reason) + 1:]
    assert "  /en/stories/elias/" in listed and "  /en/" in listed
    plain = site.freeze(out)
    assert not any(line.startswith("  /") for line in plain.splitlines())


def test_pdf_reprints_only_the_changed_pages(tmp_path):
    """With --pdf the kept pages keep their PDF file itself (the same inode:
    linked, not printed again); the pages a translation changed get new ones."""
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    site.freeze(out, "--pdf")
    pdfs = {p.relative_to(out.resolve()).as_posix(): p.stat().st_ino
            for p in out.resolve().rglob("*.pdf")}
    assert len(pdfs) > 10
    po_path = site.root / "translations" / "tr" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid == "Elias' Story")
    entry.msgstr += " (düzeltildi)"
    po.save(str(po_path))
    site.compile()
    said = site.freeze(out, "--pdf")
    now = {p.relative_to(out.resolve()).as_posix(): p.stat().st_ino
           for p in out.resolve().rglob("*.pdf")}
    assert now.keys() == pdfs.keys()
    reprinted = sorted(name for name in now if now[name] != pdfs[name])
    assert "tr/stories/elias/hikaya-stories-elias-tr.pdf" in reprinted
    assert all(name.endswith("-tr.pdf") for name in reprinted), reprinted
    assert len(reprinted) < len(now) / 2
    assert f"printed {len(reprinted)} PDFs" in said
    page = (out / "tr" / "stories" / "elias" / "index.html").read_text(encoding="utf-8")
    assert "(düzeltildi)" in page


def plant_and_tamper(out: Path) -> None:
    """A page changed in the published folder: kept, it would stay."""
    page = out.resolve() / "en" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"TAMPERED</body>"))


@pytest.mark.parametrize("manifest", ["garbage", "unsigned", "foreign", "signed, hostile"])
def test_a_manifest_it_cannot_trust_costs_one_full_freeze(tmp_path, monkeypatch, manifest):
    """Whatever the last freeze's folder holds, a freeze never keeps a page
    on the word of a manifest this user's freezes did not write, and never
    reads a file outside that folder because of one."""
    from app.catalogs.cache import PLAIN, signature, write_cache
    from app.delivery.incremental import MANIFEST

    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    site.freeze(out)
    path = out.resolve() / MANIFEST
    mac, _, data = path.read_bytes().partition(b"\n")
    value = PLAIN.loads(data)
    if manifest == "garbage":
        path.write_bytes(b"\x00{not json")
    elif manifest == "unsigned":
        path.write_bytes(data)
    elif manifest == "foreign":  # the same claims, signed on another machine
        path.write_bytes(signature(b"k" * 32, data) + b"\n" + data)
    else:  # signed with this user's key, shaped to read outside the folder
        value["outputs"] = {key: ["../../../site/app/__init__.py"]
                            for key in value["outputs"]}
        monkeypatch.setenv("XDG_STATE_HOME", site.env["XDG_STATE_HOME"])
        write_cache(path, value, "test manifest")
        assert path.read_bytes() != mac + b"\n" + data
    plant_and_tamper(out)
    said = site.freeze(out)
    full = tmp_path / "full" / "site"
    site.freeze(full)
    assert tree(out) == tree(full)
    assert b"TAMPERED" not in (out / "en" / "index.html").read_bytes()
    assert "the last freeze left no manifest this freeze can trust" in said
    assert kept(said) == 0


def test_a_trusted_manifest_keeps_what_did_not_change(tmp_path):
    """The clean counterpart of the hostile test: the same tampering with a
    manifest of its own, and nothing edited, keeps the page (the manifest
    vouches for inputs, and the folder is the freeze's own)."""
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    site.freeze(out)
    plant_and_tamper(out)
    said = site.freeze(out)
    assert "rebuilt 0 pages" in said
    assert b"TAMPERED" in (out / "en" / "index.html").read_bytes()


def test_what_the_spare_tree_holds_never_reaches_the_site(tmp_path):
    """An incremental freeze builds in the tree the last one replaced (the
    spare): a stray file there, a kept page's file no longer the published
    one, a stale twin, are all gone from the result, which equals a full
    freeze; and the published site it links from is never written through."""
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    story = site.root / "content" / "stories" / "elias.md"

    def edit(words: str) -> None:
        story.write_text(re.sub(r"^teaser: .*$", f"teaser: {words}", story.read_text(
            encoding="utf-8"), count=1, flags=re.MULTILINE), encoding="utf-8")

    site.freeze(out)
    edit("A first edit")
    site.freeze(out)
    spare = out.parent / ".site.freeze-spare"
    assert spare.is_dir()
    stray = spare / "en" / "stories" / "gone" / "index.html"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"a story taken down")
    join = spare / "tr" / "join" / "index.html"  # a page the next freeze keeps
    join.unlink()  # no longer the published file: its own bytes
    join.write_bytes(b"stale")
    (spare / "en" / "sitemap.xml.gz").write_bytes(b"stale twin")
    before = tree(out)
    edit("A second edit")
    said = site.freeze(out)
    assert kept(said) > 0
    assert tree(spare) == before  # what was published is now the spare, as it was
    site.freeze(tmp_path / "full" / "site")
    assert tree(out) == tree(tmp_path / "full" / "site")


def test_the_sitemap_is_kept_until_a_page_or_its_template_changes(tmp_path):
    """A story edit keeps the sitemap file itself (no page is new or gone);
    an edit of its template renders it again; each time it is a full freeze's."""
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    site.freeze(out)
    inode = (out / "sitemap.xml").stat().st_ino
    story = site.root / "content" / "stories" / "elias.md"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "teaser: A new life", "teaser: A new, edited life"), encoding="utf-8")
    site.freeze(out)
    assert (out / "sitemap.xml").stat().st_ino == inode
    template = site.root / "app" / "templates" / "sitemap.xml"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "  <url>", "  <url><!-- edited -->"), encoding="utf-8")
    site.freeze(out)
    assert b"<!-- edited -->" in (out / "sitemap.xml").read_bytes()
    site.freeze(tmp_path / "full" / "site")
    assert tree(out) == tree(tmp_path / "full" / "site")


def test_the_404_pages_are_kept_until_a_translation_changes(tmp_path):
    """A story edit keeps every 404 page (the same files); a changed
    translation renders them again; each time the result is a full freeze's."""
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    site.freeze(out)
    names = ["404.html", "ar/404.html", "tr/404.html"]
    inodes = [(out / name).stat().st_ino for name in names]
    story = site.root / "content" / "stories" / "elias.md"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "teaser: A new life", "teaser: A new, edited life"), encoding="utf-8")
    site.freeze(out)
    assert [(out / name).stat().st_ino for name in names] == inodes
    po_path = site.root / "translations" / "tr" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid == "International Medical Corps in Syria")
    entry.msgstr += " (düzeltildi)"  # the site's title, in every page's <title>
    po.save(str(po_path))
    site.compile()
    site.freeze(out)
    assert "(düzeltildi)" in (out / "tr" / "404.html").read_text(encoding="utf-8")
    site.freeze(tmp_path / "full" / "site")
    assert tree(out) == tree(tmp_path / "full" / "site")


def test_a_file_is_read_again_only_when_its_status_changed(tmp_path, monkeypatch):
    """FREEZE_CACHE keeps each file's hash by its status (inode, size,
    modification and change times): a freeze trusts it for a file whose
    status is the same (a hash planted there for an unchanged story is
    believed), and reads again a file whose status changed, even one
    rewritten at its old size and modification time."""
    site = Site(tmp_path / "site", tmp_path / "state")
    settled = {"HIKAYA_FREEZE_SETTLE_SECONDS": "0"}  # every file old enough to keep
    out = tmp_path / "out" / "site"
    site.freeze(out, **settled)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    cache = FileCache(site.root / "build" / "freeze-cache.json", "freeze cache")
    story = site.root.resolve() / "content" / "stories" / "elias.md"
    found = story.stat()
    status = (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
    assert cache.get(f"{story}#hash", status) == file_hash(story)
    cache.put(f"{story}#hash", status, "planted")
    cache.save()
    said = site.freeze(out, "--verbose", **settled)
    assert "rebuilt 0 pages" not in said and "/en/stories/elias/" in said, said

    path = story
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("teaser: ", "teaser: X", 1)[:-1], encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    said = site.freeze(out, "--verbose", **settled)
    assert "/en/stories/elias/" in said, said
    site.freeze(tmp_path / "full" / "site")
    assert tree(out) == tree(tmp_path / "full" / "site")


def test_workers_make_the_same_manifest_while_they_render(tmp_path):
    """A full freeze's manifest is made by the parent while its workers
    render: with two workers it is the same file as one process makes, and
    the next freeze trusts it and keeps what did not change."""
    site = Site(tmp_path / "site", tmp_path / "state")
    two, one = tmp_path / "two" / "site", tmp_path / "one" / "site"
    site.freeze(two, HIKAYA_FREEZE_WORKERS="2")
    site.freeze(one, HIKAYA_FREEZE_WORKERS="1")
    assert tree(two) == tree(one)
    said = site.freeze(two, HIKAYA_FREEZE_WORKERS="2")
    assert "rebuilt 0 pages" in said and kept(said) == frozen_pages(said)


@pytest.mark.parametrize("kind", ["setting", "story removed", "new story", "catalog"])
def test_a_freeze_in_the_spare_tree_equals_a_full_one(tmp_path, kind):
    """From the third freeze on, a freeze builds in the spare tree, made the
    published one's copy while it decides, then drops what it does not keep:
    after an edit that renders every page (a setting), takes a page away or
    adds one, the result is a full freeze's, files and folders, none left over."""
    rng = random.Random(f"issue 23 spare {kind}")
    site = Site(tmp_path / "site", tmp_path / "state")
    out = tmp_path / "out" / "site"
    site.freeze(out, **SHORT_LISTS)
    edit(site, "story", rng)
    site.freeze(out, **SHORT_LISTS)
    assert (out.parent / ".site.freeze-spare").is_dir()
    env = {**SHORT_LISTS, **edit(site, kind, rng)}
    said = site.freeze(out, **env)
    if kind == "setting":
        assert "the settings, Python or its packages changed" in said and kept(said) == 0, said
    else:
        assert kept(said) > 0, said
    site.freeze(tmp_path / "full" / "site", **env)
    assert tree(out) == tree(tmp_path / "full" / "site")
    mine, full = out.resolve(), (tmp_path / "full" / "site").resolve()
    assert ({p.relative_to(mine) for p in mine.rglob("*") if p.is_dir()}
            == {p.relative_to(full) for p in full.rglob("*") if p.is_dir()})
