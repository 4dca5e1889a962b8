"""`flask freeze` next to Hugo on the same work: `make bench-hugo` (or
`.venv/bin/python -m bench.hugo`).

Issue 23 asks for a full freeze at least as fast as Hugo, the fastest widely
used static-site generator, at 1,000 stories in three languages. Both sides
are measured here, on this machine, alternately, so that a change in the
shared machine's load hits both:

- a temporary checkout of the committed tree (`git archive HEAD`), with
  --stories generated stories and pseudo-translated catalogs made as
  bench/scale.py makes them, catalogs compiled;
- the Hugo site doing the same work, built from that checkout by
  `make_hugo.py CHECKOUT OUT` (not ours: HIKAYA_MAKE_HUGO, by default
  /work/shared/bench/make_hugo.py; never copied here), and Debian's `hugo`;
- each round: Hugo (`hugo --quiet -d SITE` into an empty folder) and its
  gzip step (`gzip -k -9`, the freeze's level, on the kinds of files the
  freeze gives a .gz twin, two processes as the freeze uses), then the
  whole `flask freeze --out DIR` command, start-up included, into a new DIR;
- then one sentence of one story edited, and each rebuilt in the folder of
  its last build (Hugo and gzip again; the freeze as it runs into a folder
  it wrote before: the first such freeze makes a tree, the second sets right
  the tree the full freeze left (the spare, publish.py), the later ones
  find it sharing all but what changed, as an editor's freezes do);
- the I/O floor: the bytes of a freeze and its .gz twins written again by
  two processes, nothing rendered or compressed.

Prints medians, ratios, pages per second, each side's peak memory and the
load average. --write keeps the figures in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.delivery.output import PRECOMPRESS
from bench.report import load_average, replace_section
from bench.scale import generate, pseudo_translate, timed
from harness.checkout import run

ROOT = Path(__file__).resolve().parent.parent
MAKE_HUGO = Path(os.environ.get("HIKAYA_MAKE_HUGO", "/work/shared/bench/make_hugo.py"))
# The story whose sentence is edited between rebuilds.
EDITED = "bench-{:04d}.md"


def checkout_of_head(target: Path) -> Path:
    """The committed tree, as a fresh clone would have it (no build output,
    no compiled catalogs): what the figures are about."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def prepare(root: Path, stories: int) -> tuple[Path, Path]:
    """(the checkout with its generated stories, the Hugo site's folder)."""
    checkout = checkout_of_head(root / "checkout")
    generate(checkout, stories)
    run(checkout, "flask", "translate", "extract")
    run(checkout, "flask", "translate", "update")
    pseudo_translate(checkout)
    run(checkout, "flask", "translate", "compile")
    hugo_site = root / "hugo"
    subprocess.run([sys.executable, str(MAKE_HUGO), str(hugo_input(checkout, root / "input")),
                    str(hugo_site)], check=True, capture_output=True, timeout=600)
    return checkout, hugo_site


def hugo_input(checkout: Path, view: Path) -> Path:
    """The checkout as make_hugo.py reads it: its content and catalogs, and
    in static/ the files the site serves (the engine's stylesheet under the
    site's own files), which since issue 20 are two folders."""
    view.mkdir()
    for part in ("content", "translations"):
        (view / part).symlink_to(checkout / part)
    for folder in (checkout / "app" / "static", checkout / "static"):
        shutil.copytree(folder, view / "static", dirs_exist_ok=True)
    return view


def gzip_step(site: Path) -> None:
    """The .gz twins of a Hugo build: the kinds of files the freeze gzips,
    at its level, two processes."""
    files = b"".join(bytes(p) + b"\0" for p in site.rglob("*")
                     if p.suffix in PRECOMPRESS and p.is_file())
    subprocess.run(["xargs", "-0", "-P", "2", "-n", "200", "gzip", "-k", "-f", "-9"],
                   input=files, check=True)


