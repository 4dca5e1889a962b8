"""`--shard K/N` and `flask a11y merge DIR...`, as Playwright's: shard K of N
takes every N-th page of a whole run's order from the K-th. Each run writes
run.json beside its report; merge joins them into what one run writes."""

import dataclasses
import json
import shutil
from pathlib import Path

import click

from .findings import Finding
from .runner import Run

RUN_FILE = "run.json"
FORMAT = 1


class MergeError(click.UsageError):
    """The directories are not the shards of one run: nothing is written."""


class ShardType(click.ParamType):
    name = "K/N"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        k, _, n = str(value).partition("/")
        if not (k.isdigit() and n.isdigit()) or not 1 <= int(k) <= int(n):
            self.fail(f"{value!r} is not K/N with 1 <= K <= N (e.g. 2/3)", param, ctx)
        return int(k), int(n)


def number(targets: list) -> list:
    """Each target with its position in the whole run."""
    return [dataclasses.replace(t, position=i) for i, t in enumerate(targets)]


def share(targets: list, shard: tuple[int, int] | None) -> list:
    """Shard K of N of the numbered targets: positions K-1, K-1+N, ..."""
    if shard is None:
        return targets
    k, n = shard
    return [t for t in targets if t.position % n == k - 1]


def save(out: Path, run: Run, *, total: int, shard: tuple[int, int] | None, plan=None) -> None:
    data = {
        "format": FORMAT,
        "shard": f"{shard[0]}/{shard[1]}" if shard else None,
        "pages": total,
        "plan": plan and {"rev": plan.rev, "everything": plan.everything, "lines": plan.lines},
        "seconds": run.seconds,
        "jobs": run.jobs,
        "parts": [dataclasses.asdict(part) for part in run.parts],
    }
    (out / RUN_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def merge(dirs: list[Path], out: Path) -> tuple[Run, object]:
    """The shards' runs as one run of the whole (and the --changed-since plan
    they shared, if any); their screenshots copied into out."""
    from ..site.depends import Plan

    loaded = []
    for folder in dirs:
        path = folder / RUN_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise MergeError(f"{path}: not a run's {RUN_FILE} ({error})") from None
        if data.get("format") != FORMAT:
            raise MergeError(f"{path}: written by another version of flask a11y")
        loaded.append((folder, data))
    if len({json.dumps([d["pages"], d["plan"]], sort_keys=True) for _, d in loaded}) != 1:
        raise MergeError("the directories hold shards of different runs (pages or plan differ)")
    total = loaded[0][1]["pages"]
    seen: dict[int, Path] = {}
    parts = []
    for folder, data in loaded:
        for part in data["parts"]:
            position = part["position"]
            if position in seen:
                raise MergeError(f"page {position} is in both {seen[position]} and {folder}")
            seen[position] = folder
            parts.append(Run(**{**part, "findings": [Finding(**f) for f in part["findings"]]}))
    missing = set(range(total)) - set(seen)
    if missing:
        raise MergeError(
            f"{len(missing)} of {total} pages are in no directory given (a shard is missing)")
    result = Run(parts=sorted(parts, key=lambda p: p.position),
                 seconds=max(d["seconds"] for _, d in loaded),
                 jobs=sum(d["jobs"] for _, d in loaded))
    for folder, _ in loaded:
        pictures = folder / "screenshots"
        if pictures.is_dir() and pictures.resolve() != (out / "screenshots").resolve():
            shutil.copytree(pictures, out / "screenshots", dirs_exist_ok=True)
    plan = loaded[0][1]["plan"]
    return result, (Plan(**plan) if plan else None)
