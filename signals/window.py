"""The analysis window: the one place that turns a lookback and an end time into a Window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from vortex_pulse.signals.series import Window


def make_window(lookback: timedelta, end: datetime) -> Window:
    """Window (end - lookback, end], in UTC. Naive datetimes are taken as UTC.

    Points are in the window when start < ts <= end: the newest point (end: latest) is
    always included and a point on the start boundary belongs to the previous window.
    """
    if lookback <= timedelta(0):
        raise ValueError(f"lookback must be positive, got {lookback}")
    end = end.replace(tzinfo=UTC) if end.tzinfo is None else end.astimezone(UTC)
    return Window(start=end - lookback, end=end)
