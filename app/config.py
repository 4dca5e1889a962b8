"""Default settings. Each can be overridden by the mapping given to create_app()."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _locales_from_env() -> list[str]:
    # Adding a language must need no code change: one catalog plus this value.
    raw = os.environ.get("HIKAYA_LOCALES", "en,ar,tr")
    return [code.strip() for code in raw.split(",") if code.strip()]


class Config:
    SECRET_KEY = os.environ.get("HIKAYA_SECRET_KEY", "dev-only-not-secret")
    LOCALES = _locales_from_env()
    # English is the source language: its text lives in the templates, not a catalog.
    DEFAULT_LOCALE = "en"
    TRANSLATIONS_DIR = str(ROOT / "translations")
    # Absolute origin used for canonical, hreflang and sitemap URLs. None means
    # "the host the request came in on", which is right for a single server.
    SITE_URL = os.environ.get("HIKAYA_SITE_URL") or None
    LANGUAGE_COOKIE = "hikaya_lang"
    LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
