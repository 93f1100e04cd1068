"""Datadog as a signal source, through the official `datadog-api-client` (read-only).

Only the metrics query API is called (`GET /api/v1/query`, `MetricsApi.query_metrics`). Keys
come from the caller (who reads them from the environment) and go nowhere but the client's
auth headers: no repr, log line or error message carries them. Rate limits are honoured the
way Datadog documents them: a 429 is retried by the client after `X-RateLimit-Reset` seconds
(`enable_retry`), and when a successful answer says `X-RateLimit-Remaining: 0` the next request
waits for the reset first.

A query's answer (`series[].pointlist` of `[epoch_ms, value]`) becomes a Series keyed by the
request; a series tagged `segment:<name>` is that segment, others are the aggregate. Long
windows are read in chunks (`chunk_s`) so Datadog's automatic rollup keeps short windows fine.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
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

SEGMENT_TAG = "segment"
MAX_RESET_WAIT_S = 60.0  # never sleep longer than this for a rate-limit reset
DEFAULT_CHUNK_S = 86400.0


def _header(headers: Any, name: str) -> str | None:
    if not headers:
        return None
    for k, v in dict(headers).items():
        if k.lower() == name.lower():
            return str(v)
    return None


def _segment(tag_set: list[str] | None) -> str | None:
    for tag in tag_set or []:
        key, _, value = tag.partition(":")
        if key == SEGMENT_TAG and value:
            return value
    return None


class DatadogSource:
    """A Source over Datadog's metrics query API (see the module docstring)."""

    # Live data: a pass that failed is never resumed with its old window (pulse/pipeline.py).
    live = True

    def __init__(
        self,
        name: str,
        *,
        api_key: str,
        app_key: str | None,
        site: str | None = None,
        host: str | None = None,
        timeout_s: float = 30.0,
        max_retries: int = 3,
        chunk_s: float = DEFAULT_CHUNK_S,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        from datadog_api_client import ApiClient, Configuration
        from datadog_api_client.v1.api.metrics_api import MetricsApi

        self.name = name
        self.where = host or f"https://api.{site or 'datadoghq.com'}"
        cfg = Configuration(host=host) if host else Configuration()
        if site and not host:
            cfg.server_variables["site"] = site
        cfg.api_key["apiKeyAuth"] = api_key
        if app_key:
            cfg.api_key["appKeyAuth"] = app_key
        cfg.enable_retry = True  # 429 / 5xx: retried after X-RateLimit-Reset seconds
        cfg.max_retries = max_retries
        cfg.return_http_data_only = False  # we read the rate-limit headers
        cfg.request_timeout = timeout_s
        self._client = ApiClient(cfg)
        self._api = MetricsApi(self._client)
        self._chunk_s = chunk_s
        self._sleep = sleep
        self._wait_until = 0.0  # monotonic time before which no request is sent

    def __repr__(self) -> str:  # keys stay out of every repr and log line
        return f"DatadogSource(name={self.name!r}, host={self.where!r})"

    def close(self) -> None:
        self._client.close()

    # -- one request --------------------------------------------------------------------------
    def _query(self, query: str, start: int, end: int) -> Any:
        from datadog_api_client.exceptions import ApiException, OpenApiException

        delay = self._wait_until - time.monotonic()
        if delay > 0:
            self._sleep(delay)
        try:
            # return_http_data_only=False: the client answers (data, status, headers)
            answer: Any = self._api.query_metrics(_from=start, to=end, query=query)
            data, _status, headers = answer
        except ApiException as exc:
            # Never str(exc): it carries response headers and bodies verbatim.
            reason = f"HTTP {exc.status}"
            if exc.status in (401, 403):
                reason += " (check the API and application keys)"
            elif exc.status == 429:
                reason += " (rate limited; retries exhausted)"
            raise SourceError(f"datadog {self.where}: {reason}") from None
        except OpenApiException as exc:
            raise SourceError(
                f"datadog {self.where}: unexpected answer ({type(exc).__name__})"
            ) from None
        except Exception as exc:  # urllib3 connection / retry errors
            raise SourceError(f"datadog {self.where}: unreachable ({type(exc).__name__})") from None
        remaining = _header(headers, "X-RateLimit-Remaining")
        reset = _header(headers, "X-RateLimit-Reset")
        if remaining is not None and remaining.strip() == "0" and reset:
            try:
                wait = min(MAX_RESET_WAIT_S, max(0.0, float(reset)))
            except ValueError:
                wait = 0.0
            self._wait_until = time.monotonic() + wait
        return data

    def _fetch(
        self, query: str, window: Window
    ) -> tuple[dict[str | None, list[tuple[float, float]]], list[str]]:
        lo, hi = int(window.start.timestamp()), int(window.end.timestamp())
        points: dict[str | None, list[tuple[float, float]]] = {}
        notes: list[str] = []
        s = lo
        while s < hi:
            e = min(hi, s + int(self._chunk_s))
            data = self._query(query, s, e)
            status = getattr(data, "status", "ok")
            if status not in (None, "ok"):
                notes.append(f"query status {status!r}")
            for series in getattr(data, "series", None) or []:
                seg = _segment(getattr(series, "tag_set", None))
                for point in getattr(series, "pointlist", None) or []:
                    raw = point.value if hasattr(point, "value") else point
                    if raw is None or len(raw) < 2 or raw[0] is None or raw[1] is None:
                        continue
                    points.setdefault(seg, []).append((float(raw[0]) / 1000.0, float(raw[1])))
            s = e
        return points, notes

    # -- Source protocol ------------------------------------------------------------------------
    def load(self, requests: Sequence[SeriesRequest], window: Window) -> LoadResult:
        result = LoadResult()
        for req in requests:
            span = window.extended(req.history_s)
            lo, hi = span.start.timestamp(), span.end.timestamp()
            if not req.query:
                result.findings.append(
                    SourceFinding(self.name, NO_QUERY, req.experiment, req.metric)
                )
                continue
            points, notes = self._fetch(req.query, span)
            for note in notes:
                result.findings.append(SourceFinding(self.name, note, req.experiment, req.metric))
            start = window.start.timestamp()
            points = {k: v for k, v in points.items() if max(p[0] for p in v) > start}
            if not points:
                result.findings.append(no_data(self.name, req.experiment, req.metric))
            for seg, pts in points.items():
                ts = np.array([p[0] for p in pts], dtype=float)
                vals = np.array([p[1] for p in pts], dtype=float)
                # chunk edges overlap by one second: the last answer of a timestamp wins
                ts, vals = last_per_timestamp(ts, vals)
                keep = (ts > lo) & (ts <= hi) & ~np.isnan(vals)
                key = SeriesKey(req.experiment, req.metric, seg)
                result.series[key] = Series(key, ts[keep], vals[keep])
        return result

    def latest(self, requests: Sequence[SeriesRequest]) -> datetime | None:
        """Newest point of the last day (Datadog has no 'latest sample' query)."""
        end = datetime.now(UTC)
        window = Window(datetime.fromtimestamp(end.timestamp() - 86400, UTC), end)
        newest: float | None = None
        for req in requests:
            if not req.query:
                continue
            points, _ = self._fetch(req.query, window)
            for pts in points.values():
                t = max(p[0] for p in pts)
                newest = t if newest is None else max(newest, t)
        return None if newest is None else datetime.fromtimestamp(newest, UTC)
