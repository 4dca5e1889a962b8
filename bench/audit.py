"""Optional audits by independent checkers: `python -m bench.audit`.

Not part of the test suite. Runs, offline and on loopback only:
- Lighthouse 12 (mobile) on every page x published language: the four
  category scores, and every audit that cost points;
- IBM Equal Access accessibility-checker (policy IBM_Accessibility) on every
  page x language, the 404 page in each language and, with --server nginx,
  the freeze's language chooser: violations, potential
  violations and recommendations, with each violation's rule and element.

The checkers are npm packages installed outside the repository, never
project dependencies (see docs/qa.md, "Optional audits"):

    mkdir -p ~/hikaya-audit-tools && cd ~/hikaya-audit-tools
    npm i -E lighthouse@12.2.3
    npm i -E --ignore-scripts accessibility-checker@4.0.34 \
        accessibility-checker-engine@4.0.34

then `HIKAYA_AUDIT_TOOLS=~/hikaya-audit-tools .venv/bin/python -m bench.audit`.
IBM's engine is served from its npm package on a loopback port (the checker
would otherwise fetch it from a CDN), its usage-metrics upload is switched
off (bench/ibm_check.cjs), and both tools drive Debian's Chromium.

Exit status 1 when IBM reports a violation on any page, or Lighthouse scores
accessibility, best practices or SEO under 100 on any page. Performance is
printed, not judged: on a shared machine it moves with the load.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, url_for

from app import create_app
from app.browser import serve, serving
from app.delivery.freeze import freeze_site, site_languages
from app.site.availability import published_languages
from app.site.pages import all_pages
from harness.nginx import serve_frozen

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
JUDGED = ("accessibility", "best-practices", "seo")
IBM_LEVELS = ("violation", "potentialviolation", "recommendation", "potentialrecommendation")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def targets(app: Flask) -> list[tuple[str, str, str]]:
    """(kind, locale, path) for every page in every language it is
    published in; kind names the page (story pages share one)."""
    found = []
    with app.test_request_context():
        for page in all_pages():
            kind = page.endpoint.split(".")[-1]
            for language in published_languages(page):
                path = url_for(page.endpoint, lang=language.tag, **page.values)
                found.append((kind, language.tag, path))
    return found


def not_found_targets(app: Flask) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [("404", language.tag, f"/{language.tag}/no-such-page/")
                for language in site_languages()]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A folder over HTTP on a free loopback port: IBM's engine package."""
    handler = functools.partial(_Quiet, directory=str(folder))
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield url


@contextmanager
def site(app: Flask, server: str) -> Iterator[str]:
    if server == "app":
        with serve(app) as base_url:
            yield base_url
        return
    with tempfile.TemporaryDirectory(prefix="hikaya-audit-") as tmp:
        out = freeze_site(app, Path(tmp) / "site").out
        with serve_frozen(app, out) as nginx:
            yield nginx.base_url


def lighthouse(tools: Path, url: str, report: Path, attempts: int = 3) -> dict:
    """One Lighthouse run. On a busy machine Chromium's trace sometimes
    comes back without a navigation (NO_NAVSTART): that run is repeated,
    up to `attempts` times, never scored as a pass or a fail."""
    for attempt in range(1, attempts + 1):
        report.unlink(missing_ok=True)
        try:
            return _lighthouse_once(tools, url, report)
        except RuntimeError as error:
            if attempt == attempts:
                raise
            print(f"      (run {attempt} failed, repeated: {str(error).splitlines()[-1][:120]})")
    raise AssertionError("unreachable")


def _lighthouse_once(tools: Path, url: str, report: Path) -> dict:
    command = [
        str(tools / "node_modules" / ".bin" / "lighthouse"), url,
        f"--chrome-path={CHROMIUM}", f"--chrome-flags={CHROME_FLAGS}",
        "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}",
        "--output=json", f"--output-path={report}", "--quiet",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CHROME_PATH": CHROMIUM})
    if done.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-2000:]}")
    data = json.loads(report.read_text())
    scores = {name: data["categories"][name]["score"] for name in CATEGORIES}
    lost = []
    for name in CATEGORIES:
        for ref in data["categories"][name]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{name}/{audit['id']} {audit['score']:.2f}: "
                            f"{audit.get('explanation') or audit['title']}")
    return {"scores": scores, "lost": lost, "version": data["lighthouseVersion"]}


