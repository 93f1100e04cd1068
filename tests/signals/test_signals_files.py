"""FileSource: parsing, de-duplication, NaN, ordering, window, segments, errors, formats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from vortex_pulse.signals.series import SeriesKey, SeriesRequest, SourceError
from vortex_pulse.signals.sources.files import FileSource
from vortex_pulse.signals.synthetic import generate, to_long_table, write_signals
from vortex_pulse.signals.window import make_window

T0 = datetime(2026, 3, 1, tzinfo=UTC)
E0 = T0.timestamp()
WIN = make_window(timedelta(days=1), T0)
REQ = [SeriesRequest("exp", "rate")]


def _csv(tmp_path: Path, text: str, name: str = "s.csv") -> Path:
    p = tmp_path / name
    p.write_text(text.strip() + "\n", encoding="utf-8")
    return p


def test_iso_epoch_offsets_duplicates_nan_and_order(tmp_path: Path) -> None:
    # Out of order, a duplicate (the later row must win), a NaN and an empty value, and
    # three timestamp spellings of UTC instants.
    p = _csv(
        tmp_path,
        f"""
timestamp,experiment,metric,value
2026-03-01T00:00:00Z,exp,rate,0.70
{E0 - 7200:.0f},exp,rate,0.50
2026-03-01T00:00:00+00:00,exp,rate,0.72
2026-02-28T23:00:00Z,exp,rate,NaN
2026-03-01T00:30:00+01:00,exp,rate,
2026-02-28T22:30:00,exp,rate,0.60
""",
    )
    res = FileSource("f", p).load(REQ, WIN)
    s = res.series[SeriesKey("exp", "rate")]
    assert s.ts.tolist() == [E0 - 7200, E0 - 5400, E0]
    assert s.values.tolist() == [0.50, 0.60, 0.72]
    assert s.n is None
    text = " ".join(f.message for f in res.findings)
    assert "dropped 2 rows with no value" in text
    assert "dropped 1 duplicate rows" in text and "last row in the file wins" in text


def test_window_is_open_at_start_closed_at_end(tmp_path: Path) -> None:
    start = E0 - 86400
    rows = "\n".join(
        f"{t:.0f},exp,rate,{v}" for t, v in [(start, 1), (start + 1, 2), (E0, 3), (E0 + 1, 4)]
    )
    p = _csv(tmp_path, "timestamp,experiment,metric,value\n" + rows)
    s = FileSource("f", p).load(REQ, WIN).series[SeriesKey("exp", "rate")]
    assert s.values.tolist() == [2.0, 3.0]


def test_segments_only_produce_n_weighted_aggregate(tmp_path: Path) -> None:
    p = _csv(
        tmp_path,
        f"""
timestamp,experiment,metric,value,segment,n
{E0 - 3600:.0f},exp,rate,60,mobile,10
{E0 - 3600:.0f},exp,rate,70,desktop,30
{E0:.0f},exp,rate,50,mobile,20
{E0:.0f},exp,rate,80,desktop,20
""",
    )
    res = FileSource("f", p).load(REQ, WIN)
    agg = res.series[SeriesKey("exp", "rate")]
    # (60*10 + 70*30) / 40 = 67.5 ; (50*20 + 80*20) / 40 = 65
    assert agg.values.tolist() == [67.5, 65.0]
    assert agg.n is not None and agg.n.tolist() == [40.0, 40.0]
    assert res.series[SeriesKey("exp", "rate", "mobile")].values.tolist() == [60.0, 50.0]


def test_segment_aggregate_is_plain_mean_without_n_and_not_built_when_aggregate_exists(
    tmp_path: Path,
) -> None:
    p = _csv(
        tmp_path,
        f"""
