"""One SLO judged at one instant from its series."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from vortex_pulse.core.numbers import num
from vortex_pulse.signals.series import Series
from vortex_pulse.signals.slo.burn import BurnFacts, burn_facts
from vortex_pulse.signals.slo.objectives import Slo
from vortex_pulse.signals.slo.status import SloStatus
from vortex_pulse.signals.slo.threshold import ThresholdFacts, threshold_facts

_EMPTY = np.array([], dtype=float)


@dataclass(frozen=True, slots=True)
class SloResult:
    slo: Slo
    status: SloStatus
    reason: str  # plain words, for the report
    value: float | None  # latest sample, in the SLO's unit
    value_ts: float | None
    alert: str | None  # "page" | "ticket" | "breach" | None
    burn: BurnFacts | None = None
    threshold: ThresholdFacts | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def bad_fraction(slo: Slo, values: np.ndarray) -> np.ndarray:
    v = values * slo.scale
    bad = v if slo.bad_is_value else 1.0 - v
    return np.clip(bad, 0.0, 1.0)


def evaluate(
    slo: Slo, series: Series | None, end: float, *, period_s: float, stale_after_s: float
) -> SloResult:
    ts = series.ts if series is not None else _EMPTY
    values = series.values if series is not None else _EMPTY
    hi = int(np.searchsorted(ts, end, side="right"))
    latest = float(values[hi - 1]) if hi else None
    latest_ts = float(ts[hi - 1]) if hi else None
    if latest_ts is None or end - latest_ts > stale_after_s:
        why = "no data" if latest_ts is None else "no recent data"
        burn = None
        if slo.kind == "ratio" and slo.budget is not None and hi:
            burn = burn_facts(ts, bad_fraction(slo, values), end, slo.budget, period_s)
        return SloResult(slo, "unknown", why, latest, latest_ts, None, burn=burn)
    if slo.kind == "ratio":
        assert slo.budget is not None
        burn = burn_facts(ts, bad_fraction(slo, values), end, slo.budget, period_s)
        sev = burn.severity
        if sev == "page":
            pair = next(p for p in burn.firing if p.severity == "page")
            rate = burn.burn_rates[f"{pair.name.split('/')[0]}"]
            return SloResult(slo, "unhealthy",
                             f"burning its error budget {num(rate)} times too fast ({pair.name})",
                             latest, latest_ts, "page", burn=burn)  # fmt: skip
        if sev == "ticket":
            return SloResult(slo, "degraded", "slow burn of its error budget (3d/6h)",
                             latest, latest_ts, "ticket", burn=burn)  # fmt: skip
        if burn.budget_remaining is not None and burn.budget_remaining <= 0:
            return SloResult(slo, "degraded", "error budget spent", latest, latest_ts, None,
                             burn=burn)  # fmt: skip
        return SloResult(slo, "healthy", "within its error budget", latest, latest_ts, None,
                         burn=burn)  # fmt: skip
    th = threshold_facts(ts, values, end, slo.op, slo.target, slo.persistence_s)
    if th.persisted:
        return SloResult(slo, "unhealthy", "target missed", latest, latest_ts, "breach",
                         threshold=th)  # fmt: skip
    if th.breached_since is not None:
        return SloResult(slo, "degraded", "target missed, not yet for long enough",
                         latest, latest_ts, None, threshold=th)  # fmt: skip
    return SloResult(slo, "healthy", "meets its target", latest, latest_ts, None, threshold=th)
