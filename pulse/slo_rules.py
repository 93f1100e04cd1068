"""Prometheus recording and alerting rules for a SmartSpec spec's SLOs (`pulse rules --spec-id`).

Ratio SLOs (error rate, availability): one recording rule per window (5m, 30m, 1h, 6h, 3d)
holding the bad fraction averaged over the window, and two alerts built from them, as in the
SRE workbook's multi-window multi-burn-rate alerts:
- `SmartSpecErrorBudgetPage` (severity page): 1h and 5m above 14.4x the budget, or 6h and
  30m above 6x;
- `SmartSpecErrorBudgetTicket` (severity ticket): 3d and 6h above 1x.
The short window resets the alert minutes after recovery. Threshold SLOs get one
`SmartSpecThresholdBreach` alert with `for:` equal to their persistence.

The queries of observability.yaml are used as PromQL and must return the metric in the
target's unit (`< 0.1%` -> percent), as the monitor reads them.
"""

from __future__ import annotations

from typing import Any

from vortex_pulse.pulse.rules import prom_duration, promql_number
from vortex_pulse.signals.slo.burn import WINDOW_PAIRS, WINDOWS_S, label
from vortex_pulse.signals.slo.objectives import Slo

BURN_ALERTS = {"page": "SmartSpecErrorBudgetPage", "ticket": "SmartSpecErrorBudgetTicket"}
THRESHOLD_ALERT = "SmartSpecThresholdBreach"
RECORD = "smartspec:slo_bad_fraction:avg{window}"
SUBQUERY_STEP = "1m"


def _selector(spec_id: str, slo: Slo) -> str:
    return f'spec_id="{_esc(spec_id)}",slo="{_esc(slo.id)}"'


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def bad_expr(slo: Slo) -> str:
    """The bad fraction (0..1) at one instant, from the SLO's query."""
    scaled = f"({slo.query})" if slo.scale == 1.0 else f"({slo.query}) * {promql_number(slo.scale)}"
    raw = scaled if slo.bad_is_value else f"1 - {scaled}"
    return f"clamp({raw}, 0, 1)"


def _labels(spec_id: str, service: str, slo: Slo) -> dict[str, str]:
    return {"spec_id": spec_id, "slo": slo.id, "metric": slo.metric, "service": service}


def ratio_rules(spec_id: str, service: str, slo: Slo) -> list[dict[str, Any]]:
    assert slo.budget is not None
    rules: list[dict[str, Any]] = []
    for w in WINDOWS_S:
        rules.append(
            {
                "record": RECORD.format(window=label(w)),
                "expr": f"avg_over_time(({bad_expr(slo)})[{label(w)}:{SUBQUERY_STEP}])",
                "labels": _labels(spec_id, service, slo),
            }
        )
    sel = _selector(spec_id, slo)
    target = slo.target_text
    for severity in ("page", "ticket"):
        clauses = []
        for p in (p for p in WINDOW_PAIRS if p.severity == severity):
            limit = promql_number(round(p.factor * slo.budget, 12))  # 6 x 0.001, not 0.00600..01
            clauses.append(
                f"({RECORD.format(window=label(p.long_s))}{{{sel}}} > {limit}"
                f" and {RECORD.format(window=label(p.short_s))}{{{sel}}} > {limit})"
            )
        windows = " or ".join(p.name for p in WINDOW_PAIRS if p.severity == severity)
        rules.append(
            {
                "alert": BURN_ALERTS[severity],
                "expr": " or ".join(clauses),
                "labels": {**_labels(spec_id, service, slo), "severity": severity},
                "annotations": {
                    "summary": f"{service}: {slo.name} is burning its error budget"
                    f" ({severity}, {windows})",
                    "target": target,
                },
            }
        )
    return rules


_OPPOSITE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def threshold_rule(spec_id: str, service: str, slo: Slo) -> dict[str, Any]:
    target = slo.target_text
    rule: dict[str, Any] = {
        "alert": THRESHOLD_ALERT,
        "expr": f"({slo.query}) {_OPPOSITE[slo.op]} {promql_number(slo.target)}",
    }
    if slo.persistence_s > 0:
        rule["for"] = prom_duration(slo.persistence_s)
    rule["labels"] = {**_labels(spec_id, service, slo), "severity": "page"}
    rule["annotations"] = {"summary": f"{service}: {slo.name} misses {target}", "target": target}
    return rule


def slo_rule_groups(
    spec_id: str, service: str, slos: list[Slo] | tuple[Slo, ...]
) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    for slo in slos:
        rules.extend(ratio_rules(spec_id, service, slo) if slo.kind == "ratio"
                     else [threshold_rule(spec_id, service, slo)])  # fmt: skip
    return {"groups": [{"name": f"smartspec-{spec_id}", "interval": "1m", "rules": rules}]}
