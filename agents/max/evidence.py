"""Max's sorting rule (docs/architecture.md), applied to the HC5 as parsed from its text.

| Order | Condition (per experiment row of the HC5)                         | Evidence |
|-------|-------------------------------------------------------------------|----------|
| 1     | Confidence Low, trajectory Insufficient Data or Oscillating,      | UNCLEAR  |
|       | an anomaly flagged, or a Lateral direction                        |          |
| 2     | Direction Negative with Critical or Warning severity              | CHANGE   |
| 3     | Anything else (Positive, or inside the band)                      | STAY     |

First matching row wins. An anomaly is UNCLEAR on purpose: behaviour nobody anticipated
needs discovery before it counts for or against the current direction.
"""

from __future__ import annotations

import re

from vortex_pulse.contracts.hc5 import HC5Report
from vortex_pulse.contracts.hc5_parse import parse_hc5
from vortex_pulse.contracts.hc5_validate import problems, validate_hc5_text
from vortex_pulse.core.errors import ContractError
from vortex_pulse.report.brief import Evidence, SortedSignal

_STATUS = re.compile(r"^\s*(\w+)\s*(?:\((\w+)\))?")


def _first_word(text: str) -> str:
    return text.split()[0].strip(" .;,—-") if text.strip() else ""


def sort_signal(
    severity: str, direction: str, trajectory: str, confidence: str, anomaly: bool
) -> tuple[Evidence, str]:
    """One row of the table above -> (evidence, the reason in words)."""
    if confidence == "Low":
        return "UNCLEAR", "data confidence is Low"
    if trajectory in ("Insufficient Data", "Oscillating"):
        return "UNCLEAR", f"trajectory is {trajectory}"
    if anomaly:
        return "UNCLEAR", "an anomaly is flagged for discovery"
    if direction == "Lateral":
        return "UNCLEAR", "the signal moves sideways"
    if direction == "Negative" and severity in ("Critical", "Warning"):
        return "CHANGE", f"{severity} divergence against the expected behaviour"
    if direction == "Positive":
        return "STAY", "the signal moves in the intended direction"
    return "STAY", "the signal holds inside its expected band"


def sort_report(report: HC5Report) -> list[SortedSignal]:
    trends = {t.experiment: t for t in report.trends}
    out: list[SortedSignal] = []
    for row in report.portfolio_signal_summary:
        m = _STATUS.match(row.signal_status)
        severity = m.group(1) if m else ""
        direction = (m.group(2) or "None") if m else "None"
        trend = trends.get(row.experiment)
        confidence = _first_word(trend.confidence) if trend else "Low"
        trajectory = row.trajectory.strip()
        evidence, why = sort_signal(
            severity, direction, trajectory, confidence, row.anomaly.strip() == "Yes"
        )
        out.append(
            SortedSignal(
                experiment=row.experiment,
                priority=row.priority,
                evidence=evidence,
                why=why,
                divergence=row.divergence,
                trajectory=trajectory,
                confidence=confidence,
            )
        )
    return out


def read_at_handoff(hc5_text: str, hc5_name: str) -> tuple[HC5Report, list[SortedSignal]]:
    """Max reads the HC5 only as text, through its contract: validate, parse, sort.
    Raises ContractError when the HC5 fails its contract."""
    result = validate_hc5_text(hc5_text)
    if not result.ok:
        raise ContractError(
            f"{hc5_name}: Max refuses an HC5 that fails its contract: {problems(result)}"
        )
    report = parse_hc5(hc5_text)
    return report, sort_report(report)