def hugo_build(hugo_site: Path, site: Path) -> tuple[float, float, int]:
    """(seconds of hugo, seconds of hugo and its gzip step, hugo's peak memory in KB)."""
    started = time.perf_counter()
    process = subprocess.Popen(["hugo", "--quiet", "-d", str(site)], cwd=hugo_site,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"hugo failed in {hugo_site}")
    built = time.perf_counter() - started
    gzip_step(site)
    return built, time.perf_counter() - started, usage.ru_maxrss


def freeze(checkout: Path, out: Path) -> tuple[float, int, float, int]:
    """(seconds of the whole command, pages frozen, seconds of the freeze
    itself as it reports them: without start-up, peak memory in KB of its
    largest process: wait4 counts the workers it waited for)."""
    # Python keeps the app's bytecode (__pycache__), as in an editor's checkout.
    seconds, rss, text = timed(checkout, "flask", "freeze", "--out", str(out),
                               env={"PYTHONDONTWRITEBYTECODE": ""})
    return (seconds, int(re.search(r"froze (\d+) pages", text).group(1)),
            float(re.search(r"in ([\d.]+) s$", text.strip()).group(1)), rss)


def edit_sentence(folders: list[Path], number: int, round_: int) -> None:
    """One sentence of one story reworded, the same in the checkout and in
    the Hugo site's copy of the story."""
    for folder in folders:
        path = folder / EDITED.format(number)
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\(story (\d+), paragraph 1\)( edit \d+)?",
                               rf"(story \1, paragraph 1) edit {round_}", text, count=1),
                        encoding="utf-8")


def write_again(files: list[tuple[Path, bytes]], target: Path) -> float:
    """Seconds to write `files` (relative path, bytes) under `target` with
    two processes, as the freeze writes with two workers."""
    started = time.perf_counter()
    children = []
    for share in range(2):
        pid = os.fork()
        if pid == 0:
            try:
                for relative, data in files[share::2]:
                    path = target / relative
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("a writer failed")
    return time.perf_counter() - started


def io_floor(frozen: Path, root: Path, rounds: int) -> tuple[float, int, int]:
    """(median seconds, files, bytes) to write a freeze's files again."""
    files = [(p.relative_to(frozen), p.read_bytes()) for p in sorted(frozen.rglob("*"))
             if p.is_file()]
    times = []
    for number in range(rounds):
        target = root / f"floor-{number}"
        times.append(write_again(files, target))
        shutil.rmtree(target)
    return statistics.median(times), len(files), sum(len(d) for _, d in files)


