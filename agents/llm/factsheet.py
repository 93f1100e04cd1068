"""The compact fact sheets a model sees: computed facts as JSON, never raw series.

One sheet per experiment (its metrics, anomalies and the patterns it is part of) and one
for the portfolio. Floats keep four significant digits, empty and default values are
dropped, so a sheet stays far below the 2,000-token budget per experiment (benchmarks/).
The numbers guard checks model text against exactly these sheets.
"""

from __future__ import annotations

import json
import math
from typing import Any

from vortex_pulse.report.narrative import HC4Excerpt
from vortex_pulse.signals.facts import ExperimentFacts, MetricFacts, PortfolioFacts

_SIG = 4  # significant digits kept: enough for any sentence, short in tokens


def _compact(value: Any) -> Any:
    """Round floats, drop None / empty containers, recurse."""
    if isinstance(value, float):
        return float(f"{value:.{_SIG}g}") if math.isfinite(value) else None
    if isinstance(value, dict):
        out = {k: _compact(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def _metric(m: MetricFacts) -> dict[str, Any]:
    b = m.baseline
    out: dict[str, Any] = {
        "name": m.name,
        "unit": m.unit or (b.unit if b else None),
        "observed": m.observed,
        "observed_window_hours": m.observed_window_hours,
        "breach": m.breach,
        "direction": m.direction,
        "severity": m.severity,
        "trajectory": m.trajectory,
        "confidence": m.confidence,
        "samples": m.samples,
        "completeness": m.completeness,
    }
    if b is not None:
        out["expected"] = {
            "low": b.expected_low,
            "high": b.expected_high,
            "investigate_if": (
                f"{b.investigate_op} {b.investigate_value:g}"
                if b.investigate_op and b.investigate_value is not None
                else None
            ),
            "persistence": b.persistence,
            "higher_is_better": b.higher_is_better,
            "text": b.text_threshold,
            "source": b.source if b.source != "hc4" else None,
        }
    if m.observed is not None:
        out |= {
            "gap": m.gap,
            "gap_relative": m.gap_relative,
            "breach_hours": m.breach_hours,
            "slope_per_week": m.slope_per_week,
            "trend_p_value": m.trend_p_value,
            "trend_duration_hours": m.trend_duration_hours,
            "change_point": m.change_point,
            "level_before": m.level_before,
            "step": m.step,
            "step_vs_band": m.step_vs_band,
            # the slope after the change: only differs from the window's with a change point
            "slope_after_per_week": m.slope_after_per_week if m.change_point else None,
            "time_to_threshold_hours": m.time_to_threshold_hours,
            "breach_since": m.breach_since,
        }
    out |= {
        "staleness_hours": m.staleness_hours,
        "text_check": m.text_check,
        "gaps": m.gaps or None,
        "notes": m.notes,
    }
    return out


def experiment_sheet(facts: PortfolioFacts, exp: ExperimentFacts) -> dict[str, Any]:
    """Everything a narrator may say about one experiment, as plain JSON-ready data."""
    patterns = [
        {"type": p.type, "experiments": p.experiments, "evidence": p.evidence}
        for p in facts.patterns
        if exp.id in p.experiments
    ]
    sheet = {
        "id": exp.id,
        "name": exp.name,
        "window": {"start": facts.window_start, "end": facts.window_end},
        "priority": exp.priority,
        "priority_rule": exp.priority_rule,
        "severity": exp.severity,
        "direction": exp.direction,
        "trajectory": exp.trajectory,
        "scope": exp.scope,
        "confidence": exp.confidence,
        "insufficient_data": exp.insufficient_data or None,
        "lead_metric": exp.lead_metric,
        "metric_count": len(exp.metrics),
        "metrics": [_metric(m) for m in exp.metrics],
        "anomaly_count": len(exp.anomalies),
        "anomalies": [
            a.model_dump(exclude={"experiment"}, exclude_none=True) for a in exp.anomalies
        ],
        "related": exp.related,
        "validated": exp.validated,
        "patterns": patterns,
        "notes": exp.notes,
    }
    return dict(_compact(sheet))


def portfolio_sheet(facts: PortfolioFacts) -> dict[str, Any]:
    """The portfolio view: ranked experiments in one line each, patterns, data quality."""
    experiments = []
    for e in facts.experiments:
        lead = e.lead
        experiments.append(
            {
                "id": e.id,
                "name": e.name,
                "priority": e.priority,
                "severity": e.severity,
                "direction": e.direction,
                "trajectory": e.trajectory,
                "confidence": e.confidence,
                "anomaly": e.anomaly or None,
                "lead_metric": lead.name if lead else None,
                "observed": lead.observed if lead else None,
                "gap_relative": lead.gap_relative if lead else None,
                "gap": lead.gap if lead else None,
                "level_before": lead.level_before if lead else None,
                "step": lead.step if lead else None,
                "time_to_threshold_hours": lead.time_to_threshold_hours if lead else None,
                "held_hours": lead.trend_duration_hours if lead else None,
                "expected": (
                    [
                        lead.baseline.expected_low,
                        lead.baseline.expected_high,
                        lead.baseline.investigate_value,
                    ]
                    if lead and lead.baseline
                    else None
                ),  # fmt: skip
            }
        )
    sheet = {
        "window": {"start": facts.window_start, "end": facts.window_end},
        "severity": facts.severity,
        "confidence": facts.confidence,
        "experiment_count": len(facts.experiments),
        "count_by_priority": facts.priority_counts,
        "experiments": experiments,
        "patterns": [p.model_dump(exclude_none=True) for p in facts.patterns],
        "insufficient": facts.insufficient,
        "consistency": facts.consistency or None,
        "coverage": facts.coverage or None,
    }
    return dict(_compact(sheet))


def excerpt_data(excerpt: HC4Excerpt | None) -> dict[str, Any]:
    """The HC4 passages the model may quote (untrusted text: only ever shown as data)."""
    if excerpt is None:
        return {}
    return dict(_compact(excerpt.model_dump()))


def to_json(data: Any) -> str:
    """Compact JSON for a prompt. "</" is written "<\\/" (still valid JSON) so untrusted
    text inside it cannot close the tag that delimits it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def estimate_tokens(text: str) -> int:
    """Tokens by the common ~4 characters per token rule for English and JSON.

    Providers report real counts (usage metadata) and those are used when present; this
    estimate covers fakes and servers that report nothing. tiktoken is not used because its
    encodings are downloaded on first use, and nothing may be downloaded at run time.
    """
    return math.ceil(len(text) / 4)
