"""Scoring of anomaly scores against NAB labels, as the Numenta Anomaly Benchmark defines it.

Own implementation of the rules stated with the NAB data (benchmark code, not product code):

- The first 15% of a file (at most 750 rows) is a probation period: its rows are not scored,
  and a window lying wholly inside it does not count.
- A row inside a labelled window is a candidate true positive worth
  ``tp * S(-(right - i + 1) / width) / S(-1)`` (S = the scaled sigmoid below: about 1 at the
  left edge, 0 past the right edge); a window's value is the best (earliest) of its detected
  rows, or ``-fn`` when none is detected.
- A detected row outside every window costs ``fp * S(distance past the previous window's right
  edge / (previous width - 1))``, or the full ``-fp`` when no window came before.
- Detection = anomaly score >= threshold. One threshold per detector and profile, chosen to
  maximise the raw score summed over the corpus. NAB's optimiser is a local search over the
  threshold; here every distinct score of the corpus is evaluated, so the optimum is exact
  (equal to or above NAB's).
- Normalised score = 100 * (raw - null) / (perfect - null): the null detector detects nothing
  (every window costs -fn), the perfect one detects every window at its left edge (+tp each).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PROBATION_FRACTION = 0.15
PROBATION_MAX_ROWS = 750  # 15% of 5,000 rows


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    tp: float
    fp: float
    fn: float


def load_profiles(path: Path) -> list[Profile]:
    """The cost matrices of NAB's profiles.json, in file order."""
    raw = json.loads(Path(path).read_text())
    return [
        Profile(name, float(p["CostMatrix"]["tpWeight"]), float(p["CostMatrix"]["fpWeight"]),
                float(p["CostMatrix"]["fnWeight"]))
        for name, p in raw.items()
    ]  # fmt: skip


def scaled_sigmoid(x: np.ndarray | float) -> np.ndarray:
    """2 * sigmoid(-5 x) - 1, and -1 from x >= 3 (far past a window)."""
    arr = np.asarray(x, dtype=np.float64)
    out = 2.0 / (1.0 + np.exp(5.0 * arr)) - 1.0
    return np.where(arr >= 3.0, -1.0, out)


MAX_TP = float(scaled_sigmoid(-1.0))  # 0.98661: the left edge of a window


def probation_length(rows: int) -> int:
    """Rows at the start of a file that are never scored (NAB: min(floor(15%), 750))."""
    return int(min(math.floor(PROBATION_FRACTION * rows), PROBATION_FRACTION * 5000))


@dataclass(frozen=True, slots=True)
class FileLabels:
    """Per-row scoring weights of one file, independent of the detector's scores.

    `window[i]` is the index of the counted window holding row i, -1 outside every window,
    -2 in the probation period. `tp_weight[i]` / `fp_weight[i]` are the unweighted sigmoid
    values (multiplied by a profile's weights when scoring).
    """

    window: np.ndarray
    tp_weight: np.ndarray
    fp_weight: np.ndarray
    windows: int  # counted windows (at least one row after probation)


def label_rows(
    timestamps: np.ndarray, windows: Sequence[tuple[np.datetime64, np.datetime64]]
) -> FileLabels:
    """Assign every row its window and sigmoid weight. Window edges are row timestamps
    (NAB's labels are aligned to rows); an edge between rows takes the first row at or after
    the start and the last row at or before the end."""
    n = len(timestamps)
    window = np.full(n, -1, dtype=np.int64)
    tp_w = np.zeros(n)
    fp_w = np.full(n, -1.0)  # before any window: the full FP cost
    idx = np.arange(n, dtype=np.float64)
    bounds = []
    for start, end in sorted(windows):
        left = int(np.searchsorted(timestamps, start, side="left"))
        right = int(np.searchsorted(timestamps, end, side="right")) - 1
        if left <= right:
            bounds.append((left, right))
    for k, (left, right) in enumerate(bounds):
        width = float(right - left + 1)
        rows = slice(left, right + 1)
        window[rows] = k
        tp_w[rows] = scaled_sigmoid(-(right - idx[rows] + 1) / width) / MAX_TP
        stop = bounds[k + 1][0] if k + 1 < len(bounds) else n
        after = slice(right + 1, stop)
        # NAB divides by width - 1; a one-row window would divide by zero there.
        fp_w[after] = scaled_sigmoid(np.abs(idx[after] - right) / max(width - 1.0, 1.0))
    probation = probation_length(n)
    window[:probation] = -2
    counted = sorted(set(window[window >= 0].tolist()))
    renumber = {old: new for new, old in enumerate(counted)}
    for old, new in renumber.items():
        window[window == old] = new
    return FileLabels(window, tp_w, fp_w, len(counted))


def raw_scores(
    labels: FileLabels, scores: np.ndarray, thresholds: np.ndarray, p: Profile
) -> np.ndarray:
    """The file's raw score for each threshold (detection = score >= threshold)."""
    scores = np.asarray(scores, dtype=np.float64)
    out = np.zeros(len(thresholds))
    outside = labels.window == -1
    fp_s = scores[outside]
    order = np.argsort(-fp_s, kind="stable")
    fp_cum = np.concatenate(([0.0], np.cumsum(labels.fp_weight[outside][order] * p.fp)))
    # number of outside rows with score >= t, for every t
    count = len(fp_s) - np.searchsorted(np.sort(fp_s), thresholds, side="left")
    out += fp_cum[count]
    for k in range(labels.windows):
        rows = labels.window == k
        s = scores[rows]
        order = np.argsort(-s, kind="stable")
        best = np.maximum.accumulate(labels.tp_weight[rows][order] * p.tp)
        detected = len(s) - np.searchsorted(np.sort(s), thresholds, side="left")
        out += np.where(detected > 0, best[np.maximum(detected - 1, 0)], -p.fn)
    return out


@dataclass(frozen=True, slots=True)
class ProfileResult:
    profile: str
    threshold: float
    raw: float
    null: float
    perfect: float
    normalised: float
    per_file: dict[str, float]  # raw score of each file at the chosen threshold


def candidate_thresholds(all_scores: Iterable[np.ndarray]) -> np.ndarray:
    """Every distinct score, plus one above them all (nothing detected)."""
    values = np.unique(np.concatenate([np.asarray(s, dtype=np.float64) for s in all_scores]))
    top = (values[-1] + 1.0) if len(values) else 1.0
    return np.append(values, max(top, 1.1))


def score_corpus(
    files: dict[str, tuple[FileLabels, np.ndarray]], profile: Profile
) -> ProfileResult:
    """Optimise one threshold over the corpus and normalise against null and perfect."""
    thresholds = candidate_thresholds(s for _, s in files.values())
    per_file = {name: raw_scores(lab, s, thresholds, profile) for name, (lab, s) in files.items()}
    total = np.sum(list(per_file.values()), axis=0)
    best = int(np.argmax(total))
    windows = sum(lab.windows for lab, _ in files.values())
    null, perfect = -profile.fn * windows, profile.tp * windows
    raw = float(total[best])
    return ProfileResult(
        profile=profile.name,
        threshold=float(thresholds[best]),
        raw=raw,
        null=null,
        perfect=perfect,
        normalised=100.0 * (raw - null) / (perfect - null) if perfect != null else 0.0,
        per_file={name: float(v[best]) for name, v in per_file.items()},
    )
