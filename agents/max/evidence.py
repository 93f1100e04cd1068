"""Max's sorting rule (docs/architecture.md), applied to the HC5 as parsed from its text.

| Row | Condition (per experiment row of the HC5)                              | Evidence |
|-----|------------------------------------------------------------------------|----------|
| 1   | Confidence Low                                                         | UNCLEAR  |
| 2   | Trajectory Insufficient Data                                           | UNCLEAR  |
| 3   | Trajectory Oscillating                                                 | UNCLEAR  |
| 4   | Part of a contradictory-signals pattern (related experiments disagree) | UNCLEAR  |
| 5   | Negative with Critical or Warning severity (confidence High or Medium) | CHANGE   |
| 6   | A Lateral direction (no better side known)                             | UNCLEAR  |
| 7   | An anomaly flagged without a harmful breach                            | UNCLEAR  |
| 8   | Anything else (Positive, or inside the band)                           | STAY     |

First matching row wins. A harmful breach on data that can carry a decision is CHANGE
evidence even when an anomaly is flagged: the anomaly adds a discovery route and a note, it
is not a reason to discount the breach. UNCLEAR is kept for data that cannot carry a
decision (low confidence, too little data), for movement without a direction (oscillation,
sideways) and for signals that contradict each other.
"""

from __future__ import annotations

import re

from vortex_pulse.contracts.hc5 import HC5Report
from vortex_pulse.contracts.hc5_validate import problems, validated_hc5_text
from vortex_pulse.core.errors import ContractError
from vortex_pulse.report.brief import Evidence, SortedSignal
from vortex_pulse.report.wording import PATTERN_NAMES

_STATUS = re.compile(r"^\s*(\w+)\s*(?:\((\w+)\))?")
# How the HC5 names the contradictory pattern: the wording that writes it, not a copy.
CONTRADICTORY = PATTERN_NAMES["contradictory"]


def _first_word(text: str) -> str:
    return text.split()[0].strip(" .;,—-") if text.strip() else ""


def sort_signal(
    severity: str,
    direction: str,
    trajectory: str,
    confidence: str,
    anomaly: bool,
    contradictory: bool = False,
) -> tuple[Evidence, str]:
    """The first matching row of the table above -> (evidence, the reason in words)."""
    harmful = direction == "Negative" and severity in ("Critical", "Warning")
    if confidence == "Low":
        return "UNCLEAR", "data confidence is Low"
    if trajectory == "Insufficient Data":
        return "UNCLEAR", "too little data to read a trajectory"
    if trajectory == "Oscillating":
        return "UNCLEAR", "the signal oscillates around its band"
    if contradictory:
        return "UNCLEAR", "related experiments move in opposite directions"
    if harmful:
        why = f"{severity} divergence against the expected behaviour, {confidence} confidence"
        if anomaly:
            why += "; an anomaly is also flagged (see its route)"
        return "CHANGE", why
    if direction == "Lateral":
        return "UNCLEAR", "the signal moves sideways (no better side is known)"
    if anomaly:
        return "UNCLEAR", "an anomaly is flagged without a harmful breach: discovery first"
    if direction == "Positive":
        return "STAY", "the signal moves in the intended direction"
    return "STAY", "the signal holds inside its expected band"


def _contradictory(report: HC5Report) -> set[str]:
    """Experiments named in a contradictory-signals pattern line, as wording.pattern_line
    writes it ("Contradictory signals: Name, Name — evidence")."""
    out: set[str] = set()
    for line in report.portfolio_patterns:
        if line.startswith(CONTRADICTORY):
            names = line.split(":", 1)[-1].split(" — ", 1)[0]
            out |= {n.strip() for n in names.split(",")}
    return out


def sort_report(report: HC5Report) -> list[SortedSignal]:
    trends = {t.experiment: t for t in report.trends}
    contra = _contradictory(report)
    out: list[SortedSignal] = []
    for row in report.portfolio_signal_summary:
        m = _STATUS.match(row.signal_status)
        severity = m.group(1) if m else ""
        direction = (m.group(2) or "None") if m else "None"
        trend = trends.get(row.experiment)
        confidence = _first_word(trend.confidence) if trend else "Low"
        trajectory = row.trajectory.strip()
        evidence, why = sort_signal(
            severity,
            direction,
            trajectory,
            confidence,
            row.anomaly.strip().startswith("Yes"),
            row.experiment in contra,
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
    result, report = validated_hc5_text(hc5_text)  # parsed once, with the validation
    if not result.ok:
        raise ContractError(
            f"{hc5_name}: Max refuses an HC5 that fails its contract: {problems(result)}"
        )
    return report, sort_report(report)
