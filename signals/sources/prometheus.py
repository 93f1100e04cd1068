"""Prometheus as a signal source: read-only PromQL over the HTTP query API.

Only `/api/v1/query`, `/api/v1/query_range` and `/-/ready` are called. A range query
evaluates the expression on a grid of `step` seconds, repeating a sample at every grid
point within Prometheus' 5-minute lookback. To return the same points a CSV file of the
same data would give, every value query is paired with `timestamp(<query>)`, which yields
the timestamp of the sample each grid value came from; points are then de-duplicated on
that timestamp. For computed expressions (rates, sums) `timestamp()` is the grid time,
so the grid points themselves are the series.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import httpx
import numpy as np
from tenacity import (
    RetryError,
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from signals.series import (
    LoadResult,
    Series,
    SeriesKey,
    SeriesRequest,
    SourceError,
    SourceFinding,
    Window,
)

log = logging.getLogger(__name__)

MAX_POINTS = 11_000  # Prometheus rejects range queries with more points per series
DEFAULT_STEP_S = 60.0  # well under the 5-minute lookback, so no sparse sample is skipped
SEGMENT_LABEL = "segment"
# `latest()`: first one instant query with a long `lookback_delta` (Prometheus >= 2.43 honours
# it; older servers ignore it), then subqueries back in time, nearest first. Up to 60 days the
# subquery step stays under the 5-minute lookback, so no sample is missed; beyond that a
# 30-minute step keeps the query under a second and sees samples up to 5 minutes before each
# half hour (hourly or daily data). Set `window.end` explicitly for other old data.
LATEST_HORIZON = "800d"
_LATEST_SEARCH = (("2d", "1m"), ("60d", "4m"), (LATEST_HORIZON, "30m"))

Labels = tuple[tuple[str, str], ...]
_T = TypeVar("_T")
_R = TypeVar("_R")


class _Retryable(Exception):
    """A 5xx, 429, timeout or connection failure: worth another attempt."""


class _Rejected(Exception):
    """Prometheus refused the query itself (bad PromQL, too many points): not retried."""


def points_in(start: float, end: float, step: float) -> int:
    """How many points a range query over [start, end] at `step` evaluates."""
    return int(math.floor((end - start) / step + 1e-9)) + 1


def chunk_range(
    start: float, end: float, step: float, max_points: int = MAX_POINTS
) -> list[tuple[float, float]]:
    """Split [start, end] into consecutive ranges of at most `max_points` grid points each.

    The grid stays the one a single query would use (start + k*step), so splitting changes
    no value.
    """
    if step <= 0:
        raise ValueError("step must be positive")
    span = (max_points - 1) * step
    out: list[tuple[float, float]] = []
    s = start
    while s <= end:
        e = min(s + span, end)
        out.append((s, e))
        s = e + step
    return out


def _strip_userinfo(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def _labels(metric: dict[str, str]) -> Labels:
    return tuple(sorted((k, v) for k, v in metric.items() if k != "__name__"))


@dataclass(slots=True)
class _Frame:
    """One query result series, all chunks concatenated: grid times and values."""

    grid: list[float]
    values: list[float]


class PrometheusSource:
    """The Source protocol over a Prometheus-compatible query API."""

    def __init__(
        self,
        name: str,
        url: str,
        *,
        timeout_s: float = 30.0,
        headers: dict[str, str] | None = None,
        verify_tls: bool = True,
        max_concurrency: int = 4,
        max_retries: int = 3,
        step: float | None = None,
    ) -> None:
        self.name = name
        self.url = _strip_userinfo(url)
        self.step = step
        self.max_concurrency = max_concurrency
        self._attempts = max_retries + 1
        self._client = httpx.Client(
            base_url=url.rstrip("/"),
            timeout=timeout_s,
            headers=headers or {},
            verify=verify_tls,
            limits=httpx.Limits(max_connections=max_concurrency),
        )

    def __repr__(self) -> str:  # header values (tokens) stay out of every repr and log line
        return f"PrometheusSource(name={self.name!r}, url={self.url!r})"

    def close(self) -> None:
        self._client.close()

    # -- reachability ---------------------------------------------------------------

    def ready(self) -> tuple[bool, str]:
        """One GET of /-/ready, no retry: (reachable, short detail)."""
        try:
            resp = self._client.get("/-/ready")
        except httpx.HTTPError as exc:
            return False, type(exc).__name__
        return resp.status_code == 200, f"HTTP {resp.status_code}"

    # -- HTTP -------------------------------------------------------------------------

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        @retry(
            retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential_jitter(multiplier=0.2, max=5.0),
            reraise=False,
        )
        def attempt() -> dict[str, Any]:
            try:
                resp = self._client.get(path, params=params)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                raise _Retryable(type(exc).__name__) from None
            if resp.status_code >= 500 or resp.status_code == 429:
                raise _Retryable(f"HTTP {resp.status_code}")
            if resp.status_code in (400, 422):
                raise _Rejected(_error_text(resp))
            if resp.status_code >= 300:
                # 401/403/404: wrong URL or credentials; one clear line, no retry
                raise SourceError(
                    f"prometheus source {self.name!r} at {self.url}: HTTP {resp.status_code}"
                    f" from {path}"
                )
            try:
                body = resp.json()
            except ValueError:
                raise SourceError(
                    f"prometheus source {self.name!r} at {self.url}: {path} did not answer JSON"
                ) from None
            if body.get("status") != "success":
                raise _Rejected(str(body.get("error", "query failed")))
            return dict(body)

        try:
            return attempt()
        except RetryError as exc:
            last = exc.last_attempt.exception()
            raise SourceError(
                f"prometheus source {self.name!r} at {self.url} unreachable:"
                f" {last} after {self._attempts} attempts"
            ) from None

    # -- Source protocol ----------------------------------------------------------------

    def load(self, requests: Sequence[SeriesRequest], window: Window) -> LoadResult:
        step = self.step or DEFAULT_STEP_S
        start = window.start.timestamp()
        # One step past the end: a sample between the last grid point and `end` is only
        # visible at the next grid point. Samples after `end` are filtered out below.
        chunks = chunk_range(start, window.end.timestamp() + step, step)
        jobs: list[tuple[SeriesRequest, str, str]] = []
        for req in requests:
            if not req.query:
                continue
            jobs.append((req, "value", req.query))
            jobs.append((req, "ts", f"timestamp({req.query})"))
            if req.n_query:
                jobs.append((req, "n", req.n_query))
        out = LoadResult()
        for req in requests:
            if not req.query:
                out.findings.append(
                    SourceFinding(
                        self.name, "no PromQL query configured", req.experiment, req.metric
                    )
                )

        tasks = [(j, c) for j in range(len(jobs)) for c in chunks]

        def run(task: tuple[int, tuple[float, float]]) -> tuple[int, dict[str, Any] | str]:
            j, (s, e) = task
            params = {"query": jobs[j][2], "start": _fmt(s), "end": _fmt(e), "step": _fmt(step)}
            try:
                return j, self._get("/api/v1/query_range", params)
            except _Rejected as exc:
                return j, str(exc)

        results = self._parallel(run, tasks)
        frames: dict[int, dict[Labels, _Frame]] = {j: {} for j in range(len(jobs))}
        rejected: dict[int, str] = {}
        warnings: dict[int, list[str]] = {j: [] for j in range(len(jobs))}
        for j, body in results:  # in task order: chunk order within each job
            if isinstance(body, str):
                rejected.setdefault(j, body)
                continue
            for w in [*body.get("warnings", []), *body.get("infos", [])]:
                if w not in warnings[j]:
                    warnings[j].append(str(w))
            for item in body["data"].get("result", []):
                fr = frames[j].setdefault(_labels(item.get("metric", {})), _Frame([], []))
                for t, v in item.get("values", []):
                    fr.grid.append(float(t))
                    fr.values.append(float(v))

        by_req: dict[int, dict[str, int]] = {}
        for j, (req, kind, _q) in enumerate(jobs):
            by_req.setdefault(id(req), {})[kind] = j
        end = window.end.timestamp()
        for req in requests:
            if not req.query:
                continue
            idx = by_req[id(req)]
            notes = [f"Prometheus warning: {w}" for j in idx.values() for w in warnings[j]]
            # the timestamp() twin fails exactly when the query does: report the query once
            for kind, what in (("value", "query"), ("n", "sample-size query")):
                if kind in idx and idx[kind] in rejected:
                    notes.append(f"{what} rejected by Prometheus: {rejected[idx[kind]]}")
            if idx["ts"] in rejected and idx["value"] not in rejected:
                notes.append(f"query rejected by Prometheus: {rejected[idx['ts']]}")
            for msg in dict.fromkeys(notes):
                log.warning("%s: %s/%s: %s", self.name, req.experiment, req.metric, msg)
                out.findings.append(SourceFinding(self.name, msg, req.experiment, req.metric))
            if idx["value"] in rejected or idx["ts"] in rejected:
                continue
            n_frames = frames[idx["n"]] if "n" in idx and idx["n"] not in rejected else None
            self._assemble(req, frames[idx["value"]], frames[idx["ts"]], n_frames, start, end, out)
        return out

    def _assemble(
        self,
        req: SeriesRequest,
        values: dict[Labels, _Frame],
        stamps: dict[Labels, _Frame],
        n_frames: dict[Labels, _Frame] | None,
        start: float,
        end: float,
        out: LoadResult,
    ) -> None:
        n_by_segment: dict[str | None, dict[float, float]] = {}
        for labels, fr in (n_frames or {}).items():
            seg = dict(labels).get(SEGMENT_LABEL)
            n_by_segment.setdefault(seg, dict(zip(fr.grid, fr.values, strict=True)))
        for labels in sorted(values):
            fr = values[labels]
            seg = dict(labels).get(SEGMENT_LABEL)
            key = SeriesKey(req.experiment, req.metric, seg)
            if key in out.series:
                out.findings.append(
                    SourceFinding(
                        self.name,
                        f"query returned several series for segment {seg or '(aggregate)'}"
                        f"; kept {dict(labels)}, add sum() or a `{SEGMENT_LABEL}` label",
                        req.experiment,
                        req.metric,
                    )
                )
                continue
            ts_of = (
                dict(zip(stamps[labels].grid, stamps[labels].values, strict=True))
                if labels in stamps
                else {}
            )
            n_at = n_by_segment.get(seg)
            seen: set[float] = set()
            ts: list[float] = []
            vals: list[float] = []
            ns: list[float] = []
            for g, v in zip(fr.grid, fr.values, strict=True):
                t = ts_of.get(g, g)
                if t in seen or t < start or t > end or math.isnan(v):
                    continue
                seen.add(t)
                ts.append(t)
                vals.append(v)
                ns.append(n_at.get(g, math.nan) if n_at is not None else math.nan)
            if not ts:
                continue
            order = np.argsort(ts, kind="stable")
            n_arr = np.asarray(ns, dtype=np.float64)[order] if n_at is not None else None
            if n_arr is not None and np.isnan(n_arr).any():
                missing = int(np.isnan(n_arr).sum())
                out.findings.append(
                    SourceFinding(
                        self.name,
                        f"sample size missing for {missing} of {len(ts)} points",
                        req.experiment,
                        req.metric,
                    )
                )
            out.series[key] = Series(
                key=key,
                ts=np.asarray(ts, dtype=np.float64)[order],
                values=np.asarray(vals, dtype=np.float64)[order],
                n=n_arr,
            )

    def latest(self, requests: Sequence[SeriesRequest]) -> datetime | None:
        """Newest sample timestamp over the requests' queries, searching back nearest first."""
        queries = [r.query for r in requests if r.query]
        if not queries:
            return None

        def newest(query: str) -> float | None:
            attempts = [{"query": f"max(timestamp({query}))", "lookback_delta": LATEST_HORIZON}]
            attempts += [
                {"query": f"max(max_over_time(timestamp({query})[{rng}:{res}]))"}
                for rng, res in _LATEST_SEARCH
            ]
            for params in attempts:
                try:
                    body = self._get("/api/v1/query", params)
                except _Rejected:
                    return None
                result = body["data"].get("result", [])
                if result:
                    return float(result[0]["value"][1])
            return None

        found = [t for t in self._parallel(newest, queries) if t is not None]
        return datetime.fromtimestamp(max(found), tz=UTC) if found else None

    def _parallel(self, fn: Callable[[_T], _R], items: Sequence[_T]) -> list[_R]:
        """Results in input order; at most `max_concurrency` requests in flight."""
        if len(items) <= 1:
            return [fn(i) for i in items]
        pool = ThreadPoolExecutor(max_workers=self.max_concurrency)
        try:
            return list(pool.map(fn, items))
        finally:
            # on the first failure (server down) the queued queries are dropped, not retried
            pool.shutdown(wait=True, cancel_futures=True)


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def _error_text(resp: httpx.Response) -> str:
    try:
        body = resp.json()
    except ValueError:
        return f"HTTP {resp.status_code}"
    return str(body.get("error") or f"HTTP {resp.status_code}").splitlines()[0][:300]
