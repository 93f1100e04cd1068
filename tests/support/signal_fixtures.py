"""Shared helpers for the signals tests: a 21-day window ending at the synthetic end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from vortex_pulse.signals.series import Window
from vortex_pulse.signals.synthetic import DEFAULT_END
from vortex_pulse.signals.window import make_window


@pytest.fixture
def window() -> Window:
    return make_window(timedelta(days=21), DEFAULT_END)
