"""Deterministic scoring: series + baselines -> the facts Noah reports (docs/rules.md)."""

from vortex_pulse.signals.scoring.experiment import by_experiment, score_experiment
from vortex_pulse.signals.scoring.metric import score_metric

__all__ = ["by_experiment", "score_experiment", "score_metric"]
