"""Step 3: query every source once for the whole portfolio, then score each experiment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
from vortex_pulse.signals.facts import ExperimentSpec
from vortex_pulse.signals.series import LoadResult, Series, SeriesKey, SeriesRequest, Source, Window

CHART_POINTS = 120  # points per chart line: enough for shape, small enough for state


def requests_by_source(
    specs: Sequence[ExperimentSpec], learn_s: float = 0.0
) -> dict[str, list[SeriesRequest]]:
    """Requests per source; a metric with no numeric baseline also asks for `learn_s`
    seconds of history to learn its band from (docs/rules.md, "Learned baselines")."""
    out: dict[str, list[SeriesRequest]] = defaultdict(list)
    for spec in specs:
        for m in spec.metrics:
            learns = m.baseline is None or not m.baseline.numeric
            out[m.source].append(
                SeriesRequest(
                    experiment=spec.id,
                    metric=m.series,
                    source=m.source,
                    query=m.query,
                    n_query=m.n_query,
                    history_s=learn_s if learns else 0.0,
                )
            )
    return dict(out)


def load_all(
    sources: Mapping[str, Source],
    specs: Sequence[ExperimentSpec],
    window: Window,
    learn_s: float = 0.0,
) -> LoadResult:
    """One load per source (sources batch their own requests)."""
    merged = LoadResult()
    for name, reqs in requests_by_source(specs, learn_s).items():
        res = sources[name].load(reqs, window)
        merged.series.update(res.series)
        merged.findings.extend(res.findings)
    return merged


def chart_line(s: Series, points: int = CHART_POINTS) -> dict[str, list[float]]:
    """Bucket means over equal index ranges: keeps the shape, bounded size, JSON-able."""
    n = len(s)
    if n == 0:
        return {"t": [], "v": []}
    k = min(points, n)
    bucket = np.arange(n) * k // n  # sorted bucket ids 0..k-1, sizes differ by at most 1
    count = np.bincount(bucket, minlength=k)
    t = np.bincount(bucket, weights=s.ts, minlength=k) / count
    v = np.round(np.bincount(bucket, weights=s.values, minlength=k) / count, 6)
    return {"t": t.tolist(), "v": v.tolist()}


def charts_for(
    data: Mapping[SeriesKey, Series], window: Window | None = None
) -> dict[str, dict[str, list[float]]]:
    """The aggregate (segment-less) line of each series of one experiment, inside the
    window (history loaded to learn a baseline from is not charted)."""
    out = {}
    for k, s in data.items():
        if k.segment is not None:
            continue
        if window is not None:
            keep = s.ts > window.start.timestamp()
            if not keep.all():
                s = Series(k, s.ts[keep], s.values[keep])
        out[k.metric] = chart_line(s)
    return out
