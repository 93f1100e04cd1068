"""How numbers are written in prose."""

from __future__ import annotations

from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.report.wording import band, gap_of, num, threshold, with_unit

from tests.support.facts import metric


def test_num_and_units() -> None:
    assert num(67.04) == "67"
    assert num(0.4123) == "0.412"
    assert num(12345.6) == "12346"
    assert num(None) == "n/a"
    assert with_unit(48.0, "%") == "48%"
    assert with_unit(4.2, "/5") == "4.2/5"
    assert with_unit(620.0, "ms") == "620 ms"


def test_band_and_threshold_texts() -> None:
    b = Baseline(metric="x", unit="%", expected_low=60, expected_high=75,
                 investigate_op="<", investigate_value=50, persistence="for 2+ days")  # fmt: skip
    assert band(b) == "60-75%"
    assert threshold(b) == "< 50% for 2+ days"
    assert band(Baseline(metric="x", unit="min", expected_high=5)) == "<= 5 min"
    assert (
        band(Baseline(metric="x", text_threshold="any complaint"))
        == '"any complaint" (not numeric)'
    )
    assert band(None) == "no baseline"


def test_gap_text_says_points_and_the_edge() -> None:
    # 48% against a 60-75% band: 12 points below the floor, 20% of the floor
    assert gap_of(metric(gap=-12.0, gap_relative=-0.2)) == "12 points below the 60% floor (20%)"
    assert gap_of(metric(gap=0.0, gap_relative=0.0)) == "inside the expected band"
    assert gap_of(metric(observed=None)) == "no data in the window"


def test_units_attach_like_people_write_them() -> None:
    assert with_unit(99.47, "%") == "99.5%"  # alerts too: one spelling per value
    assert with_unit(3.0, "/5") == "3/5" and with_unit(250.0, "ms") == "250 ms"
