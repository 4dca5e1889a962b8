"""Every setting of the app and its default, in one place.

A site is a folder (SITE_DIR): its `site.toml` (the organisation, the
site's title, its languages, logo and proper names), `content/`,
`translations/`, and optional `templates/` and `static/` that override the
engine's own (app/templates/, app/static/) file by file. Settings are read
when the app is built (`create_app(config)`), in this order, each over the
last: the engine's defaults below, the site's `site.toml`, the environment
(`HIKAYA_*`, Flask's `from_prefixed_env`), then `config`. Modules read
`app.config[...]` and keep no defaults of their own.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from flask import Config, Flask

# The engine's own folder (its layouts, stylesheet, catalogs live in it).
ENGINE = Path(__file__).resolve().parent
# The folder holding the package: in a checkout, the repository (the
# International Medical Corps site); in an installed package, site-packages.
ROOT = ENGINE.parent
SETTINGS_FILE = "site.toml"

# The site takes no uploads and has no forms that post: a larger body is
# refused before any page code runs (app/delivery/security.py).
MAX_BODY_BYTES = 1024

# Settings an environment variable gives as text ("en, ar,tr", "ar=arab",
# "no"), where from_prefixed_env leaves anything not JSON a str.
LISTS = ("LOCALES", "TRUSTED_HOSTS")
MAPPINGS = ("NUMBERING_SYSTEMS",)
SWITCHES = ("PSEUDO_LOCALES", "PAGE_CACHE")
# Empty means unset.
OPTIONAL = ("HIKAYA_ENV", "SITE_URL", "TRUSTED_HOSTS", "FREEZE_WORKERS")


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


def site_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The site's folder: `explicit`, else HIKAYA_SITE, else the current
    folder when it holds site.toml, else the checkout the package runs from
    (`flask --app app` anywhere in the repository)."""
    chosen = explicit or os.environ.get("HIKAYA_SITE")
    if chosen:
        return Path(chosen).resolve()
    for folder in (Path.cwd(), ROOT):
        if (folder / SETTINGS_FILE).is_file():
            return folder.resolve()
    raise RuntimeError(f"no {SETTINGS_FILE} in {Path.cwd()}: run in a site's folder, "
                       "or name one with --site DIR or HIKAYA_SITE (hikaya new-site makes one)")


def load_site_toml(handle) -> dict[str, Any]:
    """site.toml's lowercase keys as config keys; its first language is the
    source language (the language of its content and templates), and the
    organisation's name is one of its proper names."""
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
    for key in MAPPINGS:
        if isinstance(config.get(key), str):
            config[key] = split_mapping(config[key])
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
        # "production" or "development"; unset: production unless debug or
        # TESTING (see environment() below).
        "HIKAYA_ENV": None,
        # --- the organisation (site.toml) ---
        # Its name, the site's title (the chooser page, the layout) and its
        # logo (a file of static/, or none), each a message of the site's
        # catalogs where the templates show them.
        "ORGANISATION": "",
        "TITLE": "",
        "LOGO": None,
        # Names that stay the same in every language (a translation equal
        # to one is not a forgotten string; language-of-parts accepts them).
        "PROPER_NAMES": [],
        # --- languages (app/site/languages.py) ---
        # Adding a language needs no code change: one catalog plus this value.
        "LOCALES": ["en"],
        # The source language: its text lives in the content and templates.
        "DEFAULT_LOCALE": "en",
        # The digits each language's numbers are written in, as CLDR numbering
        # systems: {"ar": "arab"} gives "٧٫٦ مليون". A language not listed
        # gets CLDR's default for it (Latin digits for ar, tr, en). Environment:
        # HIKAYA_NUMBERING_SYSTEMS="ar=arab". See docs/translators.md, "Numbers and digits".
        "NUMBERING_SYSTEMS": {},
        # The reader's choice in the switcher, remembered for the bare root.
        "LANGUAGE_COOKIE": "hikaya_lang",
        "LANGUAGE_COOKIE_MAX_AGE": 365 * 24 * 3600,
        # Serve en-XA and ar-XB (never in production).
        "PSEUDO_LOCALES": False,
        # --- catalogs (app/catalogs/) ---
        "TRANSLATIONS_DIR": str(site / "translations"),
        "PSEUDO_DIR": str(build / "pseudo-translations"),
        # What loading each catalog found (parsed and judged translations),
        # reused while its bytes, the rules and the content's messages are
        # unchanged (None: read every catalog on every start).
        "CATALOG_CACHE": str(build / "catalog-cache.json"),
        # Reread a .po when it changes; None: in development.
        "CATALOG_RELOAD": None,
        # Development: a changed .po is read once it has been still (same size
        # and modification time) this long, so no reader gets a half-saved one.
        "CATALOG_SETTLE_SECONDS": 1.0,
        # Share of a page's strings a language needs before the page is
        # offered in it (app/site/availability.py).
        "PUBLISH_THRESHOLD": 1.0,
        # A page once published in a language (translations/<code>/published.txt)
        # stays published while this share of its strings is current or
        # outdated (app/site/outdated.py); po4a keeps a document at 80%.
        "KEEP_PUBLISHED": 0.8,
        # --- content (app/content/, app/site/content.py) ---
        # Stories and programs, one file each: content/stories/<slug>.md,
        # content/programs/<slug>.md, and content/names.yml.
        "CONTENT_DIR": str(site / "content"),
        # The site's templates and static files, each over the engine's file
        # of the same name (app/templates/, app/static/); static files are
        # served and frozen with a content hash in their names
        # (app/delivery/caching.py).
        "TEMPLATES_DIR": str(site / "templates"),
        "STATIC_DIR": str(site / "static"),
        # What was read of each content file, reused while the file is
        # unchanged (None: read every file on every start).
        "CONTENT_CACHE": str(build / "content-cache.json"),
        # How many stories the home page and a program page show (featured
        # ones first, then the latest), and how many each page of the
        # stories index lists.
        "HOME_STORIES": 4,
        "STORIES_PER_PAGE": 12,
        # --- URLs and hosts ---
        # Origin for canonical, hreflang and sitemap URLs. None means the host
        # the request came in on, which is right for a single server.
        "SITE_URL": None,
        # Host names this site answers to (Flask refuses others with a 400).
        # Unset, any Host is served, and absolute URLs without SITE_URL echo
        # it; set both in production.
        "TRUSTED_HOSTS": None,
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
        "PAGE_CACHE": True,
        "PAGE_CACHE_MAX_BYTES": 64 * 1024 * 1024,
        # `flask freeze`: processes that render and compress pages. None: one
        # per core from PARALLEL_FROM pages (app/delivery/freeze.py), one below.
        "FREEZE_WORKERS": None,
    }