def ibm(tools: Path, urls: list[str]) -> list[dict]:
    engine = tools / "node_modules" / "accessibility-checker-engine"
    with serve_folder(engine) as rule_server:
        env = {**os.environ, "NODE_PATH": str(tools / "node_modules"),
               "ACE_RULE_SERVER": rule_server, "CHROMIUM": CHROMIUM}
        done = subprocess.run(["node", str(ROOT / "bench" / "ibm_check.cjs"), *urls],
                              capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"accessibility-checker failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def engine_version(tools: Path) -> str:
    package = tools / "node_modules" / "accessibility-checker-engine" / "package.json"
    return json.loads(package.read_text())["version"]


def run_lighthouse(tools: Path, base_url: str, pages, out: Path | None, runs: int) -> bool:
    print("\nLighthouse (mobile): performance / accessibility / best practices / SEO"
          + (f", median of {runs} runs per page" if runs > 1 else ""))
    worst = dict.fromkeys(CATEGORIES, 1.0)
    results = {}
    with tempfile.TemporaryDirectory(prefix="hikaya-lighthouse-") as tmp:
        for _kind, _locale, path in pages:
            tries = [lighthouse(tools, base_url + path, Path(tmp) / "report.json")
                     for _ in range(runs)]
            scores = {name: statistics.median(t["scores"][name] for t in tries)
                      for name in CATEGORIES}
            # The audits that cost points in the run with the median
            # performance (the other categories do not vary between runs).
            typical = sorted(tries, key=lambda t: t["scores"]["performance"])[len(tries) // 2]
            result = {**typical, "scores": scores, "runs": [t["scores"] for t in tries]}
            results[path] = result
            for name in CATEGORIES:
                worst[name] = min(worst[name], scores[name])
            figures = " ".join(f"{round(scores[name] * 100):>3}" for name in CATEGORIES)
            print(f"  {path:<45} {figures}", flush=True)
            for line in result["lost"]:
                print(f"      {line}")
    print("  minimum over pages: " + ", ".join(
        f"{name} {round(worst[name] * 100)}" for name in CATEGORIES))
    if out:
        (out / "lighthouse.json").write_text(json.dumps(results, indent=1))
    return all(worst[name] == 1 for name in JUDGED)


def run_ibm(tools: Path, base_url: str, pages, out: Path | None) -> bool:
    print(f"\nIBM Equal Access accessibility-checker (engine {engine_version(tools)}, "
          "IBM_Accessibility): violations / potential violations / recommendations "
          "/ potential recommendations")
    results = ibm(tools, [base_url + path for _, _, path in pages])
    by_kind: dict[str, list[dict]] = {}
    for (kind, _locale, path), result in zip(pages, results, strict=True):
        counts = result["counts"]
        by_kind.setdefault(kind, []).append(counts)
        figures = " ".join(f"{counts[level]:>3}" for level in IBM_LEVELS)
        print(f"  {path:<45} {figures}   (HTTP {result['status']})")
        for finding in result["findings"]:
            if finding["level"] == "violation":
                print(f"      {finding['rule']}: {finding['message']} at {finding['xpath']}")
    print("  per page kind (pages x locales, each count the same on every page of the kind "
          "unless a range is shown):")
    for kind, counts in by_kind.items():
        cells = []
        for level in IBM_LEVELS:
            values = sorted({c[level] for c in counts})
            cells.append(str(values[0]) if len(values) == 1 else f"{values[0]}-{values[-1]}")
        print(f"    {kind:<10} x{len(counts):<3} " + " / ".join(cells))
    for level in IBM_LEVELS[1:]:
        rules = sorted({f["rule"] for r in results for f in r["findings"] if f["level"] == level})
        print(f"  {level} rules (for a person to review): " + (", ".join(rules) or "none"))
    if out:
        (out / "ibm.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return all(r["counts"]["violation"] == 0 for r in results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tools", type=Path, default=os.environ.get("HIKAYA_AUDIT_TOOLS"),
                        help="folder where the npm checkers are installed "
                             "(default $HIKAYA_AUDIT_TOOLS)")
    parser.add_argument("--only", choices=("lighthouse", "ibm"))
    parser.add_argument("--server", choices=("app", "nginx"), default="app",
                        help="audit the app (Werkzeug, loopback) or the freeze under nginx")
    parser.add_argument("--out", type=Path, help="also write the raw results as JSON here")
    parser.add_argument("--runs", type=int, default=1,
                        help="Lighthouse runs per page, scores are their median (default 1)")
    args = parser.parse_args(argv)
    if not args.tools or not (args.tools / "node_modules").is_dir():
        parser.error("set HIKAYA_AUDIT_TOOLS (or --tools) to the folder where the checkers "
                     "are installed; see the docstring of bench/audit.py")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)

    app = create_app()
    pages = targets(app)
    ok = True
    with site(app, args.server) as base_url:
        locales = sorted({locale for _, locale, _ in pages})
        # A stale .mo (run `flask translate compile`) leaves a language
        # unpublished, and so out of the audit: say which ones are in.
        print(f"auditing {len(pages)} pages in {', '.join(locales)} on {base_url} "
              f"({args.server})")
        if args.only in (None, "lighthouse"):
            ok &= run_lighthouse(args.tools, base_url, pages, args.out, max(args.runs, 1))
        if args.only in (None, "ibm"):
            extra = not_found_targets(app)
            if args.server == "nginx":
                # The freeze's own root page, where a reader picks a language.
                extra.append(("chooser", "", "/index.html"))
            ok &= run_ibm(args.tools, base_url, pages + extra, args.out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
