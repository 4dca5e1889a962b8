"""The `hikaya` command: every command of the app (`run`, `translate`,
`freeze`, `nginx-config`, `a11y`) against a site's folder, chosen by
`--site DIR` or HIKAYA_SITE (unset: the current folder), and `new-site`,
which makes one. It is Flask's own command line (FlaskGroup) on
create_app; `flask --app app ...` in the repository is the same commands.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
from babel import Locale, UnknownLocaleError
from flask.cli import FlaskGroup, NoAppException

from . import create_app
from .catalogs.cli import translate
from .config import SETTINGS_FILE, split_list


def choose_site(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    # Read by app/config.py's site_dir() when the app is built, after this.
    if value:
        os.environ["HIKAYA_SITE"] = str(Path(value).resolve())


def site_app():
    """The app of the chosen site: --site, HIKAYA_SITE, else the current
    folder (never the checkout the package may run from)."""
    folder = Path(os.environ.get("HIKAYA_SITE") or Path.cwd()).resolve()
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


# What new-site writes. Each text says it is a placeholder: a site says
# nothing it was not told.
SITE_TOML = '''\
# The settings of this site; app/config.py in the hikaya package lists every
# setting. Any can be set for one run as HIKAYA_<KEY> (HIKAYA_LOCALES=en,ar).
organisation = {name}
title = {name}
# The first language is the source language, the language of content/.
locales = {locales}
# Names that stay the same in every language.
proper_names = [{name}]
'''
BABEL_CFG = '''\
[jinja2: templates/**.html]
encoding = utf-8
newstyle_gettext = true
silent = false

[app.config.extract_settings: site.toml]

[app.content.extract.extract_content: content/**.md]

[app.content.extract.extract_names: content/names.yml]
'''
NAMES_YML = '''\
organisation:
  text: {name}
  translate: true
  translators: >-
    The organisation's name. Write it as the organisation writes it in
    your language, or keep it in the source language.
'''
PROGRAM_MD = '''\
---
title: Our program (placeholder)
short_title: Program
description: A placeholder for a program of {name}; replace it with the program's own words.
order: 1
---
This page is a placeholder made by `hikaya new-site`. Write here what the
program does, in the organisation's own words.
'''
STORY_MD = '''\
---
title: A first story (placeholder)
teaser: A placeholder for a story; replace it with a real one.
illustration:
  file: placeholder.svg
  alt: ""
order: 1
programs: [program]
---
This story is a placeholder made by `hikaya new-site`. Replace it with a
story the organisation has published.
'''

# A plain grey picture where a story's illustration goes.
PLACEHOLDER_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 320">'
                   '<rect width="640" height="320" fill="#e8e8e8"/></svg>\n')


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@main.command("new-site", with_appcontext=False)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", required=True, help="The organisation's name.")
@click.option("--languages", default="en", show_default=True,
              help="Language codes, the source language first (en,ar,ckb).")
def new_site(folder: Path, name: str, languages: str) -> None:
    """Write a small working site in FOLDER: settings, one program, one
    story, and a catalog for each language after the first."""
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
    name = re.sub(r"\s+", " ", name).strip()
    files = {
        SETTINGS_FILE: SITE_TOML.format(
            name=toml_string(name), locales="[" + ", ".join(map(toml_string, codes)) + "]"),
        "babel.cfg": BABEL_CFG,
        "content/names.yml": NAMES_YML.format(name=name),
        "content/programs/program.md": PROGRAM_MD.format(name=name),
        "content/stories/first-story.md": STORY_MD,
        "static/img/placeholder.svg": PLACEHOLDER_SVG,
    }
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "translations").mkdir()
    app = create_app({"SITE_DIR": str(folder.resolve())})
    with app.app_context():
        for args in (["extract"], *(["init", code] for code in codes[1:]), ["compile"]):
            translate.main(args=args, standalone_mode=False)
    click.echo(f"wrote a new site in {folder}: hikaya --site {folder} run")
