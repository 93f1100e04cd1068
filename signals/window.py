"""The analysis window: the one place that turns a lookback and an end time into a Window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from vortex_pulse.signals.series import Window


def make_window(lookback: timedelta, end: datetime, as_of: datetime | None = None) -> Window:
    """Window (end - lookback, end], in UTC. Naive datetimes are taken as UTC.

    Points are in the window when start < ts <= end: the newest point (end: latest) is
    always included and a point on the start boundary belongs to the previous window.
    """
    if lookback <= timedelta(0):
        raise ValueError(f"lookback must be positive, got {lookback}")
    end = end.replace(tzinfo=UTC) if end.tzinfo is None else end.astimezone(UTC)
    if as_of is not None:
        as_of = as_of.replace(tzinfo=UTC) if as_of.tzinfo is None else as_of.astimezone(UTC)
    return Window(start=end - lookback, end=end, as_of=as_of)


def report_moment(day: date, now: datetime) -> datetime:
    """The moment a report dated `day` is read: now for today's report, else the end of
    that day (a report for Nov 19 may use data up to Nov 20 00:00 UTC)."""
    end_of_day = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
    return min(now.astimezone(UTC), end_of_day)
