"""A temporary copy of the site's content files for a test to change."""

from __future__ import annotations

import shutil

import pytest

from app.config import ROOT


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target
