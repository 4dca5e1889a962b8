"""Every setting and its default, in one place, each source over the last:
the defaults below, the site's `site.toml`, the `HIKAYA_*` environment, then
`create_app(config)`. Modules read `app.config[...]` and keep no defaults."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from flask import Config, Flask

ENGINE = Path(__file__).resolve().parent  # its layouts, stylesheet and catalogs
ROOT = ENGINE.parent  # in a checkout, the repository's site
SETTINGS_FILE = "site.toml"

# No uploads, no forms that post: a larger body is refused (app/delivery/security.py).
MAX_BODY_BYTES = 1024

# Settings an environment variable gives as plain text: "en, ar", "no", "" (unset).
LISTS = ("LOCALES", "TRUSTED_HOSTS")
SWITCHES = ("PSEUDO_LOCALES", "PAGE_CACHE")
OPTIONAL = ("HIKAYA_ENV", "SITE_URL", "TRUSTED_HOSTS", "FREEZE_WORKERS")


def split_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def site_dir(explicit: str | os.PathLike | None = None) -> Path:
    """`explicit`, else HIKAYA_SITE, else the current folder when it holds
    site.toml, else the checkout the package runs from (`flask --app app`)."""
    if chosen := explicit or os.environ.get("HIKAYA_SITE"):
        return Path(chosen).resolve()
    for folder in (Path.cwd(), ROOT):
        if (folder / SETTINGS_FILE).is_file():
            return folder.resolve()
    raise RuntimeError(f"no {SETTINGS_FILE} in {Path.cwd()}: run in a site's folder, "
                       "or name one with --site DIR or HIKAYA_SITE (hikaya new-site makes one)")


def load_site_toml(handle) -> dict[str, Any]:
    """site.toml's keys, upper-cased; its first language is the source language."""
    settings = {key.upper(): value for key, value in tomllib.load(handle).items()}
    if settings.get("LOCALES"):
        settings.setdefault("DEFAULT_LOCALE", settings["LOCALES"][0])
    if settings.get("ORGANISATION"):
        settings["PROPER_NAMES"] = list(dict.fromkeys(
            [settings["ORGANISATION"], *settings.get("PROPER_NAMES", [])]))
    return settings


def from_text(config: dict[str, Any]) -> None:
    """The few settings an environment variable writes as plain text."""
    if "ENV" in config:  # HIKAYA_ENV
        config["HIKAYA_ENV"] = config.pop("ENV")
    for key in LISTS:
        if isinstance(config.get(key), str):
            config[key] = split_list(config[key])
    if isinstance(systems := config.get("NUMBERING_SYSTEMS"), str):
        pairs = [item.split("=", 1) for item in split_list(systems)]
        if bad := [item for item in pairs if len(item) != 2]:
            raise ValueError(f"expected KEY=VALUE, got {bad[0][0]!r}")
        config["NUMBERING_SYSTEMS"] = {key.strip(): value.strip() for key, value in pairs}
    for key in SWITCHES:
        if isinstance(config.get(key), str | int):
            config[key] = str(config[key]).strip().lower() in ("1", "true", "yes")
    for key in OPTIONAL:
        if config.get(key) in ("", []):
            config[key] = None


