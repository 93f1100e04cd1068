"""PrometheusSource against a real Prometheus holding backfilled synthetic data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from vortex_pulse.signals.series import SeriesKey, SeriesRequest, SourceError, Window
from vortex_pulse.signals.sources.prometheus import PrometheusSource

from tests.support.promdata import PromServer, needs_prometheus

pytestmark = needs_prometheus


def _req(exp: str, *, n: bool = False) -> SeriesRequest:
    return SeriesRequest(
        experiment=exp,
        metric="action_rate",
        source="prom",
        query=f'pulse_signal{{experiment="{exp}",metric="action_rate"}}',
        n_query=f'pulse_signal_n{{experiment="{exp}",metric="action_rate"}}' if n else None,
    )


def _window(prom: PromServer, days: float = 21) -> Window:
    end = datetime.fromtimestamp(float(max(s.ts[-1] for s in prom.series)), tz=UTC)
    return Window(end - timedelta(days=days), end)


@pytest.mark.parametrize("step", [None, 3600.0])
def test_load_returns_exactly_the_stored_samples(prom: PromServer, step: float | None) -> None:
    # no step: raw samples of the selector; 1 h: a grid that falls on the hourly samples
    src = PrometheusSource("prom", prom.url, step=step)
    win = _window(prom, days=12)
    res = src.load([_req("checkout"), _req("onboarding"), _req("search")], win)
    assert res.findings == []
    for s in prom.series:
        if s.key.experiment == "signup":
            continue
        keep = (s.ts > win.start.timestamp()) & (s.ts <= win.end.timestamp())  # (start, end]
        got = res.series[s.key]
        np.testing.assert_array_equal(got.ts, s.ts[keep])
        np.testing.assert_allclose(got.values, s.values[keep], rtol=0, atol=1e-9)
        assert got.n is None
    # the 48-hour gap stays a gap: no point is invented inside it
    search = res.series[SeriesKey("search", "action_rate")]
    assert np.diff(search.ts).max() == pytest.approx(49 * 3600)


def test_a_fine_step_is_split_under_the_point_limit(prom: PromServer) -> None:
    # 25 s over 21 days is 72,576 grid points: seven range queries of at most 11,000
    src = PrometheusSource("prom", prom.url, step=25.0)
    win = _window(prom)
    got = src.load([_req("checkout")], win).series[SeriesKey("checkout", "action_rate")]
    stored = next(s for s in prom.series if s.key.experiment == "checkout")
    assert (got.ts[-1] - got.ts[0]) / 25 > 11_000  # one query could not have held it
    # 0, 25, ..., 300 s after each hourly sample; the newest one is at the window end
    assert len(got) == 13 * (len(stored.ts) - 1) + 1
    assert np.all(np.diff(got.ts) % 25 == 0) and got.ts[-1] == win.end.timestamp()
    # each grid value is the newest stored sample at most 5 minutes before it
    idx = np.searchsorted(stored.ts, got.ts, side="right") - 1
    assert np.all(got.ts - stored.ts[idx] <= 300)
    np.testing.assert_allclose(got.values, stored.values[idx])
    assert set(stored.ts[stored.ts > win.start.timestamp()]) <= set(got.ts)


def test_segments_and_sample_sizes(prom: PromServer) -> None:
    src = PrometheusSource("prom", prom.url)
    res = src.load([_req("signup", n=True)], _window(prom))
    expected = {s.key: s for s in prom.series if s.key.experiment == "signup"}
    assert (
        set(res.series)
        == set(expected)
        == {
            SeriesKey("signup", "action_rate", "mobile"),
            SeriesKey("signup", "action_rate", "desktop"),
        }
    )
    for key, s in expected.items():
        got = res.series[key]
        assert s.n is not None and got.n is not None
        np.testing.assert_array_equal(got.ts, s.ts)  # 504 hourly points fit in 21 days
        np.testing.assert_allclose(got.values, s.values)
        np.testing.assert_allclose(got.n, s.n)


def test_latest_is_the_newest_sample(prom: PromServer) -> None:
    src = PrometheusSource("prom", prom.url)
    newest = max(float(s.ts[-1]) for s in prom.series)
    assert src.latest([_req("checkout"), _req("search")]) == datetime.fromtimestamp(newest, UTC)
    unknown = SeriesRequest("nope", "x", "prom", query='pulse_signal{experiment="nope"}')
    assert src.latest([unknown]) is None


def test_a_rejected_query_is_a_finding_not_a_failure(prom: PromServer) -> None:
    src = PrometheusSource("prom", prom.url)
    bad = SeriesRequest("checkout", "broken", "prom", query="rate(pulse_signal[5m]")
    res = src.load([bad, _req("onboarding")], _window(prom, days=2))
    assert SeriesKey("onboarding", "action_rate") in res.series
    assert SeriesKey("checkout", "broken") not in res.series
    [finding] = res.findings
    assert finding.metric == "broken" and "rejected" in finding.message


def test_unreachable_prometheus_raises_source_error_without_secrets(prom: PromServer) -> None:
    from tests.support.promstack import free_port

    url = f"http://127.0.0.1:{free_port()}"
    src = PrometheusSource(
        "prom", url, headers={"Authorization": "Bearer s3cret-token"}, max_retries=1
    )
    assert "s3cret" not in repr(src)
    with pytest.raises(SourceError) as err:
        src.load([_req("checkout")], _window(prom, days=1))
    msg = str(err.value)
    assert "unreachable" in msg and url in msg and "s3cret" not in msg
    assert "\n" not in msg


def test_a_query_without_data_is_a_finding(prom: PromServer) -> None:
    src = PrometheusSource("prom", prom.url)
    typo = SeriesRequest("checkout", "action_rate", "prom", query='pulse_signal{experimnt="x"}')
    res = src.load([typo], _window(prom, days=1))
    assert res.series == {}
    assert [(f.experiment, f.message) for f in res.findings] == [
        ("checkout", "no data in the window")
    ]
