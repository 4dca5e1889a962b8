# Shortcuts; the README's two commands are scripts/serve.sh and scripts/test.sh.
.PHONY: serve test check bench bench-scale bench-hugo bench-floor bench-a11y load nginx-config lock

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

# Issue 23: `flask freeze` next to Hugo (+ gzip) at 1,000 stories, 5 alternating
# rounds, full build and one story edited, and the I/O floor; writes its BENCHMARKS.md
# section. Needs Debian's hugo and /work/shared/bench/make_hugo.py (HIKAYA_MAKE_HUGO).
bench-hugo:
	.venv/bin/python -m bench.hugo --write

# Hikaya under gunicorn next to a minimal Flask app serving the same bytes.
bench-floor:
	.venv/bin/python -m bench.floor --write

# Accessibility run (about 4 minutes): page views per second of commit
# f019493 and of this checkout side by side, whole site, --jobs 2, medians
# of 3 runs each, and their ratio, into BENCHMARKS.md (bench/a11y.py; its
# --profile shows where one run's time goes).
bench-a11y:
	.venv/bin/python -m bench.a11y --write

# 200 connections for 60 s against gunicorn on loopback, 3 runs; fails on any error.
load:
	.venv/bin/python -m bench.load

# The committed nginx configurations (a test checks they are current).
nginx-config:
	.venv/bin/flask nginx-config > deploy/nginx-site.conf
	.venv/bin/flask nginx-config --upstream http://127.0.0.1:8000 > deploy/nginx-upstream.conf

# constraints.txt: the exact versions of every package in .venv (site and
# test tools), which scripts/setup.sh installs. Refresh after changing
# pyproject.toml or to move to newer versions, once the suite passes:
#   .venv/bin/python -m pip install -U -e ".[test]" && scripts/test.sh && make lock
lock:
	@printf '%s\n' \
	  "# The versions scripts/setup.sh installs: every package the site and its tests" \
	  "# use, as the suite last passed with them. Written by \`make lock\`; do not edit." \
	  > constraints.txt
	.venv/bin/python -m pip freeze --all --exclude-editable | LC_ALL=C sort -f >> constraints.txt