timestamp,experiment,metric,value,segment
{E0:.0f},exp,rate,60,a
{E0:.0f},exp,rate,70,b
{E0:.0f},other,rate,1,a
{E0:.0f},other,rate,5,
""",
    )
    src = FileSource("f", p)
    res = src.load([*REQ, SeriesRequest("other", "rate")], WIN)
    assert res.series[SeriesKey("exp", "rate")].values.tolist() == [65.0]
    # "other" has its own aggregate row (empty segment): it is kept as is, not recomputed.
    assert res.series[SeriesKey("other", "rate")].values.tolist() == [5.0]


def test_missing_series_and_out_of_window_are_findings(tmp_path: Path) -> None:
    p = _csv(tmp_path, f"timestamp,experiment,metric,value\n{E0 - 5 * 86400:.0f},exp,rate,1")
    res = FileSource("f", p).load([*REQ, SeriesRequest("nope", "rate")], WIN)
    assert res.series == {}
    msgs = {(f.experiment, f.message) for f in res.findings}
    assert ("exp", "s.csv: no data in the window") in msgs
    assert ("nope", "s.csv: no data for this metric") in msgs


def test_latest_is_newest_requested_timestamp(tmp_path: Path) -> None:
    p = _csv(
        tmp_path,
        f"timestamp,experiment,metric,value\n{E0 - 60:.0f},exp,rate,1\n{E0:.0f},other,rate,1",
    )
    src = FileSource("f", p)
    assert src.latest(REQ) == datetime.fromtimestamp(E0 - 60, tz=UTC)
    assert src.latest([SeriesRequest("none", "x")]) is None


def test_file_is_parsed_once_while_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vortex_pulse.signals.sources.files as files

    p = _csv(tmp_path, f"timestamp,experiment,metric,value\n{E0:.0f},exp,rate,1")
    reads: list[Path] = []
    real = files._read_table
    monkeypatch.setattr(files, "_read_table", lambda path: reads.append(path) or real(path))
    src = FileSource("f", p)
    src.load(REQ, WIN)
    assert src.load(REQ, WIN).series[SeriesKey("exp", "rate")].values.tolist() == [1.0]
    assert len(reads) == 1  # the fingerprint matched: no second parse


def test_changed_file_is_read_again_and_vanished_file_fails(tmp_path: Path) -> None:
    p = _csv(tmp_path, f"timestamp,experiment,metric,value\n{E0:.0f},exp,rate,1")
    src = FileSource("f", p)
    src.load(REQ, WIN)
    p.write_text(f"timestamp,experiment,metric,value\n{E0:.0f},exp,rate,2.5\n")
    assert src.load(REQ, WIN).series[SeriesKey("exp", "rate")].values.tolist() == [2.5]
    p.unlink()
    with pytest.raises(SourceError, match="not found"):
        src.load(REQ, WIN)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("timestamp,experiment,value\n1,exp,1", "missing column 'metric'"),
        ("timestamp,experiment,metric,value\nyesterday,exp,rate,1", "column 'timestamp'"),
        ("timestamp,experiment,metric,value\n1,exp,rate,high", "column 'value'"),
    ],
)
def test_bad_files_raise_one_line_source_error(tmp_path: Path, text: str, needle: str) -> None:
    p = _csv(tmp_path, text)
    with pytest.raises(SourceError) as err:
        FileSource("f", p).load(REQ, WIN)
    msg = str(err.value)
    assert needle in msg and str(p) in msg and "\n" not in msg


def test_unparseable_timestamp_is_named(tmp_path: Path) -> None:
    p = _csv(tmp_path, "timestamp,experiment,metric,value\n2026-03-01T00:00:00Z,e,m,1\nsoon,e,m,2")
    with pytest.raises(SourceError, match="cannot parse 'soon'"):
        FileSource("f", p).load(REQ, WIN)


def test_header_only_and_malformed_csv(tmp_path: Path) -> None:
    empty = FileSource("f", _csv(tmp_path, "timestamp,experiment,metric,value")).load(REQ, WIN)
    assert empty.series == {} and "s.csv: no data for this metric" in [
        f.message for f in empty.findings
    ]
    bad = _csv(tmp_path, "timestamp,experiment,metric,value\n1,exp,rate,1,extra", "bad.csv")
    with pytest.raises(SourceError, match=r"bad.csv: cannot read signal file \(CSV parse error"):
        FileSource("f", bad).load(REQ, WIN)


def test_missing_file_and_unknown_type(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="signal file not found"):
        FileSource("f", tmp_path / "absent.csv").load(REQ, WIN)
    other = tmp_path / "s.json"
    other.write_text("{}")
    with pytest.raises(SourceError, match="unsupported signal file type"):
        FileSource("f", other).load(REQ, WIN)


def test_parquet_timestamp_column_and_csv_give_identical_series(tmp_path: Path) -> None:
    sc = generate("segment_divergence", seed=3)
    series = sc.to_series("exp")
    csv = write_signals(to_long_table(series, timestamps="iso"), tmp_path / "s.csv")
    table = to_long_table(series)
    stamps = pa.array((table["timestamp"].to_numpy() * 1e6).astype(np.int64), pa.timestamp("us"))
    pq.write_table(table.set_column(0, "timestamp", stamps), tmp_path / "s.parquet")
    win = make_window(timedelta(days=21), datetime.fromtimestamp(float(sc.ts[-1]), tz=UTC))
    req = [SeriesRequest("exp", sc.metric)]
    a = FileSource("c", csv).load(req, win).series
    b = FileSource("p", tmp_path / "s.parquet").load(req, win).series
    assert a.keys() == b.keys() and len(a) == 3
    for k in a:
        np.testing.assert_array_equal(a[k].ts, b[k].ts)
        np.testing.assert_allclose(a[k].values, b[k].values, rtol=1e-12)
    np.testing.assert_allclose(a[SeriesKey("exp", sc.metric)].values, sc.values, rtol=1e-12)


def test_history_before_the_window_is_loaded_only_when_asked(tmp_path: Path) -> None:
    rows = ["timestamp,experiment,metric,segment,value"]
    rows += [f"{E0 - h * 3600:.0f},exp,rate,a,{h}" for h in range(0, 72)]  # 3 days, hourly
    rows += [f"{E0 - 60 * 3600:.0f},exp,rate,old,9"]  # a segment with history only
    p = _csv(tmp_path, "\n".join(rows))
    src = FileSource("f", p)
    plain = src.load(REQ, WIN).series[SeriesKey("exp", "rate", "a")]
    assert plain.ts.min() > WIN.start.timestamp() and len(plain) == 24
    asked = [SeriesRequest("exp", "rate", history_s=86400.0), *REQ]  # the longest one wins
    got = src.load(asked, WIN).series
    s = got[SeriesKey("exp", "rate", "a")]
    assert len(s) == 48 and s.ts.min() == WIN.start.timestamp() - 86400 + 3600
    assert SeriesKey("exp", "rate", "old") not in got  # nothing in the window: not a segment
    assert len(got[SeriesKey("exp", "rate")]) == 48  # the aggregate carries the history too
    # history alone is still "no data in the window"
    only_old = _csv(tmp_path, f"timestamp,experiment,metric,value\n{E0 - 2 * 86400:.0f},exp,rate,1")
    res = FileSource("f", only_old).load([SeriesRequest("exp", "rate", history_s=5 * 86400)], WIN)
    assert res.series == {}
    assert [f.message for f in res.findings] == ["s.csv: no data in the window"]


def test_an_extended_window_keeps_its_end_and_reading_time() -> None:
    from vortex_pulse.signals.series import Window

    w = Window(WIN.start, WIN.end, as_of=WIN.end + timedelta(days=2))
    wide = w.extended(86400.0)
    assert (wide.start, wide.end, wide.as_of) == (w.start - timedelta(days=1), w.end, w.as_of)
    assert w.extended(0.0) is w
