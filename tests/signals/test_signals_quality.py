"""Data quality and the confidence table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from vortex_pulse.signals.scoring.quality import Quality, assess_quality, confidence_of
from vortex_pulse.signals.window import make_window

END = datetime(2026, 3, 1, tzinfo=UTC)
WIN = make_window(timedelta(days=10), END)  # 240 h
H = 3600.0


def test_quality_counts() -> None:
    # Hourly points over the last 120 h, with a 3-hour hole (2 missing points), ending 2 h early.
    last = END.timestamp() - 2 * H
    ts = last - H * np.arange(119, -1, -1, dtype=float)
    ts = np.delete(ts, [50, 51])
    q = assess_quality(ts, np.full(len(ts), 10.0), WIN)
    assert q.points == 118 and q.samples == 1180 and q.n_given
    assert q.cadence_s == H and q.gaps == 1 and q.staleness_h == 2.0
    assert q.completeness == pytest.approx(118 / 240)


def test_samples_default_to_points_and_empty_series() -> None:
    q = assess_quality(np.arange(3.0), None, WIN)
    assert q.samples == 3 and not q.n_given
    empty = assess_quality(np.empty(0), None, WIN)
    assert empty.points == 0 and empty.completeness == 0.0 and empty.staleness_h is None


def _q(**kw: object) -> Quality:
    base: dict[str, object] = dict(
        points=240, samples=240, n_given=False, cadence_s=H, completeness=1.0, gaps=0,
        staleness_h=0.0,
    )  # fmt: skip
    base.update(kw)
    return Quality(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kw", "numeric", "source", "expected"),
    [
        ({}, True, None, "High"),
        ({}, False, None, "Low"),
        ({}, True, "llm", "Medium"),
        ({}, True, "learned", "Medium"),
        ({"completeness": 0.89}, True, "learned", "Medium"),
        ({"points": 7}, True, None, "Low"),
        ({"completeness": 0.49}, True, None, "Low"),
        ({"completeness": 0.89}, True, None, "Medium"),
        ({"staleness_h": 61.0}, True, None, "Low"),  # > 25 % of 240 h
        ({"staleness_h": 3.0}, True, None, "Medium"),  # > 2 cadences
        ({"staleness_h": 2.0}, True, None, "High"),
        ({"n_given": True, "samples": 99}, True, None, "Low"),
        ({"n_given": True, "samples": 999}, True, None, "Medium"),
        ({"n_given": True, "samples": 1000}, True, None, "High"),
    ],
)
def test_confidence_table(
    kw: dict[str, object], numeric: bool, source: str | None, expected: str
) -> None:
    assert confidence_of(_q(**kw), WIN, numeric, source)[0] == expected


def test_staleness_reads_like_every_other_duration() -> None:
    # core/numbers.duration, as the portfolio's stale-data sentence: never "61.0 h".
    assert confidence_of(_q(staleness_h=61.0), WIN, True)[1] == (
        "last point 2.5 days before the report date"
    )
    assert "staleness 3 hours" in confidence_of(_q(staleness_h=3.0), WIN, True)[1]
