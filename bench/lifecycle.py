"""What a rewrite costs the catalog commands (issue 18's goal):
`.venv/bin/python -m bench.lifecycle [--stories 1000] [--runs 3] [--base main]`.

Two temporary checkouts (harness/checkout.py) with the same generated
stories (bench/scale.py's) and every message translated: one with this
tree's app/, one with the app/ of --base ("today"). In each, as an editor
and a translator work, `flask translate extract`, `update` and `check` are
timed from the shell (one process each, as they are run) after:

- one translation edited (a translator saved the Arabic catalog): in both;
- one paragraph of one story rewritten (an editor): in this tree, where
  update keeps its old translations as outdated.

The two kinds of change alternate, so the machine's load falls on both.
Prints the median of --runs runs of each command and of their sum, the
ratio the issue sets a goal for (at most 1.2), and the load average.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import tarfile
import tempfile
from pathlib import Path

from bench.report import load_average
from bench.scale import edit_one_translation, generate, pseudo_translate, timed
from harness.checkout import ROOT, make_checkout, run

COMMANDS = ("extract", "update", "check")
PARAGRAPH = "(story 1, paragraph 2)"


def checkout_at(target: Path, count: int, base: str | None) -> Path:
    """A checkout with `count` generated stories, all translated; its app/,
    content/ and translations/ from git revision `base` when given (a site's
    files as that engine read them)."""
    checkout = make_checkout(target)
    if base:
        parts = ["app", "content", "translations"]
        subprocess.run(["rm", "-rf", *(str(checkout / part) for part in parts)], check=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", base, *parts],
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(checkout, filter="data")
    generate(checkout, count)
    run(checkout, "flask", "translate", "extract")
    run(checkout, "flask", "translate", "update")
    pseudo_translate(checkout)
    run(checkout, "flask", "translate", "compile")
    run(checkout, "flask", "translate", "check", check=False)  # its cache, as a translator has
    return checkout


def rewrite_paragraph(checkout: Path, number: int) -> None:
    """As an editor: one paragraph of one story reworded (a new word each run)."""
    path = checkout / "content" / "stories" / "bench-0001.md"
    text = path.read_text(encoding="utf-8")
    start = text.index(PARAGRAPH)
    line_start = text.rindex("\n", 0, start) + 1
    line = text[line_start:start]
    words = line.split(" (rewrite")[0].rstrip()
    path.write_text(text[:line_start] + f"{words} (rewrite {number}) " + text[start:],
                    encoding="utf-8")


def commands(checkout: Path) -> dict[str, float]:
    return {name: timed(checkout, "flask", "translate", name)[0] for name in COMMANDS}


def median(samples: list[dict[str, float]]) -> dict[str, float]:
    out = {name: statistics.median(s[name] for s in samples) for name in COMMANDS}
    out["total"] = statistics.median(sum(s[n] for n in COMMANDS) for s in samples)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base", default="main", help="git revision whose app/ is 'today'")
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    with tempfile.TemporaryDirectory() as folder:
        now = checkout_at(Path(folder) / "now", args.stories, None)
        today = checkout_at(Path(folder) / "today", args.stories, args.base)
        samples: dict[str, list] = {"today, one translation edited": [],
                                    "now, one translation edited": [],
                                    "now, one paragraph rewritten": []}
        for number in range(args.runs):
            edit_one_translation(today, number)
            samples["today, one translation edited"].append(commands(today))
            edit_one_translation(now, number)
            samples["now, one translation edited"].append(commands(now))
            rewrite_paragraph(now, number)
            samples["now, one paragraph rewritten"].append(commands(now))
        outdated = run(now, "flask", "translate", "check", check=False).stdout.count("[outdated]")
    results = {name: median(s) for name, s in samples.items()}
    print(f"{args.stories} generated stories, median of {args.runs} runs (seconds)")
    print(f"{'':34}" + "".join(f"{n:>10}" for n in (*COMMANDS, "total")))
    for name, figures in results.items():
        print(f"{name:34}" + "".join(f"{figures[n]:10.2f}" for n in (*COMMANDS, "total")))
    ratio = (results["now, one paragraph rewritten"]["total"]
             / results["today, one translation edited"]["total"])
    print(f"rewrite now / one translation today: {ratio:.2f} (goal: at most 1.2)")
    same = (results["now, one paragraph rewritten"]["total"]
            / results["now, one translation edited"]["total"])
    print(f"rewrite now / one translation now: {same:.2f}")
    print(f"outdated warnings after the last rewrite (ar and tr): {outdated}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
