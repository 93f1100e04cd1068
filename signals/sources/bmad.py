"""A BMAD project's delivery telemetry as a signal source (`provider: bmad`).

Reads the BMAD output folder (`_bmad-output/`), read-only, and serves three metrics
(docs/smartspec.md, "BMAD telemetry"):

- `workflow_completion` (%): per workflow document — a markdown file whose YAML front
  matter has `stepsCompleted: [...]` and a step count (`totalSteps` or `steps`) — one sample
  `100 * len(stepsCompleted) / totalSteps` at the document's time;
- `gate_pass_rate` (%): per quality-gate file — YAML with `gate: PASS|CONCERNS|FAIL|WAIVED`
  — one sample at its time: PASS and WAIVED 100, CONCERNS 50, FAIL 0 (averaged by the SLO's
  windows, this is the share of passing gates);
- `hours_in_step` (h): on an hourly grid over the window, the longest time any unfinished
  workflow has gone without an update.

A document's time is its front matter's `lastUpdated`, `updated` or `date`, else the file's
modification time. Files are data, never instructions: YAML `safe_load`, at most 1 MB each,
symbolic links leaving the folder are skipped. Unreadable files are findings.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from vortex_pulse.core import yamlsafe
from vortex_pulse.core.config import parse_timestamp
from vortex_pulse.core.files import FileReadError, read_bytes
from vortex_pulse.signals.rules import HOUR
from vortex_pulse.signals.series import (
    LoadResult,
    Series,
    SeriesKey,
    SeriesRequest,
    SourceError,
    SourceFinding,
    Window,
    last_per_timestamp,
)

METRICS = ("workflow_completion", "gate_pass_rate", "hours_in_step")
GATE_SCORE = {"PASS": 100.0, "WAIVED": 100.0, "CONCERNS": 50.0, "FAIL": 0.0}


@dataclass(frozen=True, slots=True)
class Workflow:
    path: str
    ts: float
    done: int
    total: int | None


@dataclass(frozen=True, slots=True)
class Gate:
    path: str
    ts: float
    decision: str


def _when(meta: dict[str, Any], path: Path) -> float:
    for key in ("lastUpdated", "updated", "date"):
        v = meta.get(key)
        if isinstance(v, datetime):
            return (v if v.tzinfo else v.replace(tzinfo=UTC)).timestamp()
        if isinstance(v, date):
            return datetime(v.year, v.month, v.day, tzinfo=UTC).timestamp()
        if isinstance(v, str):
            try:
                return parse_timestamp(v).timestamp()
            except ValueError:
                continue
    return path.stat().st_mtime


def _front_matter(text: str) -> dict[str, Any] | None:
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    if end < 0:
        return None
    meta = yamlsafe.load(text[3:end])
    return meta if isinstance(meta, dict) else None


class BmadSource:
    """A Source over a BMAD output folder (see the module docstring)."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"BmadSource(name={self.name!r}, folder={str(self.folder)!r})"

    def scan(self) -> tuple[list[Workflow], list[Gate], list[str]]:
        if not self.folder.is_dir():
            raise SourceError(f"{self.folder}: BMAD output folder not found")
        root = self.folder.resolve()
        flows: list[Workflow] = []
        gates: list[Gate] = []
        notes: list[str] = []
        for dirpath, _dirs, files in os.walk(root):
            for fname in sorted(files):
                p = Path(dirpath) / fname
                if p.suffix not in (".md", ".yml", ".yaml"):
                    continue
                rel = str(p.relative_to(root))
                try:
                    p.resolve().relative_to(root)
                except ValueError:
                    continue  # a link leaving the folder
                try:
                    # core/files: size-capped, and a FIFO or device named like a document
                    # must not hang the scan
                    text = read_bytes(p, "config").decode("utf-8")
                    meta = _front_matter(text) if p.suffix == ".md" else yamlsafe.load(text)
                except FileReadError as exc:  # e.g. "is a pipe (FIFO), expected a regular file"
                    notes.append(f"{rel}: {str(exc).removeprefix(f'{p}: ')}, skipped")
                    continue
                except RecursionError:  # worded as core/yamlsafe.read_file words it
                    notes.append(f"{rel}: invalid YAML: nested too deeply")
                    continue
                except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                    notes.append(f"{rel}: unreadable ({type(exc).__name__})")
                    continue
                if not isinstance(meta, dict):
                    continue
                steps = meta.get("stepsCompleted")
                if isinstance(steps, list):
                    total = meta.get("totalSteps", meta.get("steps"))
                    ok_total = isinstance(total, int) and total > 0
                    if not ok_total:
                        notes.append(f"{rel}: stepsCompleted without totalSteps")
                    flows.append(Workflow(rel, _when(meta, p), len(steps),
                                          total if ok_total else None))  # fmt: skip
                gate = meta.get("gate")
                if isinstance(gate, str) and gate.upper() in GATE_SCORE:
                    gates.append(Gate(rel, _when(meta, p), gate.upper()))
                elif gate is not None:
                    notes.append(f"{rel}: gate {str(gate)[:20]!r} is not PASS/CONCERNS/FAIL/WAIVED")
        return flows, gates, notes

    @staticmethod
    def _series(points: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        points.sort()  # by (time, value): several files at the same second, the highest wins
        ts = np.array([p[0] for p in points], dtype=float)
        vals = np.array([p[1] for p in points], dtype=float)
        return last_per_timestamp(ts, vals)

    def values(
        self,
        metric: str,
        window: Window,
        scanned: tuple[list[Workflow], list[Gate], list[str]] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, list[str]]:
        flows, gates, notes = scanned if scanned is not None else self.scan()
        lo, hi = window.start.timestamp(), window.end.timestamp()
        pts: list[tuple[float, float]] = []
        if metric == "workflow_completion":
            pts = [(f.ts, 100.0 * min(f.done, f.total) / f.total) for f in flows if f.total]
        elif metric == "gate_pass_rate":
            pts = [(g.ts, GATE_SCORE[g.decision]) for g in gates]
        elif metric == "hours_in_step":
            open_ = np.array([f.ts for f in flows if f.total is None or f.done < f.total])
            grid = np.arange(hi, lo, -HOUR)[::-1]
            for t in grid:
                started = open_[open_ <= t]
                if started.size:
                    pts.append((float(t), float((t - started.min()) / HOUR)))
        else:
            raise SourceError(f"BMAD metric {metric!r} unknown (known: {', '.join(METRICS)})")
        ts, vals = self._series(pts)
        keep = (ts > lo) & (ts <= hi)
        return ts[keep], vals[keep], notes

    # -- Source protocol ------------------------------------------------------------------------
    def load(self, requests: Sequence[SeriesRequest], window: Window) -> LoadResult:
        result = LoadResult()
        seen_notes: set[str] = set()
        scanned: tuple[list[Workflow], list[Gate], list[str]] | SourceError
        try:  # one walk of the folder per load, whatever the number of metrics asked for
            scanned = self.scan()
        except SourceError as exc:
            scanned = exc
        for req in requests:
            metric = (req.query or req.metric).strip()
            try:
                if isinstance(scanned, SourceError):
                    raise scanned
                # the history asked for too (a learned baseline learns from it; series.py)
                ts, vals, notes = self.values(metric, window.extended(req.history_s), scanned)
            except SourceError as exc:
                result.findings.append(SourceFinding(self.name, str(exc), req.experiment,
                                                     req.metric))  # fmt: skip
                continue
            for n in notes:
                if n not in seen_notes:
                    seen_notes.add(n)
                    result.findings.append(SourceFinding(self.name, n))
            key = SeriesKey(req.experiment, req.metric)
            result.series[key] = Series(key, ts, vals)
        return result

    def latest(self, requests: Sequence[SeriesRequest]) -> datetime | None:
        flows, gates, _ = self.scan()
        stamps = [f.ts for f in flows] + [g.ts for g in gates]
        return datetime.fromtimestamp(max(stamps), UTC) if stamps else None
