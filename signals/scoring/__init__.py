"""Deterministic scoring: series + baselines -> the facts Noah reports (docs/rules.md)."""

from signals.scoring.experiment import by_experiment, score_experiment
from signals.scoring.metric import score_metric

__all__ = ["by_experiment", "score_experiment", "score_metric"]
