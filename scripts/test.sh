#!/usr/bin/env bash
# Set up (if needed) everything the tests use, then run the whole suite,
# browser accessibility tests included, in one worker process per core
# (pytest-xdist; HIKAYA_TEST_WORKERS=0 runs it in this process). The
# browser tests share one worker (tests/conftest.py), so their session-wide
# runs of `flask a11y` and Chromium are made once. Extra
# arguments go to pytest: `scripts/test.sh -m "not browser"` is the
# non-browser suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest -n "${HIKAYA_TEST_WORKERS:-auto}" --dist loadgroup "$@"
