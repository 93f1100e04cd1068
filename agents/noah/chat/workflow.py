"""The production-monitoring workflow in conversation: what each of the five steps shows,
the options at its "Your Turn", and how a reply is read (continue, stop, or an adjustment).

Adjustments are edits of the portfolio entries the workflow runs on (the config on disk is
never changed): drop an experiment, set a scope, change a baseline's expected band, add an
HC4 path or a plain description. Paths stay inside the project folder."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError
from vortex_pulse.agents.noah.assemble import norm, slug
from vortex_pulse.agents.noah.chat.answers import pattern_line
from vortex_pulse.agents.noah.validate import HC4Read
from vortex_pulse.core.config import BaselineOverride, ExperimentConfig, PulseConfig
from vortex_pulse.core.errors import InputError
from vortex_pulse.report.model import Route
from vortex_pulse.report.wording import NO_DATA, band, metric_line
from vortex_pulse.signals.facts import ExperimentFacts, ExperimentSpec, PortfolioFacts

TITLES = (
    "Step 1 of 5 — Setup: experiment contexts validated",
    "Step 2 of 5 — Context: portfolio and baselines assembled",
    "Step 3 of 5 — Monitoring: production signals against baselines",
    "Step 4 of 5 — Prioritization: priorities, anomalies, patterns",
    "Step 5 of 5 — Synthesis: the HC5 preview and the Compass table",
)
OPTIONS = (
    "[c] Continue",
    "[s] Stop (nothing is written)",
    "adjust: drop ID · scope ID wide|moderate|narrow · baseline ID METRIC LOW-HIGH · "
    'add PATH-TO-HC4.md · add "plain description"',
)
CONFIRM = "[c] Confirm: write the HC5 and route it"


def options(step: int) -> list[str]:
    return [CONFIRM if step == 5 else OPTIONS[0], *OPTIONS[1:]]


def show_setup(reads: list[HC4Read]) -> str:
    rows = ["| # | Experiment | HC4 | Compliant | Readiness |", "|---|---|---|---|---|"]
    for i, r in enumerate(reads, 1):
        path = Path(r.validation.path).name if r.validation.path else "(no HC4)"
        rows.append(
            f"| {i} | {r.name} | {path} | {r.validation.compliant} | {r.validation.readiness} |"
        )
    gaps = [
        f"- {r.name}: missing {', '.join(r.validation.missing)}"
        for r in reads
        if r.validation.missing
    ]
    return "\n".join(rows + (["", "What the inputs lack:", *gaps] if gaps else []))


def show_context(specs: list[ExperimentSpec], window: tuple[str, str]) -> str:
    rows = [
        f"Window: {window[0][:16]} → {window[1][:16]} UTC",
        "",
        "| Experiment | Scope | Metric | Expected | Baseline from |",
        "|---|---|---|---|---|",
    ]
    for s in specs:
        if not s.metrics:
            rows.append(f"| {s.name} | {s.scope or '?'} | (no metric) | — | — |")
        for m in s.metrics:
            src = m.baseline.source if m.baseline else "none"
            rows.append(f"| {s.name} | {s.scope or '?'} | {m.name} | {band(m.baseline)} | {src} |")
    return "\n".join(rows)


def show_signals(exps: list[ExperimentFacts]) -> str:
    rows = [
        "| Experiment | Lead signal | Severity | Trajectory | Confidence |",
        "|---|---|---|---|---|",
    ]
    for e in exps:
        lead = e.lead
        sig = metric_line(lead) if lead else NO_DATA
        rows.append(
            f"| {e.name} | {sig} | {e.severity} ({e.direction}) | {e.trajectory} | {e.confidence} |"
        )
    return "\n".join(rows)


def show_priorities(facts: PortfolioFacts) -> str:
    names = {e.id: e.name for e in facts.experiments}
    rows = ["| Priority | Experiment | Rule | Anomaly |", "|---|---|---|---|"]
    for e in facts.experiments:
        anomaly = "Yes" if e.anomaly else "No"
        rows.append(f"| {e.priority} | {e.name} | {e.priority_rule or ''} | {anomaly} |")
    pats = [pattern_line(p, names) for p in facts.patterns]
    return "\n".join(rows + (["", "Patterns:", *pats] if pats else []))


_AGENT = {"max": "Max 🧭", "isla": "Isla 🔍", "noah": "Noah 📡", "none": "—"}


def compass_table(routes: list[Route]) -> str:
    rows = ["| If you learned... | Consider next... | Agent | Why |", "|---|---|---|---|"]
    for r in routes:
        rows.append(
            f"| {r.reason} | {r.workflow} | {_AGENT[r.agent]} | {r.contract or r.needs or ''} |"
        )
    return "\n".join(rows)


def show_synthesis(hc5_text: str, routes: list[Route], preview_lines: int = 40) -> str:
    """The HC5 body (its frontmatter is for machines) cut to a preview, and Compass."""
    body = re.sub(r"\A---\n.*?\n---\n", "", hc5_text, count=1, flags=re.S).strip()
    lines = body.splitlines()
    more = len(lines) - preview_lines
    cut = "\n".join(lines[:preview_lines]) + (f"\n… ({more} more lines)" if more > 0 else "")
    table = compass_table(routes)
    return f"{cut}\n\nVortex Compass:\n{table}\n\nNothing is written until you confirm."


@dataclass(frozen=True)
class Reply:
    kind: Literal["continue", "stop", "adjust", "unknown"]
    adjustment: dict[str, Any] | None = None
    error: str = ""


def read_reply(text: str) -> Reply:
    t = text.strip()
    low = t.casefold()
    if low in ("c", "continue", "next", "yes", "y", "ok", "confirm", "go", "proceed"):
        return Reply("continue")
    if low in ("s", "stop", "x", "quit", "exit", "cancel", "abort"):
        return Reply("stop")
    try:
        words = shlex.split(t)
    except ValueError:
        words = t.split()
    if not words:
        return Reply("unknown")
    verb, args = words[0].casefold(), words[1:]
    if verb == "drop" and len(args) == 1:
        return Reply("adjust", {"op": "drop", "id": args[0]})
    if verb == "scope" and len(args) == 2 and args[1].casefold() in ("wide", "moderate", "narrow"):
        return Reply("adjust", {"op": "scope", "id": args[0], "scope": args[1].casefold()})
    if verb == "baseline" and len(args) >= 3:
        m = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)", args[-1])
        if not m:
            return Reply("unknown", error="baseline: expected LOW-HIGH, e.g. 60-75")
        lo, hi = float(m.group(1)), float(m.group(2))
        return Reply("adjust", {"op": "baseline", "id": args[0], "metric": " ".join(args[1:-1]),
                                "expected": [lo, hi]})  # fmt: skip
    if verb == "add" and args:
        what = " ".join(args)
        if what.endswith(".md"):
            return Reply("adjust", {"op": "add_hc4", "path": what})
        return Reply("adjust", {"op": "describe", "text": what})
    return Reply("unknown")


def apply_adjustments(cfg: PulseConfig, adjustments: list[dict[str, Any]]) -> PulseConfig:
    """The portfolio with the user's adjustments applied (a copy; the config is untouched).
    Raises InputError naming what does not fit (unknown id, a path outside the project)."""
    out = cfg.model_copy(deep=True)
    root = (cfg.path.parent if cfg.path else Path.cwd()).resolve()
    for adj in adjustments:
        op = adj["op"]
        if op in ("add_hc4", "describe"):
            out.portfolio.append(_new_entry(adj, root, {e.id for e in out.portfolio}))
            continue
        exp = _entry(out, adj["id"])
        if op == "drop":
            out.portfolio.remove(exp)
        elif op == "scope":
            exp.scope = adj["scope"]
        elif op == "baseline":
            metric = next(
                (k for k in exp.metric_refs() if norm(k) == norm(adj["metric"])), adj["metric"]
            )
            old = exp.baselines.get(metric, BaselineOverride())
            try:  # validated, not model_copy'd: a band upside down is the user's to fix
                exp.baselines[metric] = BaselineOverride.model_validate(
                    old.model_dump() | {"expected": tuple(adj["expected"])}
                )
            except ValidationError as exc:
                first = exc.errors()[0]["msg"].removeprefix("Value error, ")
                raise InputError(f"baseline {adj['id']} {metric}: {first}") from None
    if not out.portfolio:
        raise InputError("adjust: the portfolio would be empty")
    return out


def _entry(cfg: PulseConfig, key: str) -> ExperimentConfig:
    for e in cfg.portfolio:
        if key in (e.id, e.name) or norm(key) == norm(e.name or e.id):
            return e
    raise InputError(
        f"adjust: no experiment {key!r} (one of: {', '.join(e.id for e in cfg.portfolio)})"
    )


def _new_entry(adj: dict[str, Any], root: Path, taken: set[str]) -> ExperimentConfig:
    if adj["op"] == "describe":
        name = str(adj["text"]).strip()[:80]
        base = slug(name)[:40] or "described"
        # its numbers become baselines, as for a `description:` entry in the config
        return ExperimentConfig(id=_unique(base, taken), name=name, description=str(adj["text"]))
    path = (root / adj["path"]).resolve()
    if not path.is_relative_to(root):
        raise InputError(f"add: {adj['path']}: outside the project folder {root.name}/")
    if not path.is_file():
        raise InputError(f"add: {adj['path']}: no such file")
    return ExperimentConfig(id=_unique(slug(path.stem)[:40] or "hc4", taken), hc4=path)


def _unique(base: str, taken: set[str]) -> str:
    n, key = 1, base
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key
