"""Threshold SLOs with persistence, the status rule, and NFR -> SLO mapping."""

from __future__ import annotations

import numpy as np
import pytest
from vortex_pulse.contracts.smartspec.nfr import parse_nfrs
from vortex_pulse.contracts.smartspec.observability import ObservabilityConfig
from vortex_pulse.signals.series import Series, SeriesKey
from vortex_pulse.signals.slo.evaluate import evaluate
from vortex_pulse.signals.slo.objectives import slos_from_nfrs
from vortex_pulse.signals.slo.status import spec_status
from vortex_pulse.signals.slo.threshold import threshold_facts

T0 = 1_750_000_000.0
SPEC = """## Non-Functional Requirements
| Category | Requirement | Metric | Target |
|---|---|---|---|
| Performance | p99 Latency | `lat` | < 200ms |
| Reliability | Error Rate | `err` | < 0.1% |
| Availability | Uptime | `up` | > 99.9% |
#### Performance
- Search response time < 300ms
- NFR-T-9: Throughput at least 100 rps
- Export duration < 5s
"""


def obs(**extra: object) -> ObservabilityConfig:
    metrics = [
        {"name": "lat", "query": "q_lat"},
        {"name": "err", "query": "q_err"},
        {"name": "up", "query": "q_up"},
        {"name": "search_response_time", "query": "q_search", "persistence": "10m"},
        {"name": "rps", "query": "q_rps", "nfr": "NFR-T-9"},
    ]
    return ObservabilityConfig.model_validate(
        {"provider": "file", "path": "x.csv", "metrics": metrics, **extra}
    )


def test_mapping_and_kinds() -> None:
    slos, unmapped = slos_from_nfrs(parse_nfrs(SPEC).nfrs, obs())
    got = {s.metric: (s.kind, s.objective, s.persistence_s) for s in slos}
    assert got["lat"] == ("threshold", None, 300.0)
    assert got["err"][0] == "ratio" and got["err"][1] == pytest.approx(0.999)
    assert got["up"][0] == "ratio" and got["up"][1] == pytest.approx(0.999)
    assert got["search_response_time"] == ("threshold", None, 600.0)  # by snake_case name
    assert got["rps"][0] == "threshold"  # by nfr: id
    assert [f.requirement for f in unmapped] == ["Export duration"]
    assert "export_duration" in unmapped[0].reason


def test_availability_bad_fraction_is_the_complement() -> None:
    slos, _ = slos_from_nfrs(parse_nfrs(SPEC).nfrs, obs())
    up = next(s for s in slos if s.metric == "up")
    ts = T0 + 60.0 * np.arange(120)
    s = Series(SeriesKey("x", "up"), ts, np.full(120, 99.0))  # 1 % down = 10x the budget
    r = evaluate(up, s, float(ts[-1]), period_s=30 * 86400, stale_after_s=900)
    assert r.burn is not None and r.burn.burn_rates["1h"] == pytest.approx(10.0)


@pytest.mark.parametrize(
    ("minutes_bad", "persisted"),
    [(0, False), (4, False), (5, True), (9, True)],
)
def test_threshold_persistence(minutes_bad: int, persisted: bool) -> None:
    ts = T0 + 60.0 * np.arange(30)
    values = np.full(30, 150.0)
    if minutes_bad:
        values[-(minutes_bad + 1) :] = 250.0  # a run of minutes_bad + 1 samples
    f = threshold_facts(ts, values, float(ts[-1]), "<", 200.0, 300.0)
    assert f.persisted is persisted
    assert f.breach_s == 60.0 * minutes_bad if minutes_bad else f.breached_since is None


def test_one_good_sample_ends_the_breach() -> None:
    ts = T0 + 60.0 * np.arange(30)
    values = np.full(30, 250.0)
    values[-3] = 150.0
    f = threshold_facts(ts, values, float(ts[-1]), "<", 200.0, 300.0)
    assert f.breach_s == 60.0 and not f.persisted


def _slo(metric: str):  # type: ignore[no-untyped-def]
    slos, _ = slos_from_nfrs(parse_nfrs(SPEC).nfrs, obs())
    return next(s for s in slos if s.metric == metric)


@pytest.mark.parametrize(
    ("value", "bad_minutes", "status"),
    [(150.0, 0, "healthy"), (250.0, 3, "degraded"), (250.0, 8, "unhealthy")],
)
def test_threshold_status(value: float, bad_minutes: int, status: str) -> None:
    ts = T0 + 60.0 * np.arange(60)
    values = np.full(60, 150.0)
    values[60 - bad_minutes - 1 :] = value
    r = evaluate(_slo("lat"), Series(SeriesKey("x", "lat"), ts, values), float(ts[-1]),
                 period_s=86400, stale_after_s=900)  # fmt: skip
    assert r.status == status
    assert (r.alert == "breach") is (status == "unhealthy")


def test_stale_or_missing_data_is_unknown() -> None:
    ts = T0 + 60.0 * np.arange(10)
    s = Series(SeriesKey("x", "lat"), ts, np.full(10, 100.0))
    late = evaluate(_slo("lat"), s, float(ts[-1]) + 901, period_s=86400, stale_after_s=900)
    none = evaluate(_slo("lat"), None, float(ts[-1]), period_s=86400, stale_after_s=900)
    assert (late.status, late.reason) == ("unknown", "no recent data")
    assert (none.status, none.reason) == ("unknown", "no data")


def test_spent_budget_without_a_fast_burn_is_degraded() -> None:
    ts = T0 + 60.0 * np.arange(3000)
    values = np.full(3000, 0.05)  # 0.05 % errors: half the budget, steady
    values[:1000] = 0.5  # an old burst spent more than the rest
    r = evaluate(_slo("err"), Series(SeriesKey("x", "err"), ts, values), float(ts[-1]),
                 period_s=30 * 86400, stale_after_s=900)  # fmt: skip
    assert r.burn is not None and r.burn.budget_remaining is not None
    assert r.burn.budget_remaining < 0 and r.burn.firing == ()
    assert (r.status, r.reason) == ("degraded", "error budget spent")


@pytest.mark.parametrize(
    ("statuses", "want"),
    [
        (["healthy", "healthy"], "healthy"),
        (["healthy", "degraded"], "degraded"),
        (["healthy", "unknown"], "degraded"),
        (["degraded", "unhealthy", "unknown"], "unhealthy"),
        ([], "degraded"),
    ],
)
def test_spec_status_rule(statuses: list[str], want: str) -> None:
    assert spec_status(statuses) == want  # type: ignore[arg-type]


def test_a_fast_burn_reads_its_rate_like_every_other_number() -> None:
    # Every request failing burns a 0.1 % budget 1000 times too fast: written "1000" as the
    # SmartSpec table writes it (core/numbers), never "1e+03".
    ts = T0 + 60.0 * np.arange(120)
    r = evaluate(_slo("err"), Series(SeriesKey("x", "err"), ts, np.full(120, 100.0)),
                 float(ts[-1]), period_s=30 * 86400, stale_after_s=900)  # fmt: skip
    assert r.alert == "page"
    assert r.reason.startswith("burning its error budget 1000 times too fast")
