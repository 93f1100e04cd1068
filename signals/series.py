"""Series, windows and the source interface every signal source implements.

Files, Prometheus and any later source return the same `Series`, so scoring is identical
whatever the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class SeriesKey:
    experiment: str
    metric: str  # the series name in the source (e.g. "action_rate"), not the HC4 label
    segment: str | None = None  # None = the aggregate


@dataclass(slots=True)
class Series:
    """Points sorted by time, de-duplicated, NaN removed.

    ts: epoch seconds (float64); values: float64; n: sample size behind each point, or None.
    """

    key: SeriesKey
    ts: np.ndarray
    values: np.ndarray
    n: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.ts.shape[0])


def last_per_timestamp(ts: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points sorted by time; of several at the same timestamp the last given wins (a later
    answer or file is a correction). The one rule for sources that assemble points."""
    order = np.argsort(ts, kind="stable")
    ts, values = ts[order], values[order]
    keep = np.r_[ts[1:] != ts[:-1], True] if ts.size else np.zeros(0, dtype=bool)
    return ts[keep], values[keep]


@dataclass(frozen=True, slots=True)
class Window:
    """Half-open analysis window (start, end], timezone-aware UTC datetimes (see make_window)."""

    start: datetime
    end: datetime
    # When the report is read: the report date's end (or now). Staleness is measured from
    # here, so `window.end: latest` cannot make old data look fresh.
    as_of: datetime | None = None

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    @property
    def reference(self) -> datetime:
        return self.as_of if self.as_of is not None and self.as_of > self.end else self.end

    def extended(self, history_s: float) -> Window:
        """The window with `history_s` seconds of history before it."""
        if history_s <= 0:
            return self
        return replace(self, start=self.start - timedelta(seconds=history_s))


@dataclass(frozen=True, slots=True)
class SeriesRequest:
    """What a source is asked for: one experiment x metric (all its segments)."""

    experiment: str
    metric: str
    source: str = "default"
    query: str | None = None  # PromQL or a Datadog query (templated already)
    n_query: str | None = None  # optional PromQL giving the sample size per point
    # Seconds of history to load before the window as well (a learned baseline learns from
    # it; docs/rules.md, "Learned baselines"). Scoring clips everything else to the window.
    history_s: float = 0.0


@dataclass(frozen=True, slots=True)
class SourceFinding:
    """A data-quality fact a source noticed (warnings, partial results, dropped rows)."""

    source: str
    message: str
    experiment: str | None = None
    metric: str | None = None


# One wording per fact, whichever source noticed it (a reader compares findings across
# sources in one data-quality list): a series with no point at all (usually a config name
# that matches nothing), a series whose points all lie before the window (history only or
# a stopped feed), a metric without a query.
NO_SERIES = "no data for this metric"  # the source has none at all
NO_DATA_IN_WINDOW = "no data in the window"
NO_QUERY = "no query configured"


def no_data(
    source: str, experiment: str, metric: str, *, at_all: bool = False, where: str = ""
) -> SourceFinding:
    """The finding for an empty series; `where` names the file it was looked for in."""
    message = NO_SERIES if at_all else NO_DATA_IN_WINDOW
    return SourceFinding(source, f"{where}: {message}" if where else message, experiment, metric)


@dataclass(slots=True)
class LoadResult:
    series: dict[SeriesKey, Series] = field(default_factory=dict)
    findings: list[SourceFinding] = field(default_factory=list)


class SourceError(Exception):
    """A source could not be read at all (file missing, server unreachable)."""


class Source(Protocol):
    name: str

    def load(self, requests: Sequence[SeriesRequest], window: Window) -> LoadResult:
        """Load every requested series restricted to the window, plus `history_s` seconds
        before it for requests that ask for history."""
        ...

    def latest(self, requests: Sequence[SeriesRequest]) -> datetime | None:
        """Newest timestamp the source has for these requests (for `window.end: latest`)."""
        ...
