#!/usr/bin/env bash
# Set up (if needed) everything the tests use, then run the whole suite,
# browser accessibility tests included. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
