"""What `flask translate status` reports: per language and page, how many
strings are current, outdated, untranslated and refused (states.py), and
whether the page is published under the rule the site follows; the pages
nearest to fully translated first, where a translator's hour counts most."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .states import CURRENT, STATES, Counter, Counts, kept


def status(catalog, pages: Mapping, everything: Iterable, listed: frozenset[str],
           threshold: float, keep: float) -> dict:
    """One language's report, in the machine format (`--format json`)."""
    counter = Counter(catalog)

    def shown(counts: Counts, pid: str | None = None) -> dict:
        out = {"translated": counts.current, "total": counts.total,
               "percent": round(100.0 * counts.share(CURRENT), 1),
               **{state: getattr(counts, state) for state in STATES}}
        if pid is not None:
            out["published"] = counts.share(CURRENT) >= threshold or kept(
                counts, pid in listed, keep)
        return out

    return {"all": shown(counter.of(everything)),
            "pages": {pid: shown(counter.counts(strings), pid) for pid, strings in pages.items()}}


def left(result: Mapping[str, dict], pid: str) -> int:
    """Strings of a page still to translate or confirm, in every language."""
    return sum(data["pages"][pid]["total"] - data["pages"][pid]["translated"]
               for data in result.values() if "error" not in data)


def status_table(result: Mapping[str, dict], pages: Iterable[str], threshold: float) -> list[str]:
    """The text report: a row per page, pages with the fewest strings left
    first (fully translated ones last); a cell per language,
    current/outdated/untranslated/refused and the share current."""
    order = sorted(pages, key=lambda pid: (left(result, pid) == 0, left(result, pid), pid))
    width = max([len("all strings"), *(len(pid) for pid in order)]) + 2

    def cell(code: str, pid: str | None = None) -> str:
        data = result[code]
        if "error" in data:
            return "error"
        found = data["all"] if pid is None else data["pages"][pid]
        counts = "/".join(str(found[state]) for state in STATES)
        star = "" if pid is None or found["published"] else "*"
        return f"{counts} {found['percent']:.1f}%{star}"

    lines = ["page".ljust(width) + "".join(code.rjust(24) for code in result),
             "all strings".ljust(width) + "".join(cell(c).rjust(24) for c in result)]
    lines += [pid.ljust(width) + "".join(cell(c, pid).rjust(24) for c in result) for pid in order]
    lines.append("counts: " + "/".join(STATES) + "; % current")
    lines.append(f"* not published: below PUBLISH_THRESHOLD ({threshold:.0%}) and not kept "
                 "(KEEP_PUBLISHED): readers get the English page with a notice")
    return lines
