"""Signal files (CSV, Parquet) in the long format of DESIGN.md, loaded once and vectorized.

The file is read and indexed when first needed and again whenever it changed: every call
compares the file's fingerprint (device, inode, size, modification and change time) with
the one the index was built from, so a daemon never reports a file's old content, and a
file that vanished or became unreadable fails the call (SourceError) instead of serving the
last parse. Only regular files within the signal-file cap are read (core/files.py).

Rows with no value (NaN or empty) are dropped first; rows that cannot be true are dropped
and counted as data-quality findings (a timestamp before 1970 or more than a day in the
future, a value beyond +/-1e15, a negative sample size). Rows are then sorted by
(experiment, metric, segment, timestamp) with a stable sort and, among rows with the same
key and timestamp, the LAST row in file order wins (a later row is taken as a correction).
Each request then slices its rows with binary search.

A metric that has only segmented rows also gets an aggregate series: per timestamp, the
n-weighted mean of the segments (a plain mean when any contributing row lacks n), with
n = the sum of the segments' n.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from vortex_pulse.core.files import FileReadError, check_regular
from vortex_pulse.signals.aggregate import aggregate_segments
from vortex_pulse.signals.series import (
    LoadResult,
    Series,
    SeriesKey,
    SeriesRequest,
    SourceError,
    SourceFinding,
    Window,
    no_data,
)

REQUIRED = ("timestamp", "experiment", "metric", "value")
OPTIONAL = ("segment", "n")
_CSV_SUFFIXES = (".csv", ".csv.gz", ".csv.bz2", ".csv.zst")
_PARQUET_SUFFIXES = (".parquet", ".pq")
MAX_ABS_VALUE = 1e15  # beyond this a value is a unit or encoding error, and overflows sums
FUTURE_SLACK_S = 86_400.0  # clocks differ; a row more than a day ahead cannot be a reading


@dataclass(slots=True)
class _Group:
    segment: str | None
    start: int  # slice into the sorted arrays
    stop: int


@dataclass(slots=True)
class _Index:
    """The parsed file: sorted, de-duplicated columns and the slices of each series."""

    ts: np.ndarray
    values: np.ndarray
    n: np.ndarray | None  # NaN where a row has no n
    groups: dict[tuple[str, str], list[_Group]]
    findings: list[str]


class FileSource:
    """A Source over one CSV or Parquet file (see the module docstring for the rules)."""

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = Path(path)
        self._index: _Index | None = None
        self._fingerprint: tuple[int, ...] | None = None

    def __repr__(self) -> str:
        return f"FileSource(name={self.name!r}, path={str(self.path)!r})"

    # -- Source protocol -------------------------------------------------------------------

    def load(self, requests: Sequence[SeriesRequest], window: Window) -> LoadResult:
        idx = self._get_index()
        lo, hi = window.start.timestamp(), window.end.timestamp()
        result = LoadResult(findings=[SourceFinding(self.name, m) for m in idx.findings])
        history: dict[tuple[str, str], float] = {}
        for r in requests:  # one slice per series; the longest history asked for
            key = (r.experiment, r.metric)
            history[key] = max(history.get(key, 0.0), r.history_s)
        for req, history_s in history.items():
            groups = idx.groups.get(req)
            if not groups:
                result.findings.append(
                    no_data(self.name, req[0], req[1], at_all=True, where=self.path.name)
                )
                continue
            start = window.extended(history_s).start.timestamp()
            sliced = [g for g in (self._slice(idx, g, start, hi) for g in groups) if g]
            in_window = [g for g in sliced if idx.ts[g[2] - 1] > lo]
            if not in_window:
                result.findings.append(no_data(self.name, req[0], req[1], where=self.path.name))
                continue
            loaded = [_series(idx, SeriesKey(req[0], req[1], seg), a, b) for seg, a, b in in_window]
            result.series.update((s.key, s) for s in loaded)
            if all(s.key.segment is not None for s in loaded):
                agg = aggregate_segments(SeriesKey(req[0], req[1]), loaded)
                result.series[agg.key] = agg
        return result

    def latest(self, requests: Sequence[SeriesRequest]) -> datetime | None:
        idx = self._get_index()
        newest = [
            idx.ts[g.stop - 1]
            for r in requests
            for g in idx.groups.get((r.experiment, r.metric), [])
            if g.stop > g.start
        ]
        return datetime.fromtimestamp(float(max(newest)), tz=UTC) if newest else None

    # -- internals -------------------------------------------------------------------------

    @staticmethod
    def _slice(idx: _Index, g: _Group, lo: float, hi: float) -> tuple[str | None, int, int] | None:
        seg_ts = idx.ts[g.start : g.stop]
        a = g.start + int(np.searchsorted(seg_ts, lo, side="right"))
        b = g.start + int(np.searchsorted(seg_ts, hi, side="right"))
        return (g.segment, a, b) if b > a else None

    def fingerprint(self) -> tuple[int, ...]:
        """(device, inode, size, mtime_ns, ctime_ns) of the file; SourceError when it is gone."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise SourceError(f"{self.path}: signal file not found") from None
        except OSError as exc:
            raise SourceError(f"{self.path}: cannot read ({exc.strerror or exc})") from None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    def _get_index(self) -> _Index:
        fp = self.fingerprint()
        if self._index is None or fp != self._fingerprint:
            self._index = None  # drop the old parse before building the new one
            # No local name for the table: _build_index must hold its only reference.
            self._index = _build_index(self.path, _read_table(self.path))
            self._fingerprint = fp
            # Arrow's allocator keeps the freed parse buffers (several times the index size
            # on large files) unless asked to give them back.
            pa.default_memory_pool().release_unused()
        return self._index


