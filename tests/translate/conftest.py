"""Fixtures for the translators' tooling: real catalogs copied into a
temporary directory (brought up to date with the code, as a translator's
checkout would be after `extract` and `update`), apps built on them, and a
way to write a hostile translation into one."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import polib
import pytest

from app import create_app
from app.config import ROOT

LOCALES = ["en", "ar", "tr"]


@pytest.fixture(scope="session")
def current_translations(tmp_path_factory) -> Path:
    """The committed catalogs, merged with the strings the code has now."""
    target = tmp_path_factory.mktemp("current") / "translations"
    shutil.copytree(ROOT / "translations", target, ignore=shutil.ignore_patterns("*.mo"))
    runner = create_app({"TESTING": True, "TRANSLATIONS_DIR": str(target)}).test_cli_runner()
    for command in (["translate", "extract"], ["translate", "update"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def translations(tmp_path, current_translations) -> Path:
    target = tmp_path / "translations"
    shutil.copytree(current_translations, target)
    return target


def po_path(translations: Path, code: str) -> Path:
    return translations / code / "LC_MESSAGES" / "messages.po"


def build(translations: Path, **config):
    settings = {
        "TESTING": True,
        "LOCALES": LOCALES,
        "TRANSLATIONS_DIR": str(translations),
        "PSEUDO_DIR": str(translations.parent / "pseudo"),
    }
    settings.update(config)
    return create_app(settings)


def touch_later(path: Path) -> None:
    """Move a file's modification time on, as a save a moment later would."""
    stamp = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(stamp, stamp))


def set_translation(
    translations: Path,
    code: str,
    msgid: str,
    text: str | dict[int, str],
    *,
    context: str | None = None,
    fuzzy: bool = False,
) -> Path:
    """Write one translation (a str, or {form: str} for a plural message)."""
    path = po_path(translations, code)
    po = polib.pofile(str(path), wrapwidth=100)
    entry = po.find(msgid, msgctxt=context) if context else po.find(msgid)
    assert entry is not None, msgid
    if isinstance(text, dict):
        entry.msgstr_plural = dict(text)
    else:
        entry.msgstr = text
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if not fuzzy and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    po.save(str(path))
    touch_later(path)
    return path


def line_of(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]
