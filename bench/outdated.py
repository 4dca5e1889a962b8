"""Render cost of outdated strings (issue 18's goal: a page with outdated
strings renders within 1.1 times a fully current one):
`.venv/bin/python -m bench.outdated [--rounds 15] [--requests 40]`.

Two copies of the repository's site in a temporary folder: one as committed
(every string current), one where an editor rewrote two paragraphs of the
Syria page and the catalogs keep their previous translations as `flask
translate update` writes them (fuzzy, `#| msgid`, `English changed on`),
the page listed in published.txt. Each app serves as in production (catalogs
loaded once from the compiled catalogs, rendered strings remembered,
no page cache); requests alternate between the two, and which goes first.
Prints, per language, the median CPU time of one request of /<lang>/programs/syria/
for each and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import polib

from app import create_app

ROOT = Path(__file__).resolve().parent.parent
REWRITES = {  # opening words -> the edited English
    "Children show signs": "Many children show signs",
    "The conflict in Syria has created": "The war in Syria has created",
}
CODES = ("ar", "tr")


def copy_site(target: Path) -> Path:
    target.mkdir()
    for name in ("content", "translations", "templates", "static"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name)
    for name in ("site.toml", "babel.cfg"):
        shutil.copy(ROOT / name, target / name)
    return target


def outdate(site: Path) -> None:
    program = site / "content" / "programs" / "syria.md"
    text = program.read_text(encoding="utf-8")
    for old, new in REWRITES.items():
        text = text.replace(old, new)
    program.write_text(text, encoding="utf-8")
    result = cli(site).invoke(args=["translate", "extract"])
    assert result.exit_code == 0, f"{result.output} {result.exception!r}"
    for code in CODES:
        path = site / "translations" / code / "LC_MESSAGES" / "messages.po"
        po = polib.pofile(str(path), wrapwidth=100)
        for old, new in REWRITES.items():
            entry = next(e for e in po if e.msgid.startswith(old))
            entry.previous_msgid, entry.msgid = entry.msgid, entry.msgid.replace(old, new)
            entry.flags.append("fuzzy")
            entry.tcomment = "English changed on 2026-12-01"
        po.save()
        (site / "translations" / code / "published.txt").write_text(
            "# Pages once published in this language.\nprogram/syria\n", encoding="utf-8")


def cli(site: Path):
    return create_app({"SITE_DIR": str(site), "HIKAYA_ENV": "development"}).test_cli_runner()


def app_for(site: Path):
    """Production's app (compiled catalogs, strings remembered), without the
    page cache: each request renders the page."""
    config = {"SITE_DIR": str(site), "HIKAYA_ENV": "production", "PAGE_CACHE": False,
              "CONTENT_CACHE": None, "CATALOG_CACHE": None}
    result = cli(site).invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
    return create_app(config)


def timed(client, path: str, requests: int) -> list[float]:
    out = []
    for _ in range(requests):
        start = time.process_time()  # CPU time: less of the shared machine's noise
        response = client.get(path)
        out.append(time.process_time() - start)
        assert response.status_code == 200
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        current = copy_site(Path(tmp) / "current")
        outdated = copy_site(Path(tmp) / "outdated")
        outdate(outdated)
        clients = {"current": app_for(current).test_client(),
                   "outdated": app_for(outdated).test_client()}
        for code in CODES:
            path = f"/{code}/programs/syria/"
            page = clients["outdated"].get(path).get_data(as_text=True)
            assert page.count('class="outdated outdated--block"') == len(REWRITES), "not marked"
            assert 'class="outdated-notice"' in page
            times: dict[str, list[float]] = {"current": [], "outdated": []}
            for client in clients.values():  # warm: first render compiles templates
                timed(client, path, 3)
            for round_ in range(args.rounds * args.requests):
                order = list(clients) if round_ % 2 == 0 else list(reversed(clients))
                for name in order:  # one request each, alternating which goes first
                    times[name] += timed(clients[name], path, 1)
            a, b = (statistics.median(times[n]) * 1000 for n in ("current", "outdated"))
            print(f"{path}: current {a:.2f} ms, outdated ({len(REWRITES)} paragraphs) "
                  f"{b:.2f} ms, ratio {b / a:.3f} "
                  f"(median CPU time of {len(times['current'])} requests each)")


if __name__ == "__main__":
    main()
