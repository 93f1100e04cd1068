"""Prometheus alerting rules from the portfolio's baselines (`pulse rules`).

One group per experiment; per metric with a PromQL query and a numeric baseline:
- a critical rule on the "investigate" threshold, with `for:` from a time-based
  persistence qualifier ("for 2+ days" -> `for: 2d`);
- a warning rule when the series leaves the expected band (either side), with the same `for:`.
Count-based qualifiers ("2+ consecutive") have no fixed duration: the rule gets no `for:`
and says so in an annotation. Thresholds are compared in the baseline's unit: a query
must return the series on that scale (append `* 100` to a ratio for a percent baseline).
See docs/observability.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml
from vortex_pulse.pulse.alerts.model import ALERTNAME
from vortex_pulse.report.wording import band, unit_suffix, with_unit
from vortex_pulse.signals.facts import ExperimentSpec, MetricSpec


def promql_number(x: float) -> str:
    """A threshold in a PromQL expression: exact (no rounding), no trailing '.0'."""
    return f"{x:.15g}"


_VALUE = '{{ $value | printf "%.4g" }}'


def template_text(text: str) -> str:
    """Untrusted text (HC4 names, units, persistence) as literal text in a Prometheus
    template: every '{' becomes an action printing '{', so no '{{' can open an action
    (`{{ with query "up" }}` in an HC4 stays words) and no '{' can join our own '{{'."""
    return text.replace("{", '{{ "{" }}')


_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def prom_duration(seconds: float) -> str:
    """172800 -> '2d', 5400 -> '90m': the largest unit that divides the duration evenly."""
    whole = max(1, round(seconds))
    for suffix, size in _UNITS:
        if whole % size == 0:
            return f"{whole // size}{suffix}"
    return f"{whole}s"


def _common(spec: ExperimentSpec, m: MetricSpec, severity: str) -> dict[str, str]:
    return {
        "experiment": spec.id,
        "metric": template_text(m.series),
        "severity": severity,
        "source": "pulse-rules",
    }


def metric_rules(spec: ExperimentSpec, m: MetricSpec) -> list[dict[str, Any]]:
    b = m.baseline
    if m.query is None or b is None or not b.numeric:
        return []
    series = f"({m.query})"
    unit = template_text(unit_suffix(b.unit))
    name, exp_name = template_text(m.name), template_text(spec.name)
    hold: dict[str, str] = {}
    note = ""
    if b.persistence_seconds:
        hold = {"for": prom_duration(b.persistence_seconds)}
    elif b.persistence:
        note = template_text(
            f" Persistence {b.persistence!r} is a count, not a duration: no `for:`."
        )
    persistence = template_text(b.persistence) if b.persistence else ""
    out: list[dict[str, Any]] = []
    if b.investigate_op is not None and b.investigate_value is not None:
        # as in the HC5
        limit = template_text(f"{b.investigate_op} {with_unit(b.investigate_value, b.unit)}")
        out.append(
            {
                "alert": ALERTNAME,
                "expr": f"{series} {b.investigate_op} {promql_number(b.investigate_value)}",
                **hold,
                "labels": _common(spec, m, "critical"),
                "annotations": {
                    "summary": f"{exp_name}: {name} at {_VALUE}{unit} ({limit})",
                    "description": f"{name} of {spec.id} breaches its investigate threshold"
                    f" {limit}{' ' + persistence if persistence else ''}.{note}",
                    "target": limit,
                },
            }
        )
    outside = []
    if b.expected_low is not None:
        outside.append(f"{series} < {promql_number(b.expected_low)}")
    if b.expected_high is not None:
        outside.append(f"{series} > {promql_number(b.expected_high)}")
    if outside:
        expected = template_text(band(b))
        out.append(
            {
                "alert": ALERTNAME,
                "expr": " or ".join(outside),
                **hold,
                "labels": _common(spec, m, "warning"),
                "annotations": {
                    "summary": f"{exp_name}: {name} at {_VALUE}{unit}, expected {expected}",
                    "description": f"{name} of {spec.id} left its expected band {expected}.{note}",
                    "target": expected,
                },
            }
        )
    return out


def rule_groups(specs: Iterable[ExperimentSpec]) -> tuple[dict[str, Any], list[str]]:
    """(the rules document, "experiment/metric: why skipped" lines)."""
    groups: list[dict[str, Any]] = []
    skipped: list[str] = []
    for spec in specs:
        rules: list[dict[str, Any]] = []
        for m in spec.metrics:
            got = metric_rules(spec, m)
            if got:
                rules.extend(got)
            elif m.query is None:
                skipped.append(f"{spec.id}/{m.name}: no PromQL query (not a Prometheus metric)")
            else:
                skipped.append(f"{spec.id}/{m.name}: no numeric baseline")
        if rules:
            groups.append({"name": f"pulse-{spec.id}", "rules": rules})
    return {"groups": groups}, skipped


def to_yaml(doc: dict[str, Any]) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)
