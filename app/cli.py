"""The `hikaya` command: Flask's command line on create_app for the site
`--site DIR` or HIKAYA_SITE names (unset: the current folder), and `new-site`."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import click
from babel import Locale, UnknownLocaleError
from flask.cli import FlaskGroup, NoAppException, ScriptInfo

from . import create_app
from .catalogs.cli import translate
from .config import SETTINGS_FILE, split_list


def choose_site(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    # Kept for site_app (not in os.environ, which would outlive this command).
    if value:
        ctx.ensure_object(ScriptInfo).data["site"] = value


def site_app():
    """Never the checkout the package may run from, unlike config.site_dir."""
    ctx = click.get_current_context(silent=True)
    info = ctx.find_object(ScriptInfo) if ctx else None
    chosen = info and info.data.get("site")
    folder = Path(chosen or os.environ.get("HIKAYA_SITE") or Path.cwd()).resolve()
    if not (folder / SETTINGS_FILE).is_file():
        raise NoAppException(f"no {SETTINGS_FILE} in {folder}: run in a site's folder or "
                             "name one with --site DIR (hikaya new-site DIR makes one)")
    return create_app({"SITE_DIR": str(folder)})


@click.group(cls=FlaskGroup, create_app=site_app, load_dotenv=False)
@click.option("--site", type=click.Path(file_okay=False), callback=choose_site,
              is_eager=True, expose_value=False,
              help="The site's folder [default: HIKAYA_SITE, else the current folder].")
def main() -> None:
    """Hikaya: story and program pages in every language of a site."""


# What new-site copies, each text a placeholder; FILLED get the name and languages.
SKELETON = Path(__file__).with_name("skeleton")
FILLED = ("site.toml", "content/names.yml")


@main.command("new-site", with_appcontext=False)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", required=True, help="The organisation's name.")
@click.option("--languages", default="en", show_default=True,
              help="Language codes, the source language first (en,ar,ckb).")
def new_site(folder: Path, name: str, languages: str) -> None:
    """Write a small working site in FOLDER: one program, one story, catalogs."""
    codes = split_list(languages)
    for code in codes:
        try:
            Locale.parse(code)
        except (ValueError, UnknownLocaleError) as error:
            raise click.BadParameter(f"{code!r} is no language CLDR knows ({error})",
                                     param_hint="--languages") from error
    if not codes:
        raise click.BadParameter("name at least one language", param_hint="--languages")
    if folder.exists() and any(folder.iterdir()):
        raise click.ClickException(f"{folder} is not empty; new-site writes only a new folder")
    name = " ".join(name.split())
    # A JSON string is a TOML and a YAML string too, its quotes escaped.
    values = {"name": json.dumps(name, ensure_ascii=False), "locales": json.dumps(codes)}
    shutil.copytree(SKELETON, folder, dirs_exist_ok=True)
    for rel in FILLED:
        path = folder / rel
        path.write_text(path.read_text(encoding="utf-8").format(**values), encoding="utf-8")
    (folder / "translations").mkdir()
    app = create_app({"SITE_DIR": str(folder.resolve())})
    with app.app_context():
        for args in (["extract"], *(["init", code] for code in codes[1:]), ["compile"]):
            translate.main(args=args, standalone_mode=False)
    click.echo(f"wrote a new site in {folder}: hikaya --site {folder} run")
