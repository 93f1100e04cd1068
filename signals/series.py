"""Series, windows and the source interface every signal source implements.

Files, Prometheus and any later source return the same `Series`, so scoring is identical
whatever the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
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


@dataclass(frozen=True, slots=True)
class SeriesRequest:
    """What a source is asked for: one experiment x metric (all its segments)."""

    experiment: str
    metric: str
    source: str = "default"
    query: str | None = None  # PromQL (templated already) for query-based sources
    n_query: str | None = None  # optional PromQL giving the sample size per point


@dataclass(frozen=True, slots=True)
class SourceFinding:
    """A data-quality fact a source noticed (warnings, partial results, dropped rows)."""

    source: str
    message: str
    experiment: str | None = None
    metric: str | None = None


@dataclass(slots=True)
class LoadResult:
    series: dict[SeriesKey, Series] = field(default_factory=dict)
    findings: list[SourceFinding] = field(default_factory=list)


class SourceError(Exception):
    """A source could not be read at all (file missing, server unreachable)."""


class Source(Protocol):
    name: str

    def load(self, requests: Sequence[SeriesRequest], window: Window) -> LoadResult:
        """Load every requested series restricted to the window."""
        ...

    def latest(self, requests: Sequence[SeriesRequest]) -> datetime | None:
        """Newest timestamp the source has for these requests (for `window.end: latest`)."""
        ...
