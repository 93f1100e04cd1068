"""Error budgets and multi-window multi-burn-rate alerting (Google SRE workbook, ch. 5).

A burn rate is the bad fraction over a window divided by the budget (1 - objective): 1 spends
the budget exactly over the compliance period. An alert needs BOTH its long and its short
window above the factor: the long window proves the burn is significant, the short one that
it is still happening, so the alert resets minutes after recovery instead of hours.

  page:   1 h and 5 min above 14.4 (2 % of a 30-day budget in an hour)
          or 6 h and 30 min above 6 (5 % in six hours)
  ticket: 3 d and 6 h above 1 (10 % in three days)

A window's bad fraction is the mean of the samples in (end - window, end]; a window with no
sample has no burn rate and cannot fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Severity = Literal["page", "ticket"]


@dataclass(frozen=True, slots=True)
class WindowPair:
    severity: Severity
    long_s: float
    short_s: float
    factor: float

    @property
    def name(self) -> str:
        return f"{label(self.long_s)}/{label(self.short_s)}"


WINDOW_PAIRS: tuple[WindowPair, ...] = (
    WindowPair("page", 3600, 300, 14.4),
    WindowPair("page", 21600, 1800, 6.0),
    WindowPair("ticket", 259200, 21600, 1.0),
)
WINDOWS_S: tuple[float, ...] = tuple(
    sorted({s for p in WINDOW_PAIRS for s in (p.long_s, p.short_s)})
)


def label(seconds: float) -> str:
    """300 -> '5m', 3600 -> '1h', 259200 -> '3d' (the largest whole unit)."""
    whole = round(seconds)
    for suffix, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if whole % size == 0:
            return f"{whole // size}{suffix}"
    return f"{whole}s"


def window_mean(ts: np.ndarray, bad: np.ndarray, end: float, seconds: float) -> float | None:
    lo = int(np.searchsorted(ts, end - seconds, side="right"))
    hi = int(np.searchsorted(ts, end, side="right"))
    if hi <= lo:
        return None
    return float(np.mean(bad[lo:hi]))


@dataclass(frozen=True, slots=True)
class BurnFacts:
    burn_rates: dict[str, float | None]  # window label -> burn rate
    firing: tuple[WindowPair, ...]  # the window pairs whose long and short windows both fire
    budget_remaining: float | None  # share of the period's budget left (negative: overspent)
    bad_fraction: float | None  # over the compliance period (or the data in it)

    @property
    def severity(self) -> Severity | None:
        if any(p.severity == "page" for p in self.firing):
            return "page"
        if self.firing:
            return "ticket"
        return None


def burn_facts(
    ts: np.ndarray, bad: np.ndarray, end: float, budget: float, period_s: float
) -> BurnFacts:
    rates: dict[str, float | None] = {}
    for w in WINDOWS_S:
        mean = window_mean(ts, bad, end, w)
        rates[label(w)] = None if mean is None else mean / budget
    firing = []
    for pair in WINDOW_PAIRS:
        lr, sr = rates[label(pair.long_s)], rates[label(pair.short_s)]
        if lr is not None and sr is not None and lr > pair.factor and sr > pair.factor:
            firing.append(pair)
    period_bad = window_mean(ts, bad, end, period_s)
    remaining = None if period_bad is None else 1.0 - period_bad / budget
    return BurnFacts(rates, tuple(firing), remaining, period_bad)