def measure(stories: int, rounds: int, root: Path) -> dict:
    checkout, hugo_site = prepare(root, stories)
    # One untimed build each: caches a first start writes (the catalog
    # cache, Hugo's resources) are there in every timed round.
    hugo_build(hugo_site, root / "hugo-warm")
    freeze(checkout, root / "freeze-warm")
    loads = [load_average()]
    hugo, hugo_gz, frozen, inside, hugo_rss, freeze_rss = [], [], [], [], [], []
    pages = 0
    for number in range(rounds):
        site = root / "hugo-site"
        shutil.rmtree(site, ignore_errors=True)
        built, with_gz, rss = hugo_build(hugo_site, site)
        hugo.append(built)
        hugo_gz.append(with_gz)
        hugo_rss.append(rss)
        # A new folder each round (a link to its tree: rmtree would not
        # remove it), so that each is a whole freeze.
        out = root / f"frozen-{number}"
        seconds, pages, itself, rss = freeze(checkout, out)
        frozen.append(seconds)
        inside.append(itself)
        freeze_rss.append(rss)
        loads.append(load_average())
    floor = io_floor(out, root, rounds)
    # One sentence of one story edited, then rebuilt where the last build is.
    edited_number = max(1, stories // 2)
    hugo_edit, hugo_edit_gz, freeze_edit = [], [], []
    for number in range(rounds):
        edit_sentence([checkout / "content" / "stories", hugo_site / "content" / "stories"],
                      edited_number, number)
        built, with_gz, _ = hugo_build(hugo_site, root / "hugo-site")
        hugo_edit.append(built)
        hugo_edit_gz.append(with_gz)
        freeze_edit.append(freeze(checkout, out)[0])
        loads.append(load_average())
    median = statistics.median
    return {
        "stories": stories, "pages": pages, "rounds": rounds, "loads": loads,
        "hugo": median(hugo), "hugo_gz": median(hugo_gz), "freeze": median(frozen),
        "freeze_inside": median(inside),
        "hugo_edit": median(hugo_edit), "hugo_edit_gz": median(hugo_edit_gz),
        "freeze_edit": median(freeze_edit),
        "hugo_mb": median(hugo_rss) / 1024, "freeze_mb": median(freeze_rss) / 1024,
        "floor": floor[0], "floor_files": floor[1], "floor_mb": floor[2] / 1e6,
        "hugo_version": subprocess.run(["hugo", "version"], capture_output=True,
                                       text=True).stdout.split()[1],
    }


def report(r: dict) -> str:
    loads = ", ".join(r["loads"])
    return "\n".join([
        f"`make bench-hugo`: {r['stories']} generated stories plus the site's own in a "
        f"temporary checkout of the committed tree, pseudo-translated ar and tr, "
        f"{r['pages']} pages; Hugo {r['hugo_version']} on the site "
        f"`make_hugo.py` builds from it. Medians of {r['rounds']} alternating rounds, whole "
        f"commands from the shell (start-up included), on this machine (2 cores, shared: "
        f"load average (1 min) before and after each round: {loads}).",
        "",
        "| | Hugo | Hugo + gzip | `flask freeze` | freeze / (Hugo + gzip) |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| full build, s | {r['hugo']:.2f} | {r['hugo_gz']:.2f} | {r['freeze']:.2f} | "
        f"{r['freeze'] / r['hugo_gz']:.2f} |",
        f"| one sentence of one story edited, rebuilt, s | {r['hugo_edit']:.2f} | "
        f"{r['hugo_edit_gz']:.2f} | {r['freeze_edit']:.2f} | "
        f"{r['freeze_edit'] / r['hugo_edit_gz']:.2f} |",
        f"| full build, ms per page | {1000 * r['hugo'] / r['pages']:.2f} | "
        f"{1000 * r['hugo_gz'] / r['pages']:.2f} | {1000 * r['freeze'] / r['pages']:.2f} | |",
        f"| full build without start-up (as the freeze reports it), ms per page | | | "
        f"{1000 * r['freeze_inside'] / r['pages']:.2f} | |",
        f"| full build, peak memory of the largest process, MB | {r['hugo_mb']:.0f} | | "
        f"{r['freeze_mb']:.0f} | {r['freeze_mb'] / r['hugo_mb']:.2f} |",
        "",
        f"Issue 23's goals: the full freeze / Hugo's full build with gzip "
        f"**{r['freeze'] / r['hugo_gz']:.2f}** (at most 1.0); the freeze after one story "
        f"edited / Hugo's full build with gzip **{r['freeze_edit'] / r['hugo_gz']:.2f}** "
        f"(at most 0.25). The table's edit row divides by Hugo's own rebuild instead.",
        "",
        f"I/O floor: writing the freeze's {r['floor_files']} files ({r['floor_mb']:.1f} MB, "
        f".gz twins included) again with two processes takes {r['floor']:.2f} s; the full "
        f"freeze is {r['freeze'] / r['floor']:.1f} times that.",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    args = parser.parse_args(argv)
    if shutil.which("hugo") is None:
        print("bench-hugo needs Debian's hugo: apt-get install -y hugo", file=sys.stderr)
        return 2
    if not MAKE_HUGO.is_file():
        print(f"bench-hugo needs make_hugo.py: {MAKE_HUGO} is missing "
              "(set HIKAYA_MAKE_HUGO)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hikaya-hugo-") as name:
        text = report(measure(args.stories, args.rounds, Path(name)))
    print(text)
    if args.write:
        replace_section("hugo", f"Hugo and the freeze at {args.stories} stories", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
