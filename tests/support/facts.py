"""Hand-built facts for graph tests: every value here is chosen, not computed."""

from __future__ import annotations

from typing import Any

from vortex_pulse.signals.facts import Anomaly, ExperimentFacts, MetricFacts, PortfolioFacts
from vortex_pulse.signals.portfolio import priority_counts, scope_counts

from tests.support.baselines import RATE


def metric(**kw: Any) -> MetricFacts:
    base: dict[str, Any] = {
        "name": "Action rate",
        "series": "action_rate",
        "unit": "%",
        "baseline": RATE,
        "observed": 67.0,
        "gap_relative": 0.0,
        "divergence": 0.0,
        "points": 504,
        "samples": 60480,
        "completeness": 1.0,
        "trajectory": "Stable",
        "confidence": "High",
    }
    return MetricFacts(**(base | kw))


def experiment(id: str, **kw: Any) -> ExperimentFacts:
    base: dict[str, Any] = {
        "id": id,
        "name": id.replace("-", " ").title(),
        "scope": "Wide",
        "metrics": [metric()],
        "severity": "Informational",
        "direction": "None",
        "trajectory": "Stable",
        "confidence": "High",
        "priority": "P3",
        "lead_metric": "Action rate",
    }
    return ExperimentFacts(**(base | kw))


def critical(id: str, *, anomaly: bool = False, confidence: str = "High") -> ExperimentFacts:
    m = metric(
        observed=42.0,
        gap_relative=-0.3,
        divergence=0.3,
        breach="critical",
        direction="Negative",
        severity="Critical",
        trajectory="Degrading",
        change_point="2026-11-16T00:00:00+00:00",
    )
    anomalies = (
        [
            Anomaly(
                experiment=id,
                metric="Action rate",
                kind="level_shift",
                description="Action rate fell from 67% to 42% on 2026-11-16",
                deviation="25 points below the 60-75% band the experiment predicted",
                start="2026-11-16T00:00:00+00:00",
                magnitude=-25.0,
            )
        ]
        if anomaly
        else []
    )
    return experiment(
        id,
        metrics=[m],
        severity="Critical",
        direction="Negative",
        trajectory="Degrading",
        confidence=confidence,
        priority="P1" if confidence == "High" else "P2",
        anomaly=anomaly,
        anomalies=anomalies,
    )


def portfolio(*exps: ExperimentFacts, confidence: str = "High") -> PortfolioFacts:
    sev = min((e.severity for e in exps), key=["Critical", "Warning", "Informational"].index)
    return PortfolioFacts(
        window_start="2026-10-30T00:00:00+00:00",
        window_end="2026-11-20T00:00:00+00:00",
        experiments=list(exps),
        severity=sev,
        confidence=confidence,
        priority_counts=priority_counts(exps),
        scope_counts=scope_counts(exps),
    )
