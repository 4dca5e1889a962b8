# Shortcuts; the README's two commands are scripts/serve.sh and scripts/test.sh.
.PHONY: serve test check bench bench-scale bench-floor load

serve:
	scripts/serve.sh

test:
	scripts/test.sh

# The translation QA gate and the accessibility run, as QA would type them.
check:
	.venv/bin/flask translate check
	.venv/bin/flask a11y --out build/a11y

# Delivery benchmark (about 2 minutes): gunicorn vs nginx over the freeze per
# locale, i18n overhead, freeze time, page weight; writes BENCHMARKS.md.
bench:
	.venv/bin/python -m bench.run

# Scale: 10, 100 and 1,000 generated stories with pseudo-translated catalogs
# in a temporary checkout (create_app, one story, freeze, translate
# extract/check/status, memory, list page weight); writes its BENCHMARKS.md section.
bench-scale:
	.venv/bin/python -m bench.scale --write

# Hikaya under gunicorn next to a minimal Flask app serving the same bytes.
bench-floor:
	.venv/bin/python -m bench.floor --write

# 200 connections for 60 s against gunicorn on loopback, 3 runs; fails on any error.
load:
	.venv/bin/python -m bench.load
