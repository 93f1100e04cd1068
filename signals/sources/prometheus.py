"""Prometheus as a signal source: read-only PromQL over the HTTP query API.

Only `/api/v1/query`, `/api/v1/query_range` and `/-/ready` are called.

How a query becomes a series (docs/observability.md, "Decisions"):
- no `step` configured and the query is a plain series selector: one instant query of the
  range vector `<query>[<window>]` returns the stored samples with their own timestamps,
  the same points a CSV file of the same data holds;
- otherwise (a computed expression such as a rate ratio, or a configured `step`):
  `query_range` on a grid of `step` seconds ending at the window end, split into queries
  of at most 11,000 points. Prometheus then repeats a sample at each grid point within its
  5-minute lookback, as a dashboard would show it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
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
from vortex_pulse.core.deadline import BodyTooLarge, http_request
from vortex_pulse.core.redact import redact
from vortex_pulse.signals.series import (
    NO_QUERY,
    LoadResult,
    Series,
    SeriesKey,
    SeriesRequest,
    SourceError,
    SourceFinding,
    Window,
    last_per_timestamp,
    no_data,
)

log = logging.getLogger(__name__)

MAX_POINTS = 11_000  # Prometheus rejects range queries with more points per series
MIN_STEP_S = 60.0  # finest default grid for computed expressions
LOOKBACK_S = 300.0  # Prometheus' default lookback delta
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


def default_step(seconds: float) -> float:
    """The grid for a computed expression when no step is configured: one minute, or the
    smallest whole number of minutes that fits the window in one query of 11,000 points."""
    minutes = math.ceil(seconds / (MAX_POINTS - 1) / MIN_STEP_S)
    return max(MIN_STEP_S, minutes * MIN_STEP_S)


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
class _Fetched:
    """One query's answer: per label set, (timestamps, values) sorted, unique, in the window."""

    frames: dict[Labels, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # the query was rejected (bad PromQL, too many points)

    @classmethod
    def from_bodies(cls, bodies: list[dict[str, Any]], start: float, end: float) -> _Fetched:
        out = cls()
        pairs: dict[Labels, list[list[Any]]] = {}
        for body in bodies:  # chunks in time order
            for w in [*body.get("warnings", []), *body.get("infos", [])]:
                if str(w) not in out.warnings:
                    out.warnings.append(str(w))
            data = body["data"]
            kind = data.get("resultType", "matrix")
            if kind != "matrix":
                out.error = f"expected a range (matrix) result, got {kind!r}"
                return out
            for item in data.get("result", []):
                values = item.get("values") if isinstance(item, dict) else None
                if not isinstance(values, list):
                    out.error = "a result item without `values`"
                    return out
                metric = item.get("metric", {})
                pairs.setdefault(_labels(metric if isinstance(metric, dict) else {}), []).extend(
                    values
                )
        for labels, vals in pairs.items():
            try:
                arr = np.asarray(vals, dtype=np.float64).reshape(-1, 2)
            except (ValueError, TypeError):
                out.error = "samples that are not [time, value] pairs"
                return out
            keep = (arr[:, 0] > start) & (arr[:, 0] <= end) & ~np.isnan(arr[:, 1])
            # chunks overlap at their edges: the later chunk's answer wins, as in every source
            out.frames[labels] = last_per_timestamp(arr[keep, 0], arr[keep, 1])
        return out


def _as_of(ts: np.ndarray, n_ts: np.ndarray, n_vals: np.ndarray) -> np.ndarray:
    """The sample size in force at each point: the newest n at or before it, within the
    5-minute lookback Prometheus itself uses; NaN where there is none."""
    if len(n_ts) == 0:
        return np.full(len(ts), np.nan)
    idx = np.searchsorted(n_ts, ts, side="right") - 1
    ok = (idx >= 0) & (ts - n_ts[np.clip(idx, 0, None)] <= LOOKBACK_S)
    return np.where(ok, n_vals[np.clip(idx, 0, None)], np.nan)


class PrometheusSource:
    """The Source protocol over a Prometheus-compatible query API."""

    # Live data: a pass that failed is never resumed with its old window (pulse/pipeline.py).
    live = True

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
        self._grid_only: set[str] = set()  # queries Prometheus would not take as a range
        self._base = url.rstrip("/")
        # A total deadline per request (connect + whole answer), not a per-read timeout: a
        # server trickling one byte at a time cannot hold a pass (core/deadline.py).
        self._deadline_s = timeout_s
        self._headers = dict(headers or {})
        self._verify = verify_tls

    def __repr__(self) -> str:  # header values (tokens) stay out of every repr and log line
        return f"PrometheusSource(name={self.name!r}, url={self.url!r})"

    def close(self) -> None:
        """Nothing to release: every request has its own short-lived connection."""

    def _request(self, path: str, params: dict[str, str] | None = None) -> httpx.Response:
        return http_request(
            "GET",
            self._base + path,
            deadline_s=self._deadline_s,
            params=params,
            headers=self._headers,
            verify=self._verify,
        )

    # -- reachability ---------------------------------------------------------------

    def ready(self) -> tuple[bool, str]:
        """One GET of /-/ready, no retry: (reachable, short detail)."""
        try:
            resp = self._request("/-/ready")
        except (httpx.HTTPError, UnicodeError, ValueError) as exc:
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
                resp = self._request(path, params)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                raise _Retryable(type(exc).__name__) from None
            except BodyTooLarge as exc:
                raise SourceError(f"prometheus source {self.name!r} at {self.url}: {exc}") from None
            except (UnicodeError, ValueError, httpx.HTTPError) as exc:  # e.g. a non-ASCII header
                raise SourceError(
                    f"prometheus source {self.name!r} at {self.url}: cannot send the request"
                    f" ({type(exc).__name__})"
                ) from None
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
            if not isinstance(body, dict):
                raise SourceError(
                    f"prometheus source {self.name!r} at {self.url}: {path} answered"
                    " JSON that is not an object"
                )
            if body.get("status") != "success":
                raise _Rejected(redact(str(body.get("error", "query failed")))[:300])
            data = body.get("data")
            if not isinstance(data, dict) or not isinstance(data.get("result", []), list):
                raise SourceError(
                    f"prometheus source {self.name!r} at {self.url}: {path} answered without"
                    " a `data.result` list (not a Prometheus query API?)"
                )
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

    def _fetch(self, query: str, window: Window, history_s: float = 0.0) -> _Fetched:
        """One query over the window (and `history_s` before it): raw samples when possible,
        else the evaluation grid. The grid's step is the window's own, so history never
        coarsens the points scored in the window."""
        start, end = window.extended(history_s).start.timestamp(), window.end.timestamp()
        query = query.strip()
        if self.step is None and query not in self._grid_only:
            span = math.ceil(end - start) + 1
            try:
                body = self._get("/api/v1/query", {"query": f"{query}[{span}s]", "time": _fmt(end)})
                return _Fetched.from_bodies([body], start, end)
            except _Rejected:
                self._grid_only.add(query)  # not a plain selector: the grid, now and next time
        step = self.step or default_step(window.seconds)
        first = end - math.floor((end - start) / step) * step
        if first <= start:  # the window is (start, end]
            first += step
        bodies = []
        try:
            for s, e in chunk_range(first, end, step):
                params = {"query": query, "start": _fmt(s), "end": _fmt(e), "step": _fmt(step)}
                bodies.append(self._get("/api/v1/query_range", params))
        except _Rejected as exc:
            return _Fetched(error=str(exc))
        return _Fetched.from_bodies(bodies, start, end)

    def load(self, requests: Sequence[SeriesRequest], window: Window) -> LoadResult:
        out = LoadResult()
        jobs: list[tuple[int, str, str, float]] = []  # (request, "value" | "n", query, history)
        for i, req in enumerate(requests):
            if not req.query:
                out.findings.append(SourceFinding(self.name, NO_QUERY, req.experiment, req.metric))
                continue
            jobs.append((i, "value", req.query, req.history_s))
            if req.n_query:
                jobs.append((i, "n", req.n_query, req.history_s))
        fetched = self._parallel(lambda job: self._fetch(job[2], window, job[3]), jobs)
        got: dict[int, dict[str, _Fetched]] = {}
        for (i, kind, _q, _h), f in zip(jobs, fetched, strict=True):
            got.setdefault(i, {})[kind] = f
        for i, parts in got.items():
            req = requests[i]
            notes = [f"Prometheus warning: {w}" for f in parts.values() for w in f.warnings]
            for kind, what in (("value", "query"), ("n", "sample-size query")):
                if kind in parts and parts[kind].error:
                    notes.append(f"{what} rejected by Prometheus: {parts[kind].error}")
            for msg in dict.fromkeys(notes):
                log.warning("%s: %s/%s: %s", self.name, req.experiment, req.metric, msg)
                out.findings.append(SourceFinding(self.name, msg, req.experiment, req.metric))
            if parts["value"].error is None:
                before = len(out.series)
                n = parts.get("n")
                sizes = n if n and n.error is None else None
                self._assemble(req, parts["value"], sizes, out, window.start.timestamp())
                if len(out.series) == before:  # like a file without rows: say so
                    out.findings.append(no_data(self.name, req.experiment, req.metric))
        return out

    def _assemble(
        self,
        req: SeriesRequest,
        values: _Fetched,
        sizes: _Fetched | None,
        out: LoadResult,
        window_start: float,
    ) -> None:
        n_by_segment: dict[str | None, tuple[np.ndarray, np.ndarray]] = {}
        for labels, pair in (sizes.frames if sizes else {}).items():
            n_by_segment.setdefault(dict(labels).get(SEGMENT_LABEL), pair)
        kept: dict[SeriesKey, Labels] = {}
        for labels in sorted(values.frames):
            ts, vals = values.frames[labels]
            seg = dict(labels).get(SEGMENT_LABEL)
            key = SeriesKey(req.experiment, req.metric, seg)
            if key in kept:
                out.findings.append(
                    SourceFinding(
                        self.name,
                        f"query returned several series for segment {seg or '(aggregate)'}"
                        f"; kept {dict(kept[key])}, add sum() or a `{SEGMENT_LABEL}` label",
                        req.experiment,
                        req.metric,
                    )
                )
                continue
            kept[key] = labels
            if len(ts) == 0 or ts[-1] <= window_start:  # history alone is no series
                continue
            n = None
            if sizes is not None:
                n = _as_of(ts, *n_by_segment.get(seg, (np.empty(0), np.empty(0))))
                missing = int(np.isnan(n).sum())
                if missing:
                    out.findings.append(
                        SourceFinding(self.name, f"sample size missing for {missing} of"
                                      f" {len(ts)} points", req.experiment, req.metric)
                    )  # fmt: skip
            out.series[key] = Series(key=key, ts=ts, values=vals, n=n)

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
                    try:
                        return float(result[0]["value"][1])
                    except (KeyError, IndexError, TypeError, ValueError):
                        return None  # not an instant vector: no usable answer
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
    if not isinstance(body, dict):
        return f"HTTP {resp.status_code}"
    text = str(body.get("error") or f"HTTP {resp.status_code}").strip()
    # A server may echo the request (and its Authorization header) in the error.
    return redact(text.splitlines()[0] if text else f"HTTP {resp.status_code}")[:300]
