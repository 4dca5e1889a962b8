"""Files of content/ and static/ that are broken or are not files at all
(issue 22, findings 6, 7 and 8): each is named at its file and line and costs
only itself, in the app, in `flask translate check` and `extract`, and in the
freeze, which refuses to publish while one is there. Nothing of such a file
is read: not /dev/zero, not a FIFO, not a file outside the site.

Every file written here is a fixture in a temporary copy of content/ and
static/, never a file of the site."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.config import ROOT
from app.delivery.caching import StaticFolder
from harness.gunicorn import gunicorn_server

from ..support import FIXTURE_SITE, content_site

SECRET = "fixture-secret-4f1c"


@pytest.fixture
def checkout(tmp_path) -> Path:
    """Copies of the fixture site's content/ and the static/ files to break."""
    for source in (FIXTURE_SITE / "content", ROOT / "static"):
        shutil.copytree(source, tmp_path / source.name, symlinks=True)
    return tmp_path


def site(checkout: Path, translations: Path):
    return content_site(checkout / "content", translations,
                        STATIC_DIR=str(checkout / "static"))


def huge_integer(stories: Path) -> tuple[str, int]:
    text = (stories / "elias.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, ln in enumerate(lines, 1) if ln.startswith("order:"))
    lines[line - 1] = "order: " + "9" * 4301
    (stories / "x.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "x", line


def symlink_loop(stories: Path) -> tuple[str, int]:
    os.symlink("y.md", stories / "y.md")
    return "y", 1


def symlink_out(stories: Path) -> tuple[str, int]:
    outside = stories.parents[2] / "outside.md"
    outside.write_text((stories / "elias.md").read_text().replace("Elias", SECRET))
    os.symlink(outside, stories / "out.md")
    return "out", 1


def dev_zero(stories: Path) -> tuple[str, int]:
    os.symlink("/dev/zero", stories / "z.md")
    return "z", 1


def fifo(stories: Path) -> tuple[str, int]:
    os.mkfifo(stories / "f.md")
    return "f", 1


BROKEN = {
    # finding 6: an integer Python will not convert; a loop os.stat cannot follow
    "huge integer": (huge_integer, "cannot be read: Exceeds the limit (4300 digits)"),
    "symlink loop": (symlink_loop, "is a symlink that leads nowhere"),
    # finding 7: a symlink out of the site
    "symlink out of the site": (symlink_out, "is a symlink to "),
    # finding 8: special files, never read
    "/dev/zero": (dev_zero, "is a symlink to /dev/zero, outside"),
    "FIFO": (fifo, "is a named pipe (FIFO), not a regular file"),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_or_special_content_file_costs_only_itself(kind, checkout, translations,
                                                            caplog):
    """Findings 6, 7, 8: one such file in content/stories/ is an error named
    at its file and line in the app's log, `check`, `extract` and the
    freeze; its page is a 404, every other page is served, nothing of it is
    published and no command dies with a traceback."""
    make, why = BROKEN[kind]
    slug, line = make(checkout / "content" / "stories")
    where = f"content/stories/{slug}.md:{line}:"
    with caplog.at_level("ERROR"):
        app = site(checkout, translations)
    assert any(where in r.getMessage() and why in r.getMessage() for r in caplog.records)
    client = app.test_client()
    assert client.get(f"/en/stories/{slug}/").status_code == 404
    for path in ("/en/", "/ar/stories/elias/", "/tr/programs/syria/", "/en/stories/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert SECRET not in response.get_data(as_text=True)
    runner = app.test_cli_runner()
    check = runner.invoke(args=["translate", "check"])
    assert check.exit_code == 1, check.output
    assert f"{where} error [content] " in check.output and why in check.output
    extract = runner.invoke(args=["translate", "extract"])
    assert extract.exit_code == 1 and where in extract.output, extract.output
    assert extract.exception is None or isinstance(extract.exception, SystemExit)
    out = checkout / "site"
    freeze = runner.invoke(args=["freeze", "--out", str(out)])
    assert freeze.exit_code == 1 and where in freeze.output, freeze.output
    assert not out.exists()


def test_a_symlink_inside_content_to_a_file_inside_it_is_used(checkout, translations, caplog):
    """Finding 7, the clean case: a symlink to a regular file inside
    content/ is an ordinary story, and nothing is reported."""
    os.symlink("elias.md", checkout / "content" / "stories" / "same-as-elias.md")
    with caplog.at_level("ERROR"):
        app = site(checkout, translations)
    assert not [r for r in caplog.records if "content/" in r.getMessage()]
    assert app.test_client().get("/en/stories/same-as-elias/").status_code == 200
    assert app.test_cli_runner().invoke(args=["translate", "check"]).exit_code == 0


def test_an_editors_hidden_files_are_not_part_of_the_site(checkout, translations, caplog):
    """What an editor's tools leave beside a file being edited is not
    content: Emacs's lock `.#elias.md` (a symlink to nowhere), Vim's swap
    file `.elias.md.swp`, a hidden folder. None is a story, none is reported
    (an unsaved edit must not stop the freeze), none is served from static/."""
    stories = checkout / "content" / "stories"
    os.symlink("editor@host.1234:1700000000", stories / ".#elias.md")
    (stories / ".elias.md.swp").write_bytes(b"\x00swap")
    (stories / ".hidden.md").write_text((stories / "elias.md").read_text())
    (checkout / "static" / ".git").mkdir()
    os.mkfifo(checkout / "static" / ".git" / "fifo")
    (checkout / "static" / "img" / ".secret.svg").write_text("<svg/>")
    with caplog.at_level("WARNING"):
        app = site(checkout, translations)
    assert not [r for r in caplog.records if ".#elias" in r.getMessage()
                or ".git" in r.getMessage()], [r.getMessage() for r in caplog.records]
    client = app.test_client()
    assert client.get("/en/stories/.hidden/").status_code == 404
    assert client.get("/en/stories/elias/").status_code == 200
    assert client.get("/static/img/.secret.svg").status_code == 404
    assert app.test_cli_runner().invoke(args=["translate", "check"]).exit_code == 0


def test_a_static_symlink_out_of_the_site_is_never_served_or_frozen(checkout, translations):
    """Findings 7 and 8, static/: a picture that is a symlink to a file
    outside static/ (the probe used /proc/self/environ), or one too big to
    hold in memory, is not served, is named by `check`, and stops the
    freeze; a symlink to a picture inside static/ is served as the picture."""
    outside = checkout / "environ"
    outside.write_text(f"SECRET={SECRET}\n")
    img = checkout / "static" / "img"
    os.symlink(outside, img / "x.svg")
    os.symlink("/proc/self/environ", img / "environ.svg")
    os.symlink("logo.svg", img / "same-as-logo.svg")
    with open(img / "huge.svg", "wb") as handle:  # sparse: 64 MB that take no room
        handle.truncate(64 << 20)
    app = site(checkout, translations)
    client = app.test_client()
    for name in ("x.svg", "environ.svg", "huge.svg"):
        response = client.get(f"/static/img/{name}")
        assert response.status_code == 404, name
        assert SECRET not in response.get_data(as_text=True)
    same = client.get("/static/img/same-as-logo.svg")
    assert same.status_code == 200
    assert same.get_data() == (img / "logo.svg").read_bytes()
    runner = app.test_cli_runner()
    check = runner.invoke(args=["translate", "check"])
    assert check.exit_code == 1
    assert "static/img/x.svg:1: error [content] is a symlink to " in check.output
    assert "static/img/environ.svg:1: error [content] is a symlink to /proc/" in check.output
    assert "static/img/huge.svg:1: error [content] is 67108864 bytes; at most" in check.output
    assert "same-as-logo" not in check.output
    out = checkout / "site"
    freeze = runner.invoke(args=["freeze", "--out", str(out)])
    assert freeze.exit_code == 1 and "static/img/x.svg:1:" in freeze.output
    assert not out.exists()


def app_spec(checkout: Path, **config) -> str:
    """The app factory on the copies, for `flask --app` and gunicorn (the
    catalogs are the checkout's compiled ones, only read)."""
    config = {"CONTENT_DIR": str(checkout / "content"), "STATIC_DIR": str(checkout / "static"),
              "CONTENT_CACHE": None, **config}
    return f"app:create_app({config!r})"


def test_gunicorn_starts_beside_a_huge_integer_and_a_symlink_loop(checkout, tmp_path):
    """Finding 6, as the probe ran it: gunicorn with the repo's settings
    starts, serves the other pages, answers 404 (not 500) for the broken
    ones and names each at its file and line in its log."""
    stories = checkout / "content" / "stories"
    _, line = huge_integer(stories)
    symlink_loop(stories)
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(log, app_spec=app_spec(checkout)) as base:
        with urllib.request.urlopen(base + "/en/stories/elias/", timeout=10) as response:
            assert response.status == 200
        for slug in ("x", "y"):
            with pytest.raises(urllib.error.HTTPError) as error:
                urllib.request.urlopen(f"{base}/en/stories/{slug}/", timeout=10)
            assert error.value.code == 404
    text = log.read_text()
    assert f"content/stories/x.md:{line}: " in text
    assert "content/stories/y.md:1: is a symlink that leads nowhere" in text
    assert "Traceback" not in text


def limited_memory() -> None:
    limit = 3_000_000 * 1024  # the probe's `ulimit -v 3000000`
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_extract_reads_no_dev_zero_and_waits_on_no_fifo(checkout, translations):
    """Finding 8, as the probe ran it: `flask translate extract` under
    `ulimit -v 3000000` with a symlink to /dev/zero, a FIFO and an 8 GB
    (sparse) file in content/stories/ ends at once, naming each, without
    reading any.
    (The timeout only guards against the hang this test is about.)"""
    stories = checkout / "content" / "stories"
    dev_zero(stories)
    fifo(stories)
    # A sparse file of 8 GB: its size is known before any of it is read.
    with open(stories / "big.md", "wb") as handle:
        handle.truncate(8 << 30)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app",
         app_spec(checkout, TRANSLATIONS_DIR=str(translations)),
         "translate", "extract"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, preexec_fn=limited_memory,
    )
    assert result.returncode == 1, result.stderr
    assert "content/stories/z.md:1: error [content] is a symlink to /dev/zero" in result.stderr
    assert "content/stories/f.md:1: error [content] is a named pipe (FIFO)" in result.stderr
    assert ("content/stories/big.md:1: error [content] is 8589934592 bytes; at most 524288 "
            "are allowed") in result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr


def test_the_development_server_keeps_serving_when_a_broken_file_appears(checkout,
                                                                         translations):
    """Finding 6, the dev server: files broken while it runs (a huge
    integer, a symlink loop, a FIFO) are reread on the next request; their
    pages are 404s and every other page is served, never a 500."""
    app = site(checkout, translations)
    client = app.test_client()
    assert client.get("/en/stories/elias/").status_code == 200
    stories = checkout / "content" / "stories"
    for make in (huge_integer, symlink_loop, fifo):
        make(stories)
    for path in ("/en/", "/ar/stories/elias/", "/en/stories/", "/tr/programs/syria/"):
        assert client.get(path).status_code == 200, path
    for slug in ("x", "y", "f"):
        assert client.get(f"/en/stories/{slug}/").status_code == 404, slug
    problems = [str(p) for p in app.extensions["hikaya_content"].problems]
    assert any("content/stories/y.md:1: is a symlink that leads nowhere" in p for p in problems)


def test_a_names_file_that_is_a_fifo_is_named_once_and_takes_no_story_down(checkout,
                                                                           translations):
    """Findings 5 and 8: content/names.yml, which every story uses, replaced
    by a FIFO is one error naming it; it is never opened for reading (no
    hang), and every story and program page is still served."""
    names = checkout / "content" / "names.yml"
    names.unlink()
    os.mkfifo(names)
    app = site(checkout, translations)
    problems = [str(p) for p in app.extensions["hikaya_content"].problems]
    assert [p for p in problems if "names.yml" in p] == [
        f"{names}:1: is a named pipe (FIFO), not a regular file; it is not used"]
    client = app.test_client()
    for path in ("/en/stories/elias/", "/en/programs/syria/", "/en/"):
        assert client.get(path).status_code == 200, path


def test_the_static_folder_reads_no_file_from_outside_it(checkout):
    """Finding 7 at the part that serves and freezes static files
    (app/delivery/caching.StaticFolder, behind /static/ and Frozen-Flask):
    a symlink out of the folder gives nothing; one inside gives the file."""
    img = checkout / "static" / "img"
    (checkout / "environ").write_text(f"SECRET={SECRET}\n")
    os.symlink(checkout / "environ", img / "x.svg")
    os.symlink("logo.svg", img / "same-as-logo.svg")
    files = StaticFolder(checkout / "static")
    assert files.get("img/x.svg") is None
    assert files.get("img/same-as-logo.svg").data == (img / "logo.svg").read_bytes()


def test_check_hashes_the_sources_without_reading_a_fifo_or_a_loop(tmp_path):
    """`flask translate check` hashes every file extraction could read to
    know whether messages.pot is current. A FIFO left in templates/ (a
    developer's tool) or a symlink loop there is hashed by what it is, never
    opened: check ends and answers as for a clean tree.
    (The timeout only guards against the hang this test is about.)"""
    from harness.checkout import environment, make_checkout
    checkout = make_checkout(tmp_path / "site")
    os.mkfifo(checkout / "templates" / "notes.fifo")
    os.symlink("loop", checkout / "templates" / "loop")
    result = subprocess.run([sys.executable, "-m", "flask", "translate", "check"],
                            cwd=checkout, env=environment(checkout), capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout and "Traceback" not in result.stderr
