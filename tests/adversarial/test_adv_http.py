"""Servers that never finish, answer nonsense or echo secrets: every outbound request has a
total deadline, every odd answer is one line (or a finding), never a traceback."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from vortex_pulse.agents.llm.retry import call_with_retry
from vortex_pulse.core import redact
from vortex_pulse.core.config import AlertingConfig, AlertSinkConfig
from vortex_pulse.pulse.alerts.sinks import SinkError, build_sinks
from vortex_pulse.signals.series import SeriesRequest, SourceError, Window
from vortex_pulse.signals.sources.prometheus import PrometheusSource

from tests.adversarial.servers import json_server, trickle_server
from tests.adversarial.support import bounded

WIN = Window(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC))
REQ = [SeriesRequest("exp", "rate", "prom", query="rate_metric")]


def _sink(url: str, **kw: object) -> object:
    cfg = AlertingConfig(sinks=[AlertSinkConfig(type="webhook", url=url, timeout_s=1.0, **kw)])
    return build_sinks(cfg)[0]


def test_prometheus_that_trickles_hits_the_total_deadline() -> None:
    with trickle_server(0.3) as (url, _hit):
        src = PrometheusSource("prom", url, timeout_s=1.0, max_retries=0)
        t0 = time.monotonic()
        done, got = bounded(lambda: src.load(REQ, WIN), 15)
        assert done, "a trickling Prometheus held the request past every timeout"
        assert isinstance(got, SourceError)
        assert time.monotonic() - t0 < 6


def test_prometheus_ready_is_bounded_too() -> None:
    with trickle_server(0.3) as (url, _hit):
        src = PrometheusSource("prom", url, timeout_s=1.0, max_retries=0)
        done, got = bounded(src.ready, 10)
        assert done and got[0] is False


def test_webhook_that_trickles_hits_the_total_deadline() -> None:
    with trickle_server(0.3) as (url, _hit):
        sink = _sink(url + "/hook")
        from tests.adversarial.events import one_event

        done, got = bounded(lambda: sink.send([one_event()], [], datetime.now(UTC)), 10)
        assert done, "a trickling webhook held the delivery"
        assert isinstance(got, SinkError)


def test_non_ascii_webhook_header_is_a_sink_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_TEST_HDR", "caf\u00e9 \u2603")
    from tests.adversarial.events import one_event

    with json_server(lambda h: (200, {})) as url:
        sink = _sink(url + "/hook", headers={"X-Token": "PULSE_TEST_HDR"})
        with pytest.raises(SinkError, match="cannot send"):
            sink.send([one_event()], [], datetime.now(UTC))


def test_model_call_that_never_answers_is_cut_at_the_deadline() -> None:
    t0 = time.monotonic()
    done, got = bounded(
        lambda: call_with_retry(
            lambda: time.sleep(60), max_retries=3, backoff_s=0.01, deadline_s=1.0
        ),
        10,
    )
    assert done and isinstance(got, TimeoutError)
    assert time.monotonic() - t0 < 3


@pytest.mark.parametrize(
    "body",
    [
        {"status": "success"},  # no data
        {"status": "success", "data": "nope"},
        {
            "status": "success",
            "data": {"resultType": "vector", "result": [{"metric": {}, "value": [1, "2"]}]},
        },
        {
            "status": "success",
            "data": {"resultType": "matrix", "result": [{"metric": {}, "values": [["x"]]}]},
        },
        ["not", "an", "object"],
    ],
)
def test_malformed_prometheus_answers_are_one_line_or_a_finding(body: object) -> None:
    with json_server(lambda h: (200, body)) as url:
        src = PrometheusSource("prom", url, timeout_s=2.0, max_retries=0)
        try:
            res = src.load(REQ, WIN)
        except SourceError as exc:
            assert "\n" not in str(exc)
        else:
            assert res.findings and not res.series
        try:
            src.latest(REQ)
        except SourceError as exc:
            assert "\n" not in str(exc)


def test_prometheus_400_echoing_the_bearer_token_is_masked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = "canaryTOKENabcdefXYZ987"
    redact.register(token)
    try:

        def echo(h: object) -> tuple[int, object]:
            auth = h.headers.get("Authorization", "")  # type: ignore[attr-defined]
            return 400, {"status": "error", "errorType": "bad_data", "error": f"bad: {auth}"}

        with json_server(echo) as url:
            src = PrometheusSource(
                "prom", url, timeout_s=2.0, max_retries=0,
                headers={"Authorization": f"Bearer {token}"},
            )  # fmt: skip
            res = src.load(REQ, WIN)
        text = " ".join(f.message for f in res.findings)
        assert "bad:" in text and token not in text
    finally:
        redact.clear()
