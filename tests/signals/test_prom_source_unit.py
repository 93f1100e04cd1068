"""PrometheusSource behaviour a healthy Prometheus does not show: 5xx, warnings, auth errors.

A scripted HTTP server on 127.0.0.1 answers in Prometheus' API format.
"""

from __future__ import annotations

import http.server
import json
import math
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from vortex_pulse.signals.series import SeriesKey, SeriesRequest, SourceError, Window
from vortex_pulse.signals.sources.prometheus import (
    MAX_POINTS,
    PrometheusSource,
    chunk_range,
    default_step,
    points_in,
)

END = datetime(2026, 3, 1, tzinfo=UTC)
WINDOW = Window(END - timedelta(hours=3), END)
REQ = SeriesRequest("checkout", "action_rate", "prom", query='pulse_signal{experiment="checkout"}')


class Stub:
    """Prometheus' query API, scripted: `fail` errors first, then matrix data (+ warnings);
    each answer takes `delay` seconds, and the most requests seen at once is recorded."""

    def __init__(
        self, *, fail: int = 0, status: int = 503, warnings: list[str] | None = None,
        delay: float = 0.0,
    ) -> None:  # fmt: skip
        self.fail, self.status, self.warnings = fail, status, warnings or []
        self.delay = delay
        self.calls: list[dict[str, list[str]]] = []
        self.auth: list[str | None] = []
        self.active = self.max_active = 0
        self.lock = threading.Lock()
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                with stub.lock:
                    stub.active += 1
                    stub.max_active = max(stub.max_active, stub.active)
                time.sleep(stub.delay)
                with stub.lock:
                    stub.active -= 1
                url = urlsplit(self.path)
                q = parse_qs(url.query)
                stub.calls.append(q)
                stub.auth.append(self.headers.get("Authorization"))
                if stub.fail > 0:
                    stub.fail -= 1
                    return self._json(stub.status, {"status": "error", "errorType": "x",
                                                    "error": "overloaded"})  # fmt: skip
                query = q["query"][0]
                if url.path == "/api/v1/query":  # a range vector: raw hourly samples
                    if not query.startswith("pulse_signal"):
                        return self._json(400, {"status": "error", "errorType": "bad_data",
                                                "error": "ranges only allowed for vector"
                                                " selectors"})  # fmt: skip
                    end = float(q["time"][0])
                    span = float(query.rsplit("[", 1)[1].rstrip("s]"))
                    first = math.ceil((end - span) / 3600) * 3600
                    values = [
                        [t, str(60 + (t // 3600) % 5)] for t in range(first, int(end) + 1, 3600)
                    ]
                else:  # query_range: one point per grid time
                    start, end, step = (float(q[k][0]) for k in ("start", "end", "step"))
                    grid = [start + i * step for i in range(points_in(start, end, step))]
                    values = [[g, "7"] for g in grid]
                body: dict[str, Any] = {
                    "status": "success",
                    "data": {"resultType": "matrix",
                             "result": [{"metric": {"experiment": "checkout"}, "values": values}]},
                }  # fmt: skip
                if stub.warnings:
                    body["warnings"] = stub.warnings
                self._json(200, body)

            def _json(self, code: int, body: Any) -> None:
                raw = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub_factory() -> Iterator[Any]:
    made: list[Stub] = []

    def make(**kw: Any) -> Stub:
        made.append(Stub(**kw))
        return made[-1]

    yield make
    for s in made:
        s.close()


def test_chunks_stay_under_the_point_limit_and_keep_the_grid() -> None:
    step = 60.0
    start, end = 0.0, 21 * 86400.0  # 30,241 points at one minute
    chunks = chunk_range(start, end, step)
    assert len(chunks) == 3  # ceil(30241 / 11000)
    assert all(points_in(s, e, step) <= MAX_POINTS for s, e in chunks)
    assert sum(points_in(s, e, step) for s, e in chunks) == points_in(start, end, step)
    assert chunks[0][0] == start and chunks[-1][1] == end
    assert all((s - start) % step == 0 for s, _ in chunks)  # the same grid as one query
    assert chunk_range(0.0, 600.0, 60.0) == [(0.0, 600.0)]


def test_default_step_fits_the_window_in_one_query() -> None:
    day = 86400.0
    assert default_step(3 * 3600) == 60  # short windows: one minute
    assert default_step(7 * day) == 60  # 10,081 points: fits
    assert default_step(21 * day) == 180  # 60 s would be 30,241 points; 165 s rounds up
    assert default_step(90 * day) == 720
    for days in (7, 21, 90, 400):
        assert points_in(0, days * day, default_step(days * day)) <= MAX_POINTS


def test_a_selector_is_read_as_raw_samples_in_the_window(stub_factory: Any) -> None:
    stub = stub_factory()
    res = PrometheusSource("prom", stub.url).load([REQ], WINDOW)
    s = res.series[SeriesKey("checkout", "action_rate")]
    start = WINDOW.start.timestamp()
    # samples on the hour; the one at the window start is outside: the window is (start, end]
    assert list(s.ts) == [start + 3600, start + 7200, start + 10800]
    assert list(s.values) == [60 + (t // 3600) % 5 for t in s.ts]
    assert [c["query"][0] for c in stub.calls] == ['pulse_signal{experiment="checkout"}[10801s]']


def test_an_expression_is_evaluated_on_a_grid_ending_at_the_window_end(stub_factory: Any) -> None:
    stub = stub_factory()
    req = SeriesRequest("checkout", "errors", "prom", query="sum(rate(x[5m]))")
    src = PrometheusSource("prom", stub.url)
    s = src.load([req], WINDOW).series[SeriesKey("checkout", "errors")]
    end = WINDOW.end.timestamp()
    assert list(s.ts) == [end - 60 * k for k in range(179, -1, -1)]  # (start, end] at 1 min
    assert set(s.values) == {7.0}
    raw, grid = stub.calls
    assert raw["query"] == ["sum(rate(x[5m]))[10801s]"] and grid["query"] == ["sum(rate(x[5m]))"]
    src.load([req], WINDOW)  # the next load goes straight to the grid
    assert [c["query"] for c in stub.calls[2:]] == [["sum(rate(x[5m]))"]]


def test_5xx_is_retried_then_succeeds(stub_factory: Any) -> None:
    stub = stub_factory(fail=2)
    res = PrometheusSource("prom", stub.url, max_retries=2).load([REQ], WINDOW)
    assert SeriesKey("checkout", "action_rate") in res.series
    assert len(stub.calls) == 3  # two 503s, then the answer


def test_5xx_beyond_the_retries_is_a_source_error(stub_factory: Any) -> None:
    stub = stub_factory(fail=100)
    src = PrometheusSource("prom", stub.url, max_retries=1, max_concurrency=1)
    with pytest.raises(SourceError, match=r"unreachable: HTTP 503 after 2 attempts"):
        src.load([REQ], WINDOW)


def test_auth_failure_is_not_retried_and_hides_the_token(stub_factory: Any) -> None:
    stub = stub_factory(fail=100, status=401)
    src = PrometheusSource("prom", stub.url, headers={"Authorization": "Bearer t0p"},
                           max_concurrency=1)  # fmt: skip
    many = [SeriesRequest(f"e{i}", "m", "prom", query=f'x{{e="{i}"}}') for i in range(5)]
    with pytest.raises(SourceError) as err:
        src.load(many, WINDOW)
    assert "HTTP 401" in str(err.value) and "t0p" not in str(err.value)
    # no retry, and the 4 queued queries are dropped (one may already be running)
    assert len(stub.calls) <= 2 and set(stub.auth) == {"Bearer t0p"}


def test_warnings_become_findings_once(stub_factory: Any) -> None:
    stub = stub_factory(warnings=["partial response: store eu-1 unavailable"])
    res = PrometheusSource("prom", stub.url).load([REQ], WINDOW)
    assert [(f.experiment, f.metric, f.message) for f in res.findings] == [
        ("checkout", "action_rate", "Prometheus warning: partial response: store eu-1 unavailable")
    ]
    assert SeriesKey("checkout", "action_rate") in res.series  # partial data is still data


def test_queries_run_in_parallel_within_the_bound(stub_factory: Any) -> None:
    stub = stub_factory(delay=0.1)
    many = [
        SeriesRequest(f"e{i}", "m", "prom", query=f'pulse_signal{{e="{i}"}}') for i in range(12)
    ]
    t0 = time.monotonic()
    res = PrometheusSource("prom", stub.url, max_concurrency=3).load(many, WINDOW)
    elapsed = time.monotonic() - t0
    assert len(res.series) == 12
    assert stub.max_active == 3  # parallel, never above the bound
    assert elapsed >= 0.4  # 12 requests, 3 at a time, 0.1 s each


def test_a_timestamp_answered_by_two_chunks_keeps_the_later_answer() -> None:
    """Chunk edges overlap: the later chunk's value wins, the rule every source follows
    (signals/series.last_per_timestamp), not whichever numpy happened to keep."""
    from vortex_pulse.signals.sources.prometheus import _Fetched

    def body(*points: tuple[float, str]) -> dict[str, Any]:
        values = [[t, v] for t, v in points]
        return {"data": {"resultType": "matrix", "result": [{"metric": {}, "values": values}]}}

    got = _Fetched.from_bodies([body((60, "1"), (120, "2")), body((120, "5"), (180, "3"))], 0, 200)
    ts, vals = got.frames[()]
    assert ts.tolist() == [60, 120, 180] and vals.tolist() == [1, 5, 3]
