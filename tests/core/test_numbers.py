"""core/numbers.py: every value is written in plain notation with its significant digits,
however small (a rate of 2e-7 per request is not "0.")."""

from __future__ import annotations

import pytest
from vortex_pulse.core.numbers import duration, num


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (41.46, "41.5"),
        (12000.0, "12000"),
        (0.00012345, "0.000123"),
        (1.5e-5, "0.000015"),
        (2e-7, "0.0000002"),
        (-1.23456e-8, "-0.0000000123"),
        (0.0, "0"),
        (None, "n/a"),
    ],
)
def test_num_is_plain_with_three_significant_digits(value: float | None, text: str) -> None:
    assert num(value) == text


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (None, "n/a"),
        (0.0, "under a minute"),
        (1 / 60, "1 minute"),
        (19 / 60, "19 minutes"),
        (59.8 / 60, "1 hour"),  # rounds to 60 minutes: the hour
        (1.0, "1 hour"),
        (19.0, "19 hours"),
        (100.0, "4.2 days"),
    ],
)
def test_one_way_to_say_how_long(hours: float | None, text: str) -> None:
    """Reports, chat and SLO summaries all say durations this way (minutes included: an SLO
    breach of 19 minutes is not 'under an hour')."""
    assert duration(hours) == text
