"""The NAB scorer (benchmarks/nab_scoring.py) on hand-made files whose scores are worked out
by hand from the rules: sigmoid position weighting, first detection per window, probation,
false-positive cost before and after a window, profiles, corpus threshold, normalisation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from benchmarks.nab_scoring import (
    MAX_TP,
    FileLabels,
    Profile,
    label_rows,
    probation_length,
    raw_scores,
    score_corpus,
)

STANDARD = Profile("standard", tp=1.0, fp=0.11, fn=1.0)
LOW_FN = Profile("reward_low_FN_rate", tp=1.0, fp=0.11, fn=2.0)
T0 = np.datetime64("2024-01-01T00:00:00", "s")


def _ts(n: int = 100) -> np.ndarray:
    return T0 + np.arange(n) * np.timedelta64(300, "s")


def _window(ts: np.ndarray, a: int, b: int) -> tuple[np.datetime64, np.datetime64]:
    return ts[a], ts[b]


def _score(labels: FileLabels, hits: list[int], p: Profile = STANDARD) -> float:
    scores = np.zeros(len(labels.window))
    scores[hits] = 1.0
    return float(raw_scores(labels, scores, np.array([0.5]), p)[0])


def _sig(x: float) -> float:
    return 2.0 / (1.0 + math.exp(5.0 * x)) - 1.0


@pytest.fixture
def one_window() -> FileLabels:
    ts = _ts()
    return label_rows(ts, [_window(ts, 40, 49)])  # width 10, after the 15-row probation


def test_probation_is_15_percent_capped_at_750_rows() -> None:
    assert probation_length(100) == 15
    assert probation_length(4999) == 749
    assert probation_length(22_000) == 750


def test_detection_at_the_left_edge_is_worth_the_tp_weight(one_window: FileLabels) -> None:
    assert MAX_TP == pytest.approx(_sig(-1.0)) == pytest.approx(0.98661, abs=1e-5)
    assert _score(one_window, [40]) == pytest.approx(1.0)


def test_later_detection_is_worth_less_and_only_the_first_counts(one_window: FileLabels) -> None:
    halfway = _sig(-0.5) / MAX_TP  # row 45: -(49 - 45 + 1) / 10
    assert _score(one_window, [45]) == pytest.approx(halfway) == pytest.approx(0.85979, abs=1e-4)
    assert _score(one_window, [42, 47]) == pytest.approx(_sig(-0.8) / MAX_TP)
    assert _score(one_window, [49]) == pytest.approx(_sig(-0.1) / MAX_TP)


def test_missed_window_costs_the_fn_weight(one_window: FileLabels) -> None:
    assert _score(one_window, []) == -1.0
    assert _score(one_window, [], LOW_FN) == -2.0


def test_false_positives_before_and_after_a_window(one_window: FileLabels) -> None:
    # Before any window: the full FP weight, once per detected row.
    assert _score(one_window, [40, 20, 21]) == pytest.approx(1.0 - 2 * 0.11)
    # Three rows after the right edge of a 10-row window: distance 3 / (10 - 1).
    assert _score(one_window, [40, 52]) == pytest.approx(1.0 + 0.11 * _sig(3 / 9))
    # Three window widths (27 rows) or more after it: the full cost again.
    assert _score(one_window, [40, 49 + 27]) == pytest.approx(1.0 - 0.11)


def test_probation_rows_and_windows_inside_it_are_not_scored() -> None:
    ts = _ts()
    labels = label_rows(ts, [_window(ts, 2, 8), _window(ts, 40, 49)])
    assert labels.windows == 1  # the first window lies wholly in the probation period
    assert _score(labels, [3, 10, 40]) == pytest.approx(1.0)  # rows 3 and 10: probation
    # A false positive after the probation window is still weighed by its distance from it.
    assert _score(labels, [40, 12]) == pytest.approx(1.0)
    assert _score(labels, [40, 16]) == pytest.approx(1.0 + 0.11 * _sig(8 / 6))


def test_threshold_is_optimised_over_the_corpus_and_normalised() -> None:
    ts = _ts()
    a = label_rows(ts, [_window(ts, 40, 49)])
    b = label_rows(ts, [_window(ts, 60, 69)])
    sa = np.zeros(100)
    sa[20], sa[40] = 0.95, 0.9  # a false positive scores above the true detection
    sb = np.zeros(100)
    sb[60] = 0.8
    result = score_corpus({"a": (a, sa), "b": (b, sb)}, STANDARD)
    # t > 0.95: -2; t = 0.95: -2.11; t = 0.9: 1 - 0.11 - 1; t = 0.8: 2 - 0.11 (best).
    assert result.threshold == 0.8
    assert result.raw == pytest.approx(1.89)
    assert (result.null, result.perfect) == (-2.0, 2.0)
    assert result.normalised == pytest.approx(100 * 3.89 / 4)
    assert result.per_file == pytest.approx({"a": 0.89, "b": 1.0})


def test_null_and_perfect_detectors_score_0_and_100() -> None:
    ts = _ts()
    labels = label_rows(ts, [_window(ts, 40, 49), _window(ts, 70, 79)])
    perfect = np.zeros(100)
    perfect[[40, 70]] = 1.0
    assert score_corpus({"f": (labels, perfect)}, LOW_FN).normalised == pytest.approx(100.0)
    assert score_corpus({"f": (labels, np.zeros(100))}, LOW_FN).normalised == 0.0
