"""The SmartSpec summary's sentence on alerting follows the burn-rate rule's window pairs."""

from __future__ import annotations

import pytest
from vortex_pulse.pulse.smartspec import summary
from vortex_pulse.signals.slo import burn
from vortex_pulse.signals.slo.burn import WindowPair


def test_the_alerting_sentence_is_written_from_the_window_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert summary._when_alerted() == (
        "A page needs 1 hour and 5 minutes above 14.4×, or 6 hours and 30 minutes above 6×;"
        " a ticket needs 3 days and 6 hours above 1×."
    )
    pairs = (WindowPair("page", 7200, 600, 10.0), WindowPair("ticket", 86400, 3600, 2.0))
    monkeypatch.setattr(summary, "WINDOW_PAIRS", pairs)
    assert summary._when_alerted() == (
        "A page needs 2 hours and 10 minutes above 10×; a ticket needs 24 hours and 1 hour"
        " above 2×."
    )
    assert pairs != burn.WINDOW_PAIRS  # the rule itself untouched
