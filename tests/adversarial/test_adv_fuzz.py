"""A fuzzer over config values and CSV rows: whatever the values, a run ends with exit
0, 2 or 3, never a traceback, in bounded time, and writes nothing when it exits 2."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vortex_pulse.core.config import config_from_dict
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.signals.series import SeriesRequest, SourceError
from vortex_pulse.signals.sources.files import FileSource

from tests.adversarial.support import REPO, example_raw, files_under, run_cli, write_config

CODES: list[int] = []
FAST = settings(max_examples=150, deadline=2000, database=None, derandomize=True)
SLOW = settings(
    max_examples=25, deadline=60_000, database=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip

floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 1e-308, 99.5, 100.0]),
)
durations = st.one_of(
    st.from_regex(r"\A[0-9]{1,12}(\.[0-9]{1,3})?[smhdw]\Z"),
    st.sampled_from(["0d", "99999999w", "-1d", "1y", "", "21d", "1e9d", "nan", "inf d"]),
    st.text(max_size=8),
)
timestamps = st.one_of(
    st.sampled_from(["latest", "now", "0001-01-01", "9999-12-31", "2026-11-23T00:00:00Z",
                     "2300-01-01", "1969-12-31T23:59:59Z", "2026-02-30", "yesterday"]),
    st.datetimes().map(lambda d: d.isoformat()),
    st.text(max_size=12),
)  # fmt: skip
baseline = st.fixed_dictionaries(
    {},
    optional={
        "expected": st.tuples(st.one_of(st.none(), floats), st.one_of(st.none(), floats)),
        "investigate_below": st.one_of(st.none(), floats),
        "investigate_above": st.one_of(st.none(), floats),
        "persistence": st.text(max_size=20),
        "unit": st.text(max_size=5),
        "higher_is_better": st.one_of(st.booleans(), st.text(max_size=3)),
    },
)
ids = st.one_of(st.sampled_from(["a", "../x", "a/b", ".hidden", "ok-id", "é", "a" * 200]),
                st.text(max_size=20))  # fmt: skip
config_values = st.fixed_dictionaries(
    {"portfolio": st.lists(st.fixed_dictionaries(
        {"id": ids},
        optional={
            "related": st.lists(ids, max_size=3),
            "traffic_share": floats,
            "baselines": st.dictionaries(st.text(max_size=10), baseline, max_size=2),
        },
    ), max_size=3)},
    optional={
        "window": st.fixed_dictionaries({}, optional={"lookback": durations, "end": timestamps}),
        "llm": st.fixed_dictionaries({}, optional={
            "timeout_s": floats, "deadline_s": floats, "temperature": floats,
            "max_tokens": st.integers(-10, 10**9)}),
        "alerting": st.fixed_dictionaries({}, optional={"resend_s": floats}),
        "checkpoint": st.fixed_dictionaries({}, optional={"path": st.text(max_size=10)}),
    },
)  # fmt: skip


@FAST
@given(config_values)
def test_config_values_load_or_fail_with_one_line(raw: dict[str, Any]) -> None:
    try:
        cfg = config_from_dict(raw)
    except ConfigError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    for exp in cfg.portfolio:  # what loads is sane
        for b in exp.baselines.values():
            for v in (*(b.expected or ()), b.investigate_below, b.investigate_above):
                assert v is None or math.isfinite(v)
    assert cfg.window.lookback_td.total_seconds() > 0


cells = st.one_of(
    st.text(max_size=12),
    floats.map(repr),
    st.integers(-(10**15), 10**15).map(str),
    st.sampled_from(["", "true", "false", "nan", "inf", "-inf", "1e308", "99999999999999",
                     "2300-01-01T00:00:00Z", "0001-01-01", "2026-11-01T00:00:00+05:00"]),
)  # fmt: skip
rows = st.lists(st.tuples(cells, st.sampled_from(["e", "", "x"]), st.sampled_from(["m", ""]),
                          cells, cells), max_size=20)  # fmt: skip


# Rows that parse (so the pass goes on) but carry hostile values.
run_rows = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(["99999999999999", "2300-01-01T00:00:00Z", "-99999999999",
                             "2026-11-01T00:00:00+05:00", "1790000000"]),
            st.integers(0, 2_000_000_000).map(str),
        ),
        st.sampled_from(["dinner-suggestions", "api-gateway", "nope"]),
        st.sampled_from(["action_rate", "availability"]),
        st.one_of(floats.map(repr), st.sampled_from(["", "1e308", "-1e308"])),
        st.one_of(st.integers(-(10**9), 10**9).map(str), st.just("")),
    ),
    max_size=6,
)  # fmt: skip


def _csv_field(v: str) -> str:
    return '"' + v.replace('"', '""') + '"'


@FAST
@given(rows)
def test_csv_rows_load_or_fail_with_one_line(tmp_path_factory: Any, data: list[tuple]) -> None:
    from datetime import UTC, datetime

    from vortex_pulse.signals.series import Window

    p = tmp_path_factory.mktemp("csv") / "s.csv"
    lines = ["timestamp,experiment,metric,value,n"]
    lines += [",".join(_csv_field(str(c)) for c in r) for r in data]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    src = FileSource("f", p)
    win = Window(datetime(2020, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))
    try:
        res = src.load([SeriesRequest("e", "m")], win)
        src.latest([SeriesRequest("e", "m")])
    except SourceError as exc:
        assert "\n" not in str(exc)
        return
    for s in res.series.values():
        assert all(math.isfinite(v) for v in s.values.tolist())
        assert s.n is None or all(not (v < 0) for v in s.n.tolist())


@SLOW
@given(
    lookback=st.one_of(st.just("21d"), st.just("14d"), durations),
    end=st.one_of(st.just("latest"), st.just("2026-11-20T00:00:00Z"), timestamps),
    band=st.one_of(st.just((99.5, 100.0)), st.tuples(floats, floats)),
    extra=st.one_of(st.just([]), run_rows),
)
def test_pulse_run_exits_0_2_or_3_and_writes_nothing_on_2(
    tmp_path_factory: Any, lookback: str, end: str, band: tuple, extra: list[tuple]
) -> None:
    tmp: Path = tmp_path_factory.mktemp("run")
    raw = example_raw(tmp)
    data = tmp / "signals.csv"
    shutil.copy(REPO / "examples/portfolio/signals.csv", data)
    with data.open("a", encoding="utf-8") as fh:
        for r in extra:
            fh.write(",".join(_csv_field(str(c)) for c in r) + "\n")
    raw["signals"] = str(data)
    raw["window"] = {"lookback": lookback, "end": end}
    raw["portfolio"][-1]["baselines"]["availability"]["expected"] = list(band)
    path = write_config(tmp, raw)
    code, _out, err = run_cli("run", str(path), "--date", "2026-11-19", "--fail-on", "P1")
    CODES.append(code)
    assert code in (0, 2, 3), err
    assert "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err
        assert files_under(tmp / "out", tmp / "reports") == []


def test_the_run_fuzzer_reached_complete_passes() -> None:
    """The end-to-end fuzzer is only worth its time if some cases got past validation."""
    if not CODES:  # run on its own: nothing to check
        return
    assert {0, 3} & set(CODES), CODES
