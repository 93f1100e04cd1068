"""Values that cannot be true: one line and exit 2 for config, a counted data-quality
finding (row dropped) for data; all outputs checked writable before any is written."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from vortex_pulse.core.config import config_from_dict
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.signals.series import SeriesKey, SeriesRequest, SourceError, Window
from vortex_pulse.signals.sources.files import FileSource

from tests.adversarial.support import (
    REPO,
    example_raw,
    files_under,
    one_line,
    run_cli,
    write_config,
)

BASE: dict[str, Any] = {"portfolio": [{"id": "a"}, {"id": "b"}]}


def _with(path: str, value: Any) -> dict[str, Any]:
    import copy

    raw = copy.deepcopy(BASE)
    node: Any = raw
    keys = path.split(".")
    for k in keys[:-1]:
        node = node[int(k)] if k.isdigit() else node.setdefault(k, {})
    last = keys[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return raw


@pytest.mark.parametrize(
    ("path", "value", "needle"),
    [
        ("window.lookback", "0d", "window.lookback"),
        ("window.lookback", "99999999w", "window.lookback"),
        ("window.end", "0001-01-01", "window.end"),
        ("window.end", "9999-12-31T00:00:00Z", "window.end"),
        ("portfolio.0.baselines", {"m": {"expected": [100, 99.5]}}, "low end"),
        ("portfolio.0.baselines", {"m": {"expected": [float("nan"), float("inf")]}}, "expected"),
        (
            "portfolio.0.baselines",
            {"m": {"investigate_below": 5, "investigate_above": 1}},
            "investigate_below",
        ),
        (
            "portfolio.0.baselines",
            {"m": {"expected": [60, 75], "investigate_below": 70}},
            "inside the expected band",
        ),
        ("portfolio.0.related", ["nope"], "unknown experiment 'nope'"),
        ("portfolio.0.id", "../../../../PWNED", "portfolio[0].id"),
        ("portfolio.0.id", "a/b", "portfolio[0].id"),
        ("portfolio.0.traffic_share", float("nan"), "traffic_share"),
        ("llm.timeout_s", float("inf"), "llm.timeout_s"),
        ("llm.temperature", -1, "llm.temperature"),
        ("alerting.resend_s", 1e300, "alerting.resend_s"),
    ],
)
def test_bad_config_values_are_one_line(path: str, value: Any, needle: str) -> None:
    with pytest.raises(ConfigError) as err:
        config_from_dict(_with(path, value))
    msg = str(err.value)
    assert needle in msg and "\n" not in msg


@pytest.mark.parametrize("until", ["0001-01-01", "99999-01-01", "2300-01-01T00:00:00Z"])
def test_until_out_of_range_is_exit_2(tmp_path: Path, until: str) -> None:
    cfg = write_config(tmp_path, example_raw(tmp_path))
    code, _out, err = run_cli("run", str(cfg), "--date", "2026-11-19", "--until", until)
    assert code == 2 and "--until" in one_line(err)
    assert files_under(tmp_path / "out", tmp_path / "reports") == []


def test_an_id_that_climbs_out_writes_nothing_outside(tmp_path: Path) -> None:
    raw = example_raw(tmp_path)
    raw["portfolio"][0]["id"] = "../../../../PWNED"
    code, _out, err = run_cli("run", str(write_config(tmp_path, raw)), "--date", "2026-11-19")
    assert code == 2 and "portfolio[0].id" in one_line(err)
    assert not list(tmp_path.parent.glob("**/hc10-PWNED*"))


def test_unwritable_reports_folder_fails_before_anything_is_written(tmp_path: Path) -> None:
    raw = example_raw(tmp_path)
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the reports folder should be")
    code, _out, err = run_cli("run", str(write_config(tmp_path, raw)), "--date", "2026-11-19")
    assert code == 2 and "reports_folder" in one_line(err) and "not a folder" in err
    assert files_under(tmp_path / "out") == []


E0 = datetime(2026, 11, 1, tzinfo=UTC).timestamp()
WIN = Window(datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
REQ = [SeriesRequest("e", "m")]


def _load(tmp: Path, rows: list[list[Any]], header: str = "timestamp,experiment,metric,value,n"):
    p = tmp / "s.csv"
    with p.open("w", newline="") as fh:
        fh.write(header + "\n")
        csv.writer(fh).writerows(rows)
    src = FileSource("f", p)
    return src, src.load(REQ, WIN)


def _good(k: int) -> list[Any]:
    return [f"{E0 + 3600 * k:.0f}", "e", "m", 50.0, 100]


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (["99999999999999", "e", "m", 50.0, 100], "more than a day in the future"),
        (["2300-01-01T00:00:00Z", "e", "m", 50.0, 100], "more than a day in the future"),
        (["-99999999999", "e", "m", 50.0, 100], "before 1970"),
        ([f"{E0 + 7200:.0f}", "e", "m", 1e308, 100], "beyond"),
        ([f"{E0 + 7200:.0f}", "e", "m", "inf", 100], "infinite"),
        ([f"{E0 + 7200:.0f}", "e", "m", 50.0, -252000], "negative sample size"),
    ],
)
def test_impossible_rows_are_dropped_and_counted(tmp_path: Path, bad: list[Any], why: str) -> None:
    src, res = _load(tmp_path, [_good(0), _good(1), bad, _good(3)])
    notes = [f.message for f in res.findings]
    assert any("dropped 1 rows" in n and why in n for n in notes), notes
    s = res.series[SeriesKey("e", "m")]
    assert len(s) == 3 and float(s.values.max()) == 50.0
    assert src.latest(REQ) is not None and src.latest(REQ).year == 2026  # type: ignore[union-attr]


def test_a_boolean_value_column_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="expected numbers") as err:
        _load(
            tmp_path, [[f"{E0:.0f}", "e", "m", "true", 1], [f"{E0 + 60:.0f}", "e", "m", "false", 1]]
        )
    assert "\n" not in str(err.value)


def test_far_future_row_does_not_move_the_window_or_hide_the_p1(tmp_path: Path) -> None:
    raw = example_raw(tmp_path)
    data = tmp_path / "signals.csv"
    text = (REPO / "examples/portfolio/signals.csv").read_text()
    data.write_text(text + '"2300-01-01T00:00:00Z","dinner-suggestions","action_rate",70.0,120\n')
    raw["signals"] = str(data)
    code, out, err = run_cli("run", str(write_config(tmp_path, raw)), "--date", "2026-11-19")
    assert code == 0, err
    assert "P1: 4 PM Dinner Suggestions" in out


def test_an_empty_hc4_is_one_line_not_a_silent_p3(tmp_path: Path) -> None:
    raw = example_raw(tmp_path)
    empty = tmp_path / "hc4-empty.md"
    empty.write_text("\n  \n")
    raw["portfolio"][0]["hc4"] = str(empty)
    code, _out, err = run_cli("run", str(write_config(tmp_path, raw)), "--date", "2026-11-19")
    assert code == 2 and "empty file" in one_line(err)
    assert files_under(tmp_path / "out", tmp_path / "reports") == []
