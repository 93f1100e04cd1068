"""Continuity with the previous report: what changed per experiment, what cleared, and
which HC10s need no re-filing because their anomaly is unchanged.

The previous report is the newest JSON portfolio report in the reports folder dated before
this one (it carries the facts; an HC5 carries only their text). Kept in its own module so
the Previous Signals reader (agents/noah/assemble.py) stays independent of it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, ValidationError
from vortex_pulse.core.numbers import with_unit
from vortex_pulse.report.hc10 import is_hc10_of, unexplained
from vortex_pulse.report.model import PortfolioReport
from vortex_pulse.report.names import REPORT_PREFIX
from vortex_pulse.signals.facts import ExperimentFacts, PortfolioFacts


class Continuity(BaseModel):
    previous: str | None = None  # the previous report's date
    since_last: dict[str, str] = Field(default_factory=dict)  # by experiment id
    cleared: dict[str, str] = Field(default_factory=dict)  # id -> what cleared, in words
    unchanged_hc10: dict[str, str] = Field(default_factory=dict)  # id -> earlier HC10 file


def previous_report(folder: Path, date: str) -> PortfolioReport | None:
    """The newest readable JSON report dated before `date` (unreadable ones are skipped:
    an old or hand-edited file must not stop today's pass)."""
    if not folder.is_dir():
        return None
    dated = sorted(
        (p.stem.removeprefix(REPORT_PREFIX), p)
        for p in folder.glob(f"{REPORT_PREFIX}*.json")
        if p.stem.removeprefix(REPORT_PREFIX) < date
    )
    for _, path in reversed(dated):
        try:
            return PortfolioReport.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, ValidationError):
            continue
    return None


NEW_IN_REPORT = "new in this report"


def _value(e: ExperimentFacts) -> str | None:
    m = e.lead
    return with_unit(m.observed, m.unit) if m is not None and m.observed is not None else None


def _anomaly_keys(e: ExperimentFacts) -> set[tuple[str, str, str | None]]:
    return {(a.metric, a.kind, a.start) for a in unexplained(e)}


def priority_change(before: str, after: str) -> str:
    """'priority P2 to P1': how every output says a priority moved."""
    return f"priority {before} to {after}"


def since_last(old: ExperimentFacts, new: ExperimentFacts) -> str:
    """What moved for one experiment since the previous report, in the words every output
    uses (the HC5, the HTML column, the chat's "what changed")."""
    parts = []
    if old.priority != new.priority:
        parts.append(priority_change(old.priority, new.priority))
    if old.severity != new.severity:
        parts.append(f"severity {old.severity} to {new.severity}")
    before, now = _value(old), _value(new)
    if before != now and before is not None and now is not None:
        parts.append(f"{new.lead.name if new.lead else 'value'} {before} to {now}")
    if _anomaly_keys(new) - _anomaly_keys(old):
        parts.append("a new anomaly")
    return "; ".join(parts) or f"unchanged ({new.priority}, {now or 'no data'})"


def continuity(
    facts: PortfolioFacts, reports_folder: Path, artifacts_dir: Path, date: str
) -> Continuity:
    return compare(facts, previous_report(reports_folder, date), artifacts_dir)


def compare(
    facts: PortfolioFacts, prev: PortfolioReport | None, artifacts_dir: Path | None = None
) -> Continuity:
    """What changed since `prev`, what cleared, and (given the artifacts folder, where
    the earlier HC10s are) which unchanged anomalies already have an HC10. Step 5 and the
    chat's and MCP's "what changed" all read this."""
    if prev is None:
        return Continuity(since_last={e.id: "first report" for e in facts.experiments})
    old = {e.id: e for e in prev.experiments}
    since = {
        e.id: since_last(old[e.id], e) if e.id in old else NEW_IN_REPORT for e in facts.experiments
    }
    now = {e.id: e for e in facts.experiments}
    cleared: dict[str, str] = {}
    for i, o in old.items():
        n = now.get(i)
        if n is None:
            continue
        parts = []
        if o.severity != "Informational" and n.severity == "Informational":
            parts.append(f"the {o.severity} signal of {prev.date} has cleared")
        if _anomaly_keys(o) and not _anomaly_keys(n):
            parts.append(f"the anomaly flagged on {prev.date} has cleared")
        if parts:
            cleared[i] = "; ".join(parts)
    # the HC10s the previous report filed, and those it referenced instead of re-filing
    # (an anomaly unchanged for three reports is still the first report's HC10)
    hc10s = [Path(p).name for k, p in prev.artifacts.items() if k.startswith("hc10")]
    hc10s += [r.reference for r in prev.routes if r.reference]
    unchanged = {}
    for e in facts.experiments:
        keys = _anomaly_keys(e)
        if not keys or e.id not in old or keys != _anomaly_keys(old[e.id]):
            continue
        earlier = next((n for n in hc10s if is_hc10_of(n, e.id)), None)
        if (
            earlier is not None
            and artifacts_dir is not None
            and (artifacts_dir / earlier).is_file()
        ):
            unchanged[e.id] = earlier
    return Continuity(
        previous=prev.date, since_last=since, cleared=cleared, unchanged_hc10=unchanged
    )
