"""Fixtures of the site tests."""

from __future__ import annotations

import shutil

import pytest

from app.config import ROOT


@pytest.fixture
def content(tmp_path):
    """A copy of the site's content/, for a test to change."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target
