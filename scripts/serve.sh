#!/usr/bin/env bash
# Set up (if needed) and serve the site on http://127.0.0.1:5000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "Serving on http://127.0.0.1:${PORT:-5000}  (Ctrl+C to stop)" >&2
exec .venv/bin/flask --app app run --host 127.0.0.1 --port "${PORT:-5000}" "$@"
