"""Synthetic generators, the long-table writer and make_window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow.csv as pacsv
import pytest
from vortex_pulse.signals.patterns import name_list
from vortex_pulse.signals.synthetic import (
    SCENARIOS,
    generate,
    portfolio_specs,
    synthetic_portfolio,
    to_long_table,
    write_signals,
)
from vortex_pulse.signals.window import make_window


def test_scenarios_are_seeded_and_hourly() -> None:
    for name in SCENARIOS:
        a, b = generate(name, seed=3), generate(name, seed=3)
        np.testing.assert_array_equal(a.values, b.values)
        assert not np.array_equal(a.values, generate(name, seed=4).values)
    sc = generate("healthy", points=10)
    assert np.diff(sc.ts).tolist() == [3600.0] * 9
    assert sc.ts[-1] == datetime(2026, 3, 1, tzinfo=UTC).timestamp()
    with pytest.raises(ValueError, match="unknown scenario"):
        generate("nope")


def test_long_table_columns_and_iso_format(tmp_path: Path) -> None:
    seg = generate("segment_divergence", points=3).to_series("e")
    plain = generate("healthy", points=2).to_series("f")
    t = to_long_table([*seg, *plain], timestamps="iso")
    assert t.column_names == ["timestamp", "experiment", "metric", "value", "segment", "n"]
    assert t.num_rows == 8
    rows = t.to_pylist()
    assert rows[0]["timestamp"] == "2026-02-28T22:00:00Z" and rows[0]["segment"] == "mobile"
    assert rows[-1]["segment"] is None and rows[-1]["n"] is None and rows[-1]["experiment"] == "f"
    path = write_signals(t, tmp_path / "out" / "s.csv")
    back = pacsv.read_csv(path)
    assert back.num_rows == 8 and [p.name for p in path.parent.iterdir()] == ["s.csv"]
    with pytest.raises(ValueError, match="expected a .csv or .parquet"):
        write_signals(t, tmp_path / "s.txt")


def test_portfolio_specs_match_the_generated_portfolio() -> None:
    p = synthetic_portfolio(4, metrics=2, points=30)
    assert [s.model_dump() for s in p.specs] == [
        s.model_dump() for s in portfolio_specs(4, metrics=2)
    ]
    assert p.specs[1].related == ["exp00000"] and p.specs[0].related == []
    # exp00008 metric 0 follows scenario 8 (latency): its baseline is the latency one.
    assert portfolio_specs(9)[8].metrics[0].baseline.unit == "ms"  # type: ignore[union-attr]


def test_make_window_is_utc_and_rejects_non_positive_lookback() -> None:
    naive = datetime(2026, 3, 1, 12, 0)
    w = make_window(timedelta(days=2), naive)
    assert w.end == datetime(2026, 3, 1, 12, tzinfo=UTC) and w.seconds == 2 * 86400
    with pytest.raises(ValueError, match="lookback must be positive"):
        make_window(timedelta(0), naive)


def test_name_list_caps_names_and_counts_the_rest() -> None:
    assert name_list(["a", "b"]) == "a, b"
    ids = [f"e{i}" for i in range(14)]
    assert name_list(ids).endswith("e11 and 2 more")
    assert name_list(ids[:3], total=10) == "e0, e1, e2 and 7 more"
