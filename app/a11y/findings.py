"""What a run reports (one Finding per problem), the tool's own rules, and the
baseline: a run fails only on what is new. A baseline (TOML or JSON) accepts
`[accepted."locale::page::rule"]` with a `reason`; one matching nothing is stale."""

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import click


@dataclass(frozen=True)
class Rule:
    wcag: str
    impact: str
    summary: str


# This tool's own rule ids, next to axe's. Their WCAG criterion is named so QA
# can look the requirement up; "tool" rules mean a check could not be trusted.
OWN_RULES: dict[str, Rule] = {
    "html-lang-missing": Rule(
        "3.1.1", "serious", "the page does not say its language (html lang missing or unknown)"),
    "html-lang-locale": Rule("3.1.1", "serious", "html[lang] is not the page's locale"),
    "html-dir-locale": Rule("3.1.1", "serious", "text direction is wrong for the page's locale"),
    "language-of-parts": Rule(
        "3.1.2", "moderate", "text in another language is not marked with lang"),
    "skip-link-keyboard": Rule(
        "2.4.1", "serious", "no working, visible skip link on the first Tab"),
    "focus-order": Rule("2.4.3", "serious", "Tab moves against the reading order"),
    "focus-visible": Rule("2.4.7", "serious", "focused element shows no focus indicator"),
    "focus-not-obscured": Rule(
        "2.4.11", "serious", "focused element is entirely hidden by fixed or sticky content"),
    "reflow": Rule("1.4.10", "serious", "content scrolls sideways at 320 CSS px"),
    "text-spacing": Rule(
        "1.4.12", "serious", "with text spacing, text is cut off or runs over other content"),
    "color-contrast-unverified": Rule(
        "1.4.3", "serious", "visible text whose contrast neither axe nor this tool could check"),
    "axe-error": Rule("tool", "critical", "axe-core did not run, or ran no rules"),
    "page-error": Rule("tool", "critical", "the page could not be checked"),
}


@dataclass
class Finding:
    url: str
    locale: str
    page: str
    viewport: str
    rule: str
    impact: str
    target: str
    message: str
    html: str = ""
    wcag: str = ""
    source: str = "hikaya"  # "axe" or "hikaya"
    help_url: str = ""
    crop: str = field(default="", repr=False)  # PNG, base64, for the report only

    @property
    def key(self) -> str:
        """What a baseline entry names: locale::page::rule."""
        return f"{self.locale}::{self.page}::{self.rule}"


def about(rule: str, example: Finding | None) -> str:
    """What a rule asks, in one line: this tool's summary, or for an axe rule
    its help text (the start of each finding's message)."""
    spec = OWN_RULES.get(rule)
    if spec is not None:
        return spec.summary
    return example.message.split(". ")[0] if example is not None else rule


def own(rule: str, node: dict | None = None, *, message: str, target: str = "", html: str = "",
        **where) -> Finding:
    """A finding of this tool's own rule; `node`: the element as a script or
    axe described it (its target and html), instead of giving both."""
    if node is not None:
        target, html = node["target"], node["html"]
    spec = OWN_RULES[rule]
    return Finding(rule=rule, impact=spec.impact, wcag=spec.wcag, target=target, html=html,
                   message=message, **where)


class BaselineError(click.UsageError):
    """The baseline cannot be used: the run stops before checking anything."""


@dataclass
class Baseline:
    accepted: dict[str, str] = field(default_factory=dict)  # key -> reason
    path: str = ""


@dataclass
class Verdict:
    new: list[Finding]
    accepted: list[Finding]
    stale: dict[str, str]  # key -> reason


def load(path: Path | None) -> Baseline:
    """The --baseline file (click has checked it is a readable file)."""
    if path is None:
        return Baseline()
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        kind = path.suffix.lstrip(".").upper()
        raise BaselineError(f"{path} is not valid {kind}: {error}") from error
    entries = data.get("accepted", {})
    if not isinstance(entries, dict):
        raise BaselineError(f"{path}: 'accepted' must be a table of locale::page::rule entries")
    accepted = {}
    for key, entry in entries.items():
        if key.count("::") != 2:
            raise BaselineError(f"{path}: {key!r} is not locale::page::rule")
        reason = entry.get("reason", "").strip() if isinstance(entry, dict) else ""
        if not reason:
            raise BaselineError(f"{path}: {key!r} has no reason; say why it is accepted")
        accepted[key] = reason
    return Baseline(accepted=accepted, path=str(path))


def judge(findings: list[Finding], baseline: Baseline, checked: set[tuple[str, str]]) -> Verdict:
    """Split findings into new and accepted; entries for pages this run
    checked that matched nothing are stale."""
    new = [f for f in findings if f.key not in baseline.accepted]
    accepted = [f for f in findings if f.key in baseline.accepted]
    used = {f.key for f in accepted}
    stale = {key: reason for key, reason in baseline.accepted.items()
             if key not in used and tuple(key.split("::")[:2]) in checked}
    return Verdict(new=new, accepted=accepted, stale=stale)
