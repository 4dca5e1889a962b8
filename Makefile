.PHONY: load

# 200 connections for 60 s against gunicorn on loopback, 3 runs; fails on any error.
load:
	.venv/bin/python bench/load.py

.PHONY: bench
# Delivery benchmark (about 2 minutes): gunicorn vs nginx over the freeze per
# locale, i18n overhead, freeze time, page weight; writes BENCHMARKS.md.
bench:
	.venv/bin/python -m bench.run