def engine_defaults(site: Path) -> dict[str, Any]:
    build = site / "build"
    return {
        "SITE_DIR": str(site),
        "HIKAYA_ENV": None,  # "production" or "development"; see is_production()
        "ORGANISATION": "", "TITLE": "", "LOGO": None,  # LOGO: a file of static/
        "COLOURS": {},  # site.toml's [colours]: app/theme.py has the roles and defaults
        "PROPER_NAMES": [],  # the same in every language (a translation equal to one is no slip)
        # Languages (app/site/languages.py): a new one is a catalog plus LOCALES.
        "LOCALES": ["en"], "DEFAULT_LOCALE": "en",  # the source language
        "NUMBERING_SYSTEMS": {},  # CLDR numbering system per language ({"ar": "arab"})
        # The reader's choice in the switcher, remembered for the bare root.
        "LANGUAGE_COOKIE": "hikaya_lang", "LANGUAGE_COOKIE_MAX_AGE": 365 * 24 * 3600,
        "PSEUDO_LOCALES": False,  # serve en-XA and ar-XB (never in production)
        "TRANSLATIONS_DIR": str(site / "translations"),
        "PSEUDO_DIR": str(build / "pseudo-translations"),
        # What each catalog and content file gave, reused while unchanged (None: no cache).
        "CATALOG_CACHE": str(build / "catalog-cache.json"),
        "CONTENT_CACHE": str(build / "content-cache.json"),
        # Each site file's hash by its status, for an incremental freeze (None: none),
        # kept once the file is this old: one written again within its clock's
        # tick keeps its status, so a younger one is read again next time.
        "FREEZE_CACHE": str(build / "freeze-cache.json"), "FREEZE_SETTLE_SECONDS": 2.0,
        "CATALOG_RELOAD": None,  # reread a changed .po; None: in development
        # A changed .po is read once still this long (no reader gets a half-saved one).
        "CATALOG_SETTLE_SECONDS": 1.0,
        "PUBLISH_THRESHOLD": 1.0,  # share of a page's strings translated before it is offered
        # A page once published (published.txt) stays while this share of its
        # strings is current or outdated (app/site/outdated.py); po4a keeps 80%.
        "KEEP_PUBLISHED": 0.8,
        # The site's folders; templates and static files are over the engine's.
        "CONTENT_DIR": str(site / "content"), "TEMPLATES_DIR": str(site / "templates"),
        "STATIC_DIR": str(site / "static"),
        "HOME_STORIES": 4, "STORIES_PER_PAGE": 12,  # on the home or a program; per index page
        "SITE_URL": None,  # origin of canonical, hreflang, sitemap URLs; None: the request's
        # Host names served (others get a 400); unset, absolute URLs without
        # SITE_URL echo any Host: set both in production.
        "TRUSTED_HOSTS": None,
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
        # flask-compress: text only (images are SVG); brotli (15% smaller), gzip 6 as nginx.
        "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/plain", "text/xml",
                               "application/xml", "image/svg+xml",
                               "application/manifest+json"],
        "COMPRESS_ALGORITHM": ["br", "gzip"], "COMPRESS_LEVEL": 6, "COMPRESS_BR_LEVEL": 5,
        "COMPRESS_MIN_SIZE": 256,
        # Each page as sent, per page x language x encoding (app/delivery/pagecache.py).
        "PAGE_CACHE": True, "PAGE_CACHE_MAX_BYTES": 64 * 1024 * 1024,
        "FREEZE_WORKERS": None,  # freeze processes; None: one per core from PARALLEL_FROM pages
    }


def load(config: Config, site: str | os.PathLike | None = None) -> None:
    """The defaults, site.toml, then HIKAYA_* (HIKAYA_LOCALES=en,ar)."""
    folder = site_dir(site)
    config.from_mapping(engine_defaults(folder))
    config.from_file(str(folder / SETTINGS_FILE), load=load_site_toml, text=False)
    known = {*config, "ENV"}
    config.from_prefixed_env("HIKAYA")
    # Other tools' variables (HIKAYA_BIND) and HIKAYA_SITE are no settings.
    for key in set(config) - known:
        del config[key]
    from_text(config)


def defaults(site: str | os.PathLike | None = None) -> dict[str, Any]:
    """The settings an app of this site starts from, without building one."""
    config = Config(str(ROOT))
    load(config, site)
    return dict(config)


def is_production(app: Flask) -> bool:
    """HIKAYA_ENV when it says, else development for debug and TESTING apps."""
    explicit = (app.config.get("HIKAYA_ENV") or "").strip().lower()
    if explicit in ("production", "development"):
        return explicit == "production"
    return not (app.debug or app.testing)


def extract_settings(fileobj, keywords, comment_tags, options):
    """Babel extractor for site.toml (babel.cfg): its title, the one setting
    that is a message (the organisation is a name of names.yml)."""
    lines = fileobj.read().decode("utf-8").splitlines()
    title = tomllib.loads("\n".join(lines)).get("title")
    if title:
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("title")), 1)
        yield line, "_", title, [
            "The site name, shown after the page name in the browser tab and in search results."]


def template_folders(config: Config) -> list[Path]:
    """First match wins: the site's templates/, then the engine's."""
    return [Path(config["TEMPLATES_DIR"]), ENGINE / "templates"]


def static_folders(config: Config) -> list[Path]:
    """First match wins (serving, fingerprints, the freeze, nginx)."""
    return [Path(config["STATIC_DIR"]), ENGINE / "static"]
