"""The period roll-up: each experiment's priority and lead value on every date of the
period, the dates its priority changed, and the patterns that came back."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from vortex_pulse.pulse.batch.index import Entry, latest
from vortex_pulse.report.continuity import priority_change
from vortex_pulse.report.model import PortfolioReport
from vortex_pulse.report.wording import PATTERN_NAMES, with_unit


def _load(entry: Entry) -> PortfolioReport | None:
    try:
        return PortfolioReport.model_validate(
            json.loads(Path(entry.json_report).read_text(encoding="utf-8"))
        )
    except (OSError, ValueError):
        return None


def _value(exp: Any) -> str:
    m = exp.lead  # the lead metric, decided once on the facts
    return f"{m.name} {with_unit(m.observed, m.unit)}" if m is not None else "no data"


def render(entries: list[Entry], start: str, end: str) -> str:
    rows = [e for e in latest(entries).values() if start <= e.date <= end]
    by_portfolio: dict[str, list[Entry]] = defaultdict(list)
    for e in sorted(rows, key=lambda e: e.date):
        by_portfolio[e.portfolio].append(e)
    lines = [f"# Roll-up {start} to {end}", ""]
    if not rows:
        return "\n".join([*lines, "No reports in this period.", ""])
    for portfolio, items in sorted(by_portfolio.items()):
        reports = [(e.date, r) for e in items if (r := _load(e)) is not None]
        dates = [d for d, _ in reports]
        lines += [f"## {portfolio}", "", f"{len(dates)} reports, {dates[0]} to {dates[-1]}.", ""]
        lines += ["| Experiment | " + " | ".join(dates) + " | Priority changed |"]
        lines += ["|---" * (len(dates) + 2) + "|"]
        names: dict[str, str] = {}
        cells: dict[str, dict[str, str]] = defaultdict(dict)
        prio: dict[str, dict[str, str]] = defaultdict(dict)
        for d, r in reports:
            for exp in r.experiments:
                names.setdefault(exp.id, exp.name)
                prio[exp.id][d] = exp.priority
                cells[exp.id][d] = f"{exp.priority} · {_value(exp)}"
        for exp_id, name in names.items():
            seen = [(d, prio[exp_id][d]) for d in dates if d in prio[exp_id]]
            changed = [
                f"{d} ({priority_change(a, b)})"
                for (_, a), (d, b) in zip(seen, seen[1:], strict=False)
                if a != b
            ]
            row = [cells[exp_id].get(d, "—") for d in dates]
            lines.append(f"| {name} | " + " | ".join(row) + f" | {', '.join(changed) or '—'} |")
        recurring: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
        for d, r in reports:
            for p in r.patterns:
                recurring[(p.type, tuple(sorted(p.experiments)))].append(d)
        again = {k: v for k, v in recurring.items() if len(v) >= 2}
        lines += ["", "Recurring patterns:", ""]
        if not again:
            lines.append("- none came back on more than one date")
        for (kind, exps), ds in sorted(again.items(), key=lambda kv: -len(kv[1])):
            who = ", ".join(names.get(i, i) for i in exps)
            lines.append(
                f"- {PATTERN_NAMES.get(kind, kind)} ({who}): {len(ds)} of {len(dates)} reports,"
                f" {ds[0]} to {ds[-1]}"
            )
        lines.append("")
    return "\n".join(lines)
