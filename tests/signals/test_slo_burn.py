"""Multi-window multi-burn-rate: each window pair fires when both its windows burn above the
factor, and resets when the SHORT window recovers (minutes later), not the long one.

Minute samples of an error rate in %, objective 99.9 % (budget 0.1 %), a clean history of 4
days, then an incident at T burning `rate` times the budget for `length` minutes.
"""

from __future__ import annotations

import numpy as np
import pytest
from vortex_pulse.signals.slo.burn import WINDOW_PAIRS, burn_facts, label, window_mean

BUDGET = 0.001
PERIOD = 30 * 86400.0
T0 = 1_750_000_000.0  # start of the data (on a minute)
CLEAN_MIN = 4 * 24 * 60


def incident(rate: float, length: int, after: int) -> tuple[np.ndarray, np.ndarray, float]:
    """(ts, bad fraction, T): clean history, `length` bad minutes from T, `after` clean ones."""
    n = CLEAN_MIN + length + after
    ts = T0 + 60.0 * np.arange(n)
    bad = np.zeros(n)
    bad[CLEAN_MIN : CLEAN_MIN + length] = rate * BUDGET
    return ts, bad, T0 + 60.0 * CLEAN_MIN


def firing(ts: np.ndarray, bad: np.ndarray, end: float) -> set[str]:
    return {p.name for p in burn_facts(ts, bad, end, BUDGET, PERIOD).firing}


def test_window_pairs_are_the_workbook_ones() -> None:
    assert [(p.severity, p.name, p.factor) for p in WINDOW_PAIRS] == [
        ("page", "1h/5m", 14.4),
        ("page", "6h/30m", 6.0),
        ("ticket", "3d/6h", 1.0),
    ]


@pytest.mark.parametrize(
    ("pair", "rate", "length", "fires_at", "resets_after"),
    [
        # 20x: 1h mean > 14.4 once 44 of its 60 samples are bad (T+43 min); the 5-minute
        # window needs 4 of its 5 samples bad: it resets 2 minutes after the last bad one
        ("1h/5m", 20.0, 90, 43, 2),
        # 8.1x never reaches 14.4 (no 1h/5m page); 6h > 6 after 267 bad minutes; the
        # 30-minute window needs 23 of 30 bad: it resets 8 minutes after the last bad one
        ("6h/30m", 8.1, 360, 266, 8),
        # 1.7x: 3d > 1 after 2542 bad minutes; the 6h window needs 212 of 360 bad samples:
        # it resets 149 minutes after the last bad one
        ("3d/6h", 1.7, 3 * 24 * 60, 2541, 149),
    ],
)
def test_pair_fires_and_resets(
    pair: str, rate: float, length: int, fires_at: int, resets_after: int
) -> None:
    ts, bad, t = incident(rate, length, after=200)
    minute = 60.0
    assert pair not in firing(ts, bad, t + (fires_at - 1) * minute)
    assert firing(ts, bad, t + fires_at * minute) == {pair}
    last_bad = t + (length - 1) * minute
    assert pair in firing(ts, bad, last_bad + (resets_after - 1) * minute)
    after = burn_facts(ts, bad, last_bad + resets_after * minute, BUDGET, PERIOD)
    assert pair not in {p.name for p in after.firing}
    # ... while the long window alone would still be above the factor
    p = next(p for p in WINDOW_PAIRS if p.name == pair)
    long_rate = after.burn_rates[label(p.long_s)]
    assert long_rate is not None and long_rate > p.factor


def test_severity_is_page_over_ticket() -> None:
    ts, bad, t = incident(20.0, 3 * 24 * 60, after=0)
    facts = burn_facts(ts, bad, float(ts[-1]), BUDGET, PERIOD)
    assert {p.name for p in facts.firing} == {"1h/5m", "6h/30m", "3d/6h"}
    assert facts.severity == "page"


def test_budget_remaining() -> None:
    # 60 bad minutes at 30x in a 4-day history: 30 * 60 / 5760 = 0.3125 of the budget spent
    ts, bad, _ = incident(30.0, 60, after=0)
    facts = burn_facts(ts, bad, float(ts[-1]), BUDGET, PERIOD)
    assert facts.budget_remaining == pytest.approx(1 - 30 * 60 / (CLEAN_MIN + 60))


def test_empty_window_has_no_rate_and_cannot_fire() -> None:
    ts = np.array([T0, T0 + 60.0])
    bad = np.array([1.0, 1.0])
    facts = burn_facts(ts, bad, T0 + 7 * 3600.0, BUDGET, PERIOD)  # only 3d still sees them
    assert facts.burn_rates["5m"] is None and facts.burn_rates["6h"] is None
    assert facts.burn_rates["3d"] == pytest.approx(1000.0) and facts.firing == ()
    assert window_mean(ts, bad, T0 + 60.0, 60.0) == 1.0  # (end - window, end]: one sample