def _series(idx: _Index, key: SeriesKey, a: int, b: int) -> Series:
    """A read-only view into the index (no copy per series)."""
    n = idx.n[a:b] if idx.n is not None else None
    if n is not None and np.isnan(n).all():
        n = None
    return Series(key, idx.ts[a:b], idx.values[a:b], n)


_DICT = pa.dictionary(pa.int32(), pa.string())
_LABELS = ("experiment", "metric", "segment")


def _read_table(path: Path) -> pa.Table:
    """The signal columns only; label columns come back dictionary-encoded (cheap to group)."""
    name = path.name.lower()
    try:
        check_regular(path, "signals")  # no FIFO, device or oversized file reaches Arrow
    except FileReadError as exc:
        raise SourceError(str(exc)) from None
    try:
        if name.endswith(_PARQUET_SUFFIXES):
            present = pq.read_schema(path).names
            wanted = [c for c in (*REQUIRED, *OPTIONAL) if c in present]
            return pq.read_table(path, columns=wanted or None, read_dictionary=list(_LABELS))
        if name.endswith(_CSV_SUFFIXES):
            return pacsv.read_csv(
                path,
                convert_options=pacsv.ConvertOptions(
                    strings_can_be_null=True, column_types=dict.fromkeys(_LABELS, _DICT)
                ),
            )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SourceError(f"{path}: cannot read signal file ({first})") from None
    raise SourceError(f"{path}: unsupported signal file type (expected .csv or .parquet)")


def _column(path: Path, table: pa.Table, name: str) -> pa.ChunkedArray:
    if name not in table.column_names:
        raise SourceError(
            f"{path}: missing column {name!r} (expected columns: "
            f"{', '.join(REQUIRED)}, optional {', '.join(OPTIONAL)})"
        )
    return table.column(name)


