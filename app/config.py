"""Default settings, read when the app is built so the environment of the
process that builds it counts. create_app(config) overrides any of them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def split_locales(raw: str) -> list[str]:
    return [code.strip() for code in raw.split(",") if code.strip()]


def defaults() -> dict[str, Any]:
    env = os.environ
    return {
        "SECRET_KEY": env.get("HIKAYA_SECRET_KEY", "dev-only-not-secret"),
        # Adding a language needs no code change: one catalog plus this value.
        "LOCALES": split_locales(env.get("HIKAYA_LOCALES", "en,ar,tr")),
        # English is the source language: its text lives in the templates.
        "DEFAULT_LOCALE": "en",
        "TRANSLATIONS_DIR": str(ROOT / "translations"),
        # Origin for canonical, hreflang and sitemap URLs. None means the host
        # the request came in on, which is right for a single server.
        "SITE_URL": env.get("HIKAYA_SITE_URL") or None,
        # Host names this site answers to (Flask refuses others with a 400).
        # Unset, any Host is served, and absolute URLs without SITE_URL echo
        # it; set both in production.
        "TRUSTED_HOSTS": split_locales(env.get("HIKAYA_TRUSTED_HOSTS", "")) or None,
        "LANGUAGE_COOKIE": "hikaya_lang",
        "LANGUAGE_COOKIE_MAX_AGE": 365 * 24 * 3600,
    }
