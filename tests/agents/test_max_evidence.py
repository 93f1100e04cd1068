"""Max's STAY / CHANGE / UNCLEAR table: each row, and first-match-wins order."""

from __future__ import annotations

import pytest
from vortex_pulse.agents.max.evidence import sort_signal


@pytest.mark.parametrize(
    ("severity", "direction", "trajectory", "confidence", "anomaly", "expected"),
    [
        ("Critical", "Negative", "Degrading", "Low", False, "UNCLEAR"),  # row 1: confidence
        ("Warning", "Negative", "Oscillating", "High", False, "UNCLEAR"),  # row 1: trajectory
        ("Critical", "Negative", "Insufficient Data", "High", False, "UNCLEAR"),
        ("Critical", "Negative", "Degrading", "High", True, "UNCLEAR"),  # row 1: anomaly
        ("Warning", "Lateral", "Stable", "High", False, "UNCLEAR"),
        ("Critical", "Negative", "Degrading", "High", False, "CHANGE"),  # row 2
        ("Warning", "Negative", "Degrading", "Medium", False, "CHANGE"),
        ("Informational", "Negative", "Stable", "High", False, "STAY"),  # row 3
        ("Warning", "Positive", "Improving", "High", False, "STAY"),
        ("Informational", "None", "Stable", "Medium", False, "STAY"),
    ],
)
def test_sorting_table(
    severity: str, direction: str, trajectory: str, confidence: str, anomaly: bool, expected: str
) -> None:
    evidence, why = sort_signal(severity, direction, trajectory, confidence, anomaly)
    assert evidence == expected
    assert why
