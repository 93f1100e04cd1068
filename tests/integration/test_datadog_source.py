"""The Datadog source against the local server speaking Datadog's query API: points and
segments, rate-limit headers honoured, errors without secrets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import numpy as np
import pytest
from vortex_pulse.signals.series import SeriesKey, SeriesRequest, SourceError, Window
from vortex_pulse.signals.sources.datadog import DatadogSource

from tests.support.datadog_server import DatadogServer

KEY, APP = "k-canary-0123", "a-canary-4567"
Q = "avg:checkout.errors{env:prod}"
TS = 1_780_000_000.0 + 60.0 * np.arange(3 * 1440)  # three days, one point a minute
VALUES = np.round(np.sin(TS / 5000.0) + 2.0, 4)
WINDOW = Window(datetime.fromtimestamp(TS[0] - 60, UTC), datetime.fromtimestamp(TS[-1], UTC))


@pytest.fixture
def server() -> Iterator[DatadogServer]:
    srv = DatadogServer({Q: (TS, VALUES)}, api_key=KEY, app_key=APP, remaining_zero_every=2)
    yield srv
    srv.close()


def test_points_arrive_whole_across_daily_chunks(server: DatadogServer) -> None:
    waits: list[float] = []
    src = DatadogSource("dd", api_key=KEY, app_key=APP, host=server.url, sleep=waits.append)
    got = src.load([SeriesRequest("svc", "errors", "dd", Q)], WINDOW)
    s = got.series[SeriesKey("svc", "errors")]
    assert np.array_equal(s.ts, TS) and np.array_equal(s.values, VALUES)
    assert got.findings == []
    assert len(server.requests) == 3  # three days in one-day chunks
    assert {r["path"] for r in server.requests} == {"/api/v1/query"}
    # every 2nd answer says X-RateLimit-Remaining: 0, reset 1 s: the next request waits
    assert len(waits) == 1 and 0.5 < waits[0] <= 1.0


def test_a_429_is_retried_after_the_reset(server: DatadogServer) -> None:
    server.limit_first = 1
    src = DatadogSource("dd", api_key=KEY, app_key=APP, host=server.url, sleep=lambda s: None)
    got = src.load([SeriesRequest("svc", "errors", "dd", Q)], WINDOW)
    assert len(got.series[SeriesKey("svc", "errors")]) == len(TS)
    statuses = [r["status"] for r in server.requests]
    assert statuses[0] == 429 and statuses[1] == 200
    assert server.requests[1]["t"] - server.requests[0]["t"] >= 0.9  # X-RateLimit-Reset: 1


def test_errors_name_the_problem_not_the_keys(server: DatadogServer) -> None:
    src = DatadogSource("dd", api_key="wrong", app_key=APP, host=server.url)
    with pytest.raises(SourceError) as err:
        src.load([SeriesRequest("svc", "errors", "dd", Q)], WINDOW)
    assert "HTTP 403" in str(err.value)
    assert KEY not in repr(src) and APP not in repr(src) and APP not in str(err.value)
    down = DatadogSource("dd", api_key=KEY, app_key=APP, host="http://127.0.0.1:9", max_retries=0)
    with pytest.raises(SourceError, match="unreachable"):
        down.load([SeriesRequest("svc", "errors", "dd", Q)], WINDOW)


def test_history_before_the_window_is_read_only_when_asked(server: DatadogServer) -> None:
    src = DatadogSource("dd", api_key=KEY, app_key=APP, host=server.url, sleep=lambda s: None)
    last_day = Window(datetime.fromtimestamp(TS[-1] - 86400, UTC), WINDOW.end)
    plain = src.load([SeriesRequest("svc", "errors", "dd", Q)], last_day).series
    assert len(plain[SeriesKey("svc", "errors")]) == 1440
    asked = SeriesRequest("svc", "errors", "dd", Q, history_s=86400.0)
    s = src.load([asked], last_day).series[SeriesKey("svc", "errors")]
    assert len(s) == 2 * 1440 and s.ts[0] == TS[-1] - 2 * 86400 + 60
    # history alone is no data in the window
    after = Window(WINDOW.end, datetime.fromtimestamp(TS[-1] + 86400, UTC))
    got = src.load([SeriesRequest("svc", "errors", "dd", Q, history_s=86400.0)], after)
    assert got.series == {}
    assert [f.message for f in got.findings] == ["no data in the window"]
