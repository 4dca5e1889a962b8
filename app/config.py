"""Every setting of the app and its default, in one place.

Read when the app is built (`create_app(config)`), so the environment of the
process that builds it counts; `config` overrides any of them. Modules read
`app.config[...]` and keep no defaults of their own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

# The site takes no uploads and has no forms that post: a larger body is
# refused before any page code runs (app/delivery/security.py).
MAX_BODY_BYTES = 1024


def split_list(raw: str) -> list[str]:
    """"en, ar,tr" -> ["en", "ar", "tr"]."""
    return [item.strip() for item in raw.split(",") if item.strip()]


def split_mapping(raw: str) -> dict[str, str]:
    """"ar=arab, fa=arabext" -> {"ar": "arab", "fa": "arabext"}."""
    pairs = [item.split("=", 1) for item in split_list(raw)]
    bad = [item for item in pairs if len(item) != 2]
    if bad:
        raise ValueError(f"expected KEY=VALUE, got {'='.join(bad[0])!r}")
    return {key.strip(): value.strip() for key, value in pairs}


def defaults() -> dict[str, Any]:
    env = os.environ
    return {
        "SECRET_KEY": env.get("HIKAYA_SECRET_KEY", "dev-only-not-secret"),
        # "production" or "development"; unset: production unless debug or
        # TESTING (see environment() below).
        "HIKAYA_ENV": env.get("HIKAYA_ENV") or None,
        # --- languages (app/site/languages.py) ---
        # Adding a language needs no code change: one catalog plus this value.
        "LOCALES": split_list(env.get("HIKAYA_LOCALES", "en,ar,tr")),
        # English is the source language: its text lives in the templates.
        "DEFAULT_LOCALE": "en",
        # The digits each language's numbers are written in, as CLDR numbering
        # systems: {"ar": "arab"} gives "٧٫٦ مليون". A language not listed
        # gets CLDR's default for it (Latin digits for ar, tr, en). Environment:
        # HIKAYA_NUMBERING_SYSTEMS="ar=arab". See README, "Numbers and digits".
        "NUMBERING_SYSTEMS": split_mapping(env.get("HIKAYA_NUMBERING_SYSTEMS", "")),
        # The reader's choice in the switcher, remembered for the bare root.
        "LANGUAGE_COOKIE": "hikaya_lang",
        "LANGUAGE_COOKIE_MAX_AGE": 365 * 24 * 3600,
        # Serve en-XA and ar-XB (never in production).
        "PSEUDO_LOCALES": env.get("HIKAYA_PSEUDO_LOCALES", "") in ("1", "true", "yes"),
        # --- catalogs (app/catalogs/) ---
        "TRANSLATIONS_DIR": str(ROOT / "translations"),
        # The three build outputs below may be moved by the environment
        # (HIKAYA_PSEUDO_DIR, ...): the tests keep them out of the checkout.
        "PSEUDO_DIR": env.get("HIKAYA_PSEUDO_DIR") or str(
            ROOT / "build" / "pseudo-translations"),
        # What loading each catalog found (parsed and judged translations),
        # reused while its bytes, the rules and the content's messages are
        # unchanged (None: read every catalog on every start).
        "CATALOG_CACHE": env.get("HIKAYA_CATALOG_CACHE") or str(
            ROOT / "build" / "catalog-cache.json"),
        # Reread a .po when it changes; None: in development.
        "CATALOG_RELOAD": None,
        # Development: a changed .po is read once it has been still (same size
        # and modification time) this long, so no reader gets a half-saved one.
        "CATALOG_SETTLE_SECONDS": float(env.get("HIKAYA_CATALOG_SETTLE_SECONDS", "1.0")),
        # Share of a page's strings a language needs before the page is
        # offered in it (app/site/availability.py).
        "PUBLISH_THRESHOLD": float(env.get("HIKAYA_PUBLISH_THRESHOLD", "1.0")),
        # --- content (app/content/, app/site/content.py) ---
        # Stories and programs, one file each: content/stories/<slug>.md,
        # content/programs/<slug>.md, and content/names.yml.
        "CONTENT_DIR": str(ROOT / "content"),
        # The stylesheet and pictures, served and frozen with a content hash
        # in their names (app/delivery/caching.py).
        "STATIC_DIR": str(ROOT / "static"),
        # What was read of each content file, reused while the file is
        # unchanged (None: read every file on every start).
        "CONTENT_CACHE": env.get("HIKAYA_CONTENT_CACHE") or str(
            ROOT / "build" / "content-cache.json"),
        # How many stories the home page and a program page show (featured
        # ones first, then the latest), and how many each page of the
        # stories index lists.
        "HOME_STORIES": int(env.get("HIKAYA_HOME_STORIES", "4")),
        "STORIES_PER_PAGE": int(env.get("HIKAYA_STORIES_PER_PAGE", "12")),
        # --- URLs and hosts ---
        # Origin for canonical, hreflang and sitemap URLs. None means the host
        # the request came in on, which is right for a single server.
        "SITE_URL": env.get("HIKAYA_SITE_URL") or None,
        # Host names this site answers to (Flask refuses others with a 400).
        # Unset, any Host is served, and absolute URLs without SITE_URL echo
        # it; set both in production.
        "TRUSTED_HOSTS": split_list(env.get("HIKAYA_TRUSTED_HOSTS", "")) or None,
        # --- delivery (app/delivery/) ---
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
        # flask-compress: text only (images here are SVG, which is text too);
        # brotli first (about 15% smaller than gzip on these pages), gzip for
        # the rest. Level 6 gzip matches nginx's setting in deploy/.
        "COMPRESS_MIMETYPES": [
            "text/html",
            "text/css",
            "text/plain",
            "text/xml",
            "application/xml",
            "image/svg+xml",
            "application/manifest+json",
        ],
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_LEVEL": 6,
        "COMPRESS_BR_LEVEL": 5,
        "COMPRESS_MIN_SIZE": 256,
        # Keep each page as sent (rendered, compressed) in memory, per page x
        # language x encoding (app/delivery/pagecache.py); emptied when a
        # catalog or content file changes in development.
        "PAGE_CACHE": env.get("HIKAYA_PAGE_CACHE", "1") not in ("0", "false", "no"),
        "PAGE_CACHE_MAX_BYTES": int(env.get("HIKAYA_PAGE_CACHE_MAX_BYTES", str(64 * 1024 * 1024))),
        # `flask freeze`: processes that render and compress pages. None: one
        # per core from PARALLEL_FROM pages (app/delivery/freeze.py), one below.
        "FREEZE_WORKERS": int(env["HIKAYA_FREEZE_WORKERS"]) if env.get(
            "HIKAYA_FREEZE_WORKERS") else None,
    }


def environment(app: Flask) -> str:
    """"production" or "development": HIKAYA_ENV when it says, else
    development for debug and TESTING apps and production for the rest."""
    explicit = (app.config.get("HIKAYA_ENV") or "").strip().lower()
    if explicit in ("production", "development"):
        return explicit
    return "development" if app.debug or app.testing else "production"


def is_production(app: Flask) -> bool:
    return environment(app) == "production"