def _epoch_seconds(path: Path, col: pa.ChunkedArray) -> np.ndarray:
    """ISO 8601 strings (naive = UTC), timestamp columns or epoch seconds -> float64 seconds."""
    t = col.type
    if pa.types.is_timestamp(t):
        micros = pc.cast(col, pa.timestamp("us", tz=t.tz)).cast(pa.int64())
        return micros.to_numpy(zero_copy_only=False).astype(np.float64) / 1e6
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        return pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False)
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t):
        text = pc.utf8_trim_whitespace(pc.cast(col, pa.string()))
        # Epoch seconds and ISO 8601 may be mixed in one column: split by shape, parse each.
        numeric = pc.fill_null(pc.match_substring_regex(text, r"^[+-]?\d+(\.\d*)?$"), False)
        out = np.full(len(text), np.nan)
        is_num = numeric.to_numpy(zero_copy_only=False)
        if is_num.any():
            nums = pc.cast(pc.filter(text, numeric), pa.float64())
            out[is_num] = nums.to_numpy(zero_copy_only=False)
        # Arrow parses zoned and naive ISO strings into different types: naive means UTC.
        zoned = pc.fill_null(pc.match_substring_regex(text, r"(Z|[+-]\d\d(:?\d\d)?)$"), False)
        for part, tz in ((pc.and_(zoned, pc.invert(numeric)), "UTC"),
                         (pc.and_(pc.invert(zoned), pc.invert(numeric)), None)):  # fmt: skip
            where = part.to_numpy(zero_copy_only=False)
            if not where.any():
                continue
            iso = pc.filter(text, part)
            try:
                stamps = pc.cast(iso, pa.timestamp("us", tz=tz))
            except pa.ArrowInvalid:
                raise SourceError(
                    f"{path}: column 'timestamp': cannot parse {_first_unparseable(iso, tz)!r} "
                    "(expected ISO 8601 or epoch seconds)"
                ) from None
            out[where] = pc.cast(stamps, pa.int64()).to_numpy(zero_copy_only=False) / 1e6
        return out
    raise SourceError(f"{path}: column 'timestamp' has type {t} (expected ISO 8601 or epoch)")


def _first_unparseable(text: pa.ChunkedArray, tz: str | None) -> str:
    # Error path only: find one offending value to name in the message.
    for value in pc.unique(text).to_pylist():
        if value is None:
            continue
        try:
            pc.cast(pa.array([value]), pa.timestamp("us", tz=tz))
        except pa.ArrowInvalid:
            return str(value)
    return "?"


def _numbers(path: Path, col: pa.ChunkedArray, name: str) -> np.ndarray:
    if not (pa.types.is_integer(col.type) or pa.types.is_floating(col.type)
            or pa.types.is_null(col.type) or pa.types.is_decimal(col.type)):  # fmt: skip
        # true/false (or text) is not a measurement: casting it would invent 1.0 and 0.0
        raise SourceError(f"{path}: column {name!r}: expected numbers, got {col.type}")
    try:
        return pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise SourceError(f"{path}: column {name!r}: expected numbers") from None


def _codes(
    col: pa.ChunkedArray, empty_is_null: bool = False
) -> tuple[np.ndarray, list[str | None]]:
    """Integer codes per row and their labels; null (and "" if asked) share one None label."""
    if not pa.types.is_dictionary(col.type):
        col = pc.dictionary_encode(pc.cast(col, pa.string()))
    enc = col.unify_dictionaries().combine_chunks() if col.num_chunks else pa.array([], _DICT)
    if not pa.types.is_string(enc.dictionary.type):
        enc = pc.dictionary_encode(pc.cast(enc, pa.string()))
    raw: list[str | None] = [*enc.dictionary.to_pylist(), None]
    # Nulls become the extra last label, in Arrow (to_numpy would turn nulls into floats).
    indices = pc.fill_null(enc.indices, len(raw) - 1) if enc.null_count else enc.indices
    codes = pc.cast(indices, pa.int64()).to_numpy(zero_copy_only=False)
    if empty_is_null:
        raw = [x if x else None for x in raw]
    first: dict[str | None, int] = {}
    remap = np.array([first.setdefault(x, len(first)) for x in raw], dtype=np.int64)
    if len(first) == len(raw):  # every label distinct: codes are already final
        return codes, raw
    return remap[codes], list(first)


