.PHONY: load

# 200 connections for 60 s against gunicorn on loopback, 3 runs; fails on any error.
load:
	.venv/bin/python bench/load.py