def load(config: Config, site: str | os.PathLike | None = None) -> None:
    """Fill `config`: the engine's defaults, the site's site.toml, then the
    HIKAYA_* environment (HIKAYA_LOCALES=en,ar for LOCALES)."""
    folder = site_dir(site)
    config.from_mapping(engine_defaults(folder))
    config.from_file(str(folder / SETTINGS_FILE), load=load_site_toml, text=False)
    known = {*config, "ENV"}
    config.from_prefixed_env("HIKAYA")
    # Variables of other tools (gunicorn.conf.py's HIKAYA_BIND) and
    # HIKAYA_SITE (already SITE_DIR) are no settings.
    for key in set(config) - known:
        del config[key]
    from_text(config)


def defaults(site: str | os.PathLike | None = None) -> dict[str, Any]:
    """The settings an app of this site starts from, without building one."""
    config = Config(str(ROOT))
    load(config, site)
    return dict(config)


def environment(app: Flask) -> str:
    """"production" or "development": HIKAYA_ENV when it says, else
    development for debug and TESTING apps and production for the rest."""
    explicit = (app.config.get("HIKAYA_ENV") or "").strip().lower()
    if explicit in ("production", "development"):
        return explicit
    return "development" if app.debug or app.testing else "production"


def is_production(app: Flask) -> bool:
    return environment(app) == "production"


# The comment translators see beside the site's title (site.toml).
TITLE_COMMENT = "The site name, shown after the page name in the browser tab and in search results."


def extract_settings(fileobj, keywords, comment_tags, options):
    """Babel extractor for site.toml (babel.cfg: `[app.config.extract_settings:
    site.toml]`): its title, the one setting shown as a message of its own
    (the organisation is a name of content/names.yml)."""
    lines = fileobj.read().decode("utf-8").splitlines()
    title = tomllib.loads("\n".join(lines)).get("title")
    if title:
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("title")), 1)
        yield line, "_", title, [TITLE_COMMENT]


def template_folders(config: Config) -> list[Path]:
    """Where a template is looked for, first match wins: the site's
    templates/, then the engine's."""
    return [Path(config["TEMPLATES_DIR"]), ENGINE / "templates"]


def static_folders(config: Config) -> list[Path]:
    """Where a static file is looked for, first match wins: the site's
    static/, then the engine's (serving, fingerprints, the freeze, nginx)."""
    return [Path(config["STATIC_DIR"]), ENGINE / "static"]
