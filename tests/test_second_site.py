"""Issue 20's proof: a second organisation's site, made by `hikaya new-site`
from the package installed with `pip install` (not editable) into a fresh
venv, used from a folder outside the repository, in English, Arabic and
Kurdish (ckb); one string translated, the site served and frozen, no file
of the engine changed. Takes a minute or more (the install)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from app.config import ROOT

# One installed engine for the module's tests: they run on one worker.
pytestmark = pytest.mark.xdist_group("second-site")

NAME = "Example Relief"
FOREIGN = ("International Medical Corps", "Syria")
STORY = "A first story (placeholder)"
STORY_AR = "قصة أولى (نص مؤقت)"  # the test's own translation of the placeholder
# One string in Kurdish too: in production a catalog with no translation at
# all refuses to start (app/catalogs/store.py).
PROGRAM, PROGRAM_CKB = "Program", "بەرنامە"


def run(args: list, cwd: Path, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("HIKAYA_", "FLASK_", "PYTHON", "VIRTUAL_ENV"))}
    done = subprocess.run([str(a) for a in args], cwd=cwd, env={**clean, **env},
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """The package from a copy of this checkout (its files as they are, none
    of its .venv or build output), installed as a user would."""
    base = tmp_path_factory.mktemp("install")
    copy = base / "hikaya"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / rel)
    env = base / "venv"
    run([sys.executable, "-m", "venv", env], base)
    run([env / "bin" / "python", "-m", "pip", "install", "-q",
         "-c", copy / "constraints.txt", copy], base)
    return env


@pytest.fixture(scope="module")
def site(venv, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("elsewhere")
    assert ROOT not in folder.parents
    run([venv / "bin" / "hikaya", "new-site", "org", "--name", NAME,
         "--languages", "en,ar,ckb"], folder)
    org = folder / "org"
    for code, msgid, msgstr in (("ar", STORY, STORY_AR), ("ckb", PROGRAM, PROGRAM_CKB)):
        po = polib.pofile(str(org / "translations" / code / "LC_MESSAGES" / "messages.po"))
        po.find(msgid).msgstr = msgstr
        po.save()
    run([venv / "bin" / "hikaya", "translate", "compile"], org)
    return org


# Served through the installed package (a test client in the venv's own
# Python, in the site's folder), every page in every language, since the
# site has translated one string only (HIKAYA_PUBLISH_THRESHOLD=0).
SERVE = """
import json, sys
from app import create_app
client = create_app().test_client()
print(json.dumps({p: client.get(p).get_data(as_text=True) for p in sys.argv[1:]}))
"""
PATHS = [f"/{lang}/{page}" for lang in ("en", "ar", "ckb")
         for page in ("", "stories/", "stories/first-story/", "programs/program/", "join/")]


@pytest.fixture(scope="module")
def pages(venv, site) -> dict[str, str]:
    out = run([venv / "bin" / "python", "-c", SERVE, *PATHS], site,
              HIKAYA_PUBLISH_THRESHOLD="0")
    return json.loads(out)


def test_installed_engine_is_not_the_checkout(venv):
    found = run([venv / "bin" / "python", "-c", "import app; print(app.__file__)"], venv)
    assert str(venv) in found and str(ROOT) not in found


def test_its_pages_carry_its_own_name_and_none_of_the_repositorys(pages):
    for path, html in pages.items():
        assert NAME in html, path
        assert not [word for word in FOREIGN if word in html], path


def test_its_kurdish_pages_are_right_to_left(pages):
    for path in PATHS:
        if path.startswith("/ckb/"):
            assert '<html lang="ckb" dir="rtl">' in pages[path], path
            assert PROGRAM_CKB in pages[path], path


def test_its_translated_string_shows_in_arabic(pages):
    assert STORY_AR in pages["/ar/stories/first-story/"]
    assert '<html lang="ar" dir="rtl">' in pages["/ar/stories/first-story/"]
    assert STORY_AR not in pages["/en/stories/first-story/"]


def test_its_arabic_pages_have_the_engines_arabic(pages):
    """Before the site translates anything of the engine's, its Arabic pages
    carry the engine's own Arabic (shipped in the package): the skip link and
    the language menu's label."""
    engine = polib.pofile(str(ROOT / "app" / "translations" / "ar" / "LC_MESSAGES" / "hikaya.po"))
    for english in ("Skip to main content", "Language"):
        arabic = engine.find(english).msgstr
        assert arabic and arabic in pages["/ar/"], english


def test_it_freezes(venv, site):
    out = site / "out"
    run([venv / "bin" / "hikaya", "freeze", "--out", out], site, HIKAYA_PUBLISH_THRESHOLD="0")
    ckb = (out / "ckb" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ckb" dir="rtl">' in ckb and NAME in ckb
    story = out / "ar" / "stories" / "first-story" / "index.html"
    assert STORY_AR in story.read_text(encoding="utf-8")
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not [word for word in FOREIGN if word in text], page
