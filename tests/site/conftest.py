"""A temporary copy of the fixture site's content files for a test to change."""

from __future__ import annotations

import shutil

import pytest

from ..support import FIXTURE_SITE


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE / "content", target)
    return target
