"""Servers and measures that tests and benchmarks drive (nginx over a
freeze, gunicorn, page weight). Not part of the app: nothing in app/ imports
this package."""
