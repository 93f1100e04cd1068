"""Max's STAY / CHANGE / UNCLEAR table (agents/max/evidence.py): every row, and the order
in which rows win."""

from __future__ import annotations

import pytest
from vortex_pulse.agents.max.evidence import sort_signal


@pytest.mark.parametrize(
    ("severity", "direction", "trajectory", "confidence", "anomaly", "contra", "expected"),
    [
        # row 1: Low confidence wins over a Critical breach
        ("Critical", "Negative", "Degrading", "Low", False, False, "UNCLEAR"),
        # row 2: insufficient data
        ("Critical", "Negative", "Insufficient Data", "High", False, False, "UNCLEAR"),
        # row 3: oscillation
        ("Warning", "Negative", "Oscillating", "High", False, False, "UNCLEAR"),
        # row 4: contradictory signals
        ("Warning", "Negative", "Degrading", "High", False, True, "UNCLEAR"),
        # row 5: harmful breach, High or Medium confidence: CHANGE, anomaly or not
        ("Critical", "Negative", "Degrading", "High", False, False, "CHANGE"),
        ("Critical", "Negative", "Degrading", "High", True, False, "CHANGE"),
        ("Warning", "Negative", "Degrading", "Medium", True, False, "CHANGE"),
        ("Critical", "Negative", "Stable", "Medium", False, False, "CHANGE"),
        # row 6: sideways
        ("Warning", "Lateral", "Stable", "High", False, False, "UNCLEAR"),
        # row 7: an anomaly without a harmful breach (a segment while the aggregate holds)
        ("Informational", "None", "Degrading", "High", True, False, "UNCLEAR"),
        # row 8: everything else
        ("Informational", "Negative", "Stable", "High", False, False, "STAY"),
        ("Warning", "Positive", "Improving", "High", False, False, "STAY"),
        ("Informational", "None", "Stable", "Medium", False, False, "STAY"),
    ],
)
def test_sorting_table(
    severity: str,
    direction: str,
    trajectory: str,
    confidence: str,
    anomaly: bool,
    contra: bool,
    expected: str,
) -> None:
    evidence, why = sort_signal(severity, direction, trajectory, confidence, anomaly, contra)
    assert evidence == expected
    assert why


def test_change_with_anomaly_says_discovery_is_open() -> None:
    evidence, why = sort_signal("Critical", "Negative", "Degrading", "High", True)
    assert evidence == "CHANGE"
    assert "anomaly" in why and "Critical" in why