def _build_index(path: Path, table: pa.Table) -> _Index:
    for name in REQUIRED:
        _column(path, table, name)
    if table.num_rows == 0:  # a header and no rows: nothing to load, not an error
        return _Index(np.empty(0), np.empty(0), None, {}, [f"{path.name}: no rows"])
    # Each column is popped as it is converted, so its Arrow buffers can go early: on large
    # files this keeps the peak memory well below "whole table + every numpy copy".
    cols = {name: table.column(name) for name in table.column_names}
    del table
    exp, exp_labels = _codes(cols.pop("experiment"))
    met, met_labels = _codes(cols.pop("metric"))
    if "segment" in cols:
        # An empty segment means the aggregate, like a missing one.
        seg, seg_labels = _codes(cols.pop("segment"), empty_is_null=True)
    else:
        seg, seg_labels = np.zeros(len(exp), dtype=np.int64), [None]
    # One integer key per series: (experiment, metric, segment) in lexicographic order,
    # built in place (on large files every fresh full-size temporary costs page faults).
    key = exp * len(met_labels)  # a new array: the codes may be read-only views into Arrow
    del exp
    key += met
    del met
    key *= len(seg_labels)
    key += seg
    del seg
    ts = _epoch_seconds(path, cols.pop("timestamp"))
    values = _numbers(path, cols.pop("value"), "value")
    n = _numbers(path, cols.pop("n"), "n") if "n" in cols else None

    findings: list[str] = []
    if np.isnan(ts).any():
        raise SourceError(f"{path}: column 'timestamp': empty values")
    keep = ~np.isnan(values)
    if not keep.all():
        findings.append(
            f"{path.name}: dropped {int((~keep).sum())} rows with no value (NaN or empty)"
        )
    # Rows that cannot be readings: each kind dropped and counted, never scored.
    with np.errstate(invalid="ignore"):
        checks = (
            (~np.isfinite(values) | (np.abs(values) > MAX_ABS_VALUE),
             "a value that is infinite or beyond +/-1e15"),
            (ts < 0, "a timestamp before 1970"),
            (ts > time.time() + FUTURE_SLACK_S, "a timestamp more than a day in the future"),
            (n < 0 if n is not None else np.zeros(len(ts), bool), "a negative sample size n"),
            ((~np.isfinite(n)) & ~np.isnan(n) if n is not None else np.zeros(len(ts), bool),
             "an infinite sample size n"),
        )  # fmt: skip
    for bad, what in checks:
        bad = bad & keep
        if bad.any():
            findings.append(f"{path.name}: dropped {int(bad.sum())} rows with {what}")
            keep &= ~bad
    if not keep.all():
        ts, values, key = ts[keep], values[keep], key[keep]
        n = n[keep] if n is not None else None
    if len(ts) == 0:  # every row dropped: nothing to index (the findings say why)
        return _Index(np.empty(0), np.empty(0), None, {}, findings)
    step, dts = np.diff(key), np.diff(ts)
    if not ((step > 0) | ((step == 0) & (dts >= 0))).all():
        order = np.lexsort((ts, key))  # stable: equal (key, ts) rows keep their file order
        ts, values, key = ts[order], values[order], key[order]
        n = n[order] if n is not None else None
        step, dts = np.diff(key), np.diff(ts)

    # Same key and timestamp: keep the last row of each run (the latest in file order).
    dup = np.append((step == 0) & (dts == 0), False)
    if dup.any():
        findings.append(
            f"{path.name}: dropped {int(dup.sum())} duplicate rows "
            "(same experiment, metric, segment and timestamp; the last row in the file wins)"
        )
        last = ~dup
        ts, values, key = ts[last], values[last], key[last]
        n = n[last] if n is not None else None
        step = np.diff(key)

    for arr in (ts, values, n):
        if arr is not None:
            arr.flags.writeable = False  # series are views into these: keep the cache intact
    starts = np.concatenate(([0], np.flatnonzero(step) + 1)) if len(ts) else np.empty(0, np.int64)
    stops = np.append(starts[1:], len(ts))
    head = key[starts]
    seg_of = head % len(seg_labels)
    met_of = (head // len(seg_labels)) % len(met_labels)
    exp_of = head // (len(seg_labels) * len(met_labels))
    groups: dict[tuple[str, str], list[_Group]] = {}
    for a, b, e_i, m_i, s_i in zip(
        starts.tolist(), stops.tolist(), exp_of.tolist(), met_of.tolist(), seg_of.tolist(),
        strict=True,
    ):  # fmt: skip
        e, m = exp_labels[e_i], met_labels[m_i]
        if e is None or m is None:
            continue  # rows without an experiment or metric cannot be requested
        groups.setdefault((e, m), []).append(_Group(seg_labels[s_i], a, b))
    return _Index(ts, values, n, groups, findings)
