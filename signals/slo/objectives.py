"""An NFR becomes an SLO once observability.yaml says how to query its metric.

Two kinds (docs/smartspec.md):
- ratio SLOs — error rate and availability given in % (or as a fraction): the target sets an
  objective (`< 0.1%` errors or `> 99.9%` uptime -> 99.9 % good), hence an error budget over
  the compliance period, judged by multi-window multi-burn-rate;
- threshold SLOs — everything else (latency quantiles, throughput, recovery times): the
  latest value against the target, a breach counting once it has held for `persistence`.

Which metric an NFR reads, first match wins: the NFR table's Metric column equals
`metrics[].name`; `metrics[].nfr` names the NFR's id; `metrics[].name` equals the
requirement's words in snake_case ("Authentication response time" ->
`authentication_response_time`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from vortex_pulse.contracts.smartspec.nfr import Category, Nfr, Op
from vortex_pulse.contracts.smartspec.observability import MetricQuery, ObservabilityConfig
from vortex_pulse.core.config import parse_duration
from vortex_pulse.core.numbers import target_text

Kind = Literal["ratio", "threshold"]


@dataclass(frozen=True, slots=True)
class Slo:
    id: str  # the NFR id
    name: str  # the requirement as written
    metric: str  # observability.yaml metrics[].name
    query: str
    category: Category
    kind: Kind
    op: Op
    target: float  # in `unit`, as the spec writes it
    unit: str | None
    persistence_s: float  # threshold SLOs
    objective: float | None = None  # ratio SLOs: the good fraction (0.999)
    # ratio SLOs: how a sample becomes a bad fraction: value * scale, or 1 - value * scale
    bad_is_value: bool = True
    scale: float = 1.0

    @property
    def target_text(self) -> str:
        return target_text(self.op, self.target, self.unit)

    @property
    def budget(self) -> float | None:
        """The allowed bad fraction (1 - objective)."""
        return None if self.objective is None else 1.0 - self.objective


@dataclass(frozen=True, slots=True)
class SloFinding:
    nfr: str
    requirement: str
    reason: str


def snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def metric_for(nfr: Nfr, metrics: list[MetricQuery]) -> MetricQuery | None:
    by_name = {m.name: m for m in metrics}
    if nfr.metric and nfr.metric in by_name:
        return by_name[nfr.metric]
    for m in metrics:
        if m.nfr and m.nfr == nfr.id:
            return m
    return by_name.get(snake(nfr.requirement))


def _ratio(nfr: Nfr) -> tuple[float, bool, float] | None:
    """(objective, bad_is_value, scale) when the NFR is an error budget, else None."""
    th = nfr.threshold
    if th.unit not in ("%", None):
        return None
    scale = 0.01 if th.unit == "%" else 1.0
    frac = th.value * scale
    if nfr.category == "error_rate" and th.op in ("<", "<="):
        objective, bad_is_value = 1.0 - frac, True
    elif nfr.category == "availability" and th.op in (">", ">="):
        objective, bad_is_value = frac, False
    else:
        return None
    if not 0.0 < objective < 1.0:
        return None
    return objective, bad_is_value, scale


def slos_from_nfrs(
    nfrs: tuple[Nfr, ...] | list[Nfr], obs: ObservabilityConfig
) -> tuple[list[Slo], list[SloFinding]]:
    slos: list[Slo] = []
    findings: list[SloFinding] = []
    default_hold = parse_duration(obs.slo.persistence).total_seconds()
    for nfr in nfrs:
        m = metric_for(nfr, obs.metrics)
        if m is None:
            wanted = nfr.metric or snake(nfr.requirement)
            findings.append(
                SloFinding(
                    nfr.id,
                    nfr.requirement,
                    f"no metric {wanted!r} (or one with nfr: {nfr.id}) in observability.yaml",
                )
            )
            continue
        hold = parse_duration(m.persistence).total_seconds() if m.persistence else default_hold
        ratio = _ratio(nfr)
        common = dict(
            id=nfr.id, name=nfr.requirement, metric=m.name, query=m.query,
            category=nfr.category, op=nfr.threshold.op, target=nfr.threshold.value,
            unit=nfr.threshold.unit, persistence_s=hold,
        )  # fmt: skip
        if ratio is None:
            slos.append(Slo(kind="threshold", **common))  # type: ignore[arg-type]
        else:
            objective, bad_is_value, scale = ratio
            slos.append(
                Slo(kind="ratio", objective=objective, bad_is_value=bad_is_value, scale=scale,
                    **common)  # type: ignore[arg-type]
            )  # fmt: skip
    return slos, findings
