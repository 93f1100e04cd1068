"""How numbers from the facts are written in prose: one place, so every sentence agrees."""

from __future__ import annotations

from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.signals.facts import ExperimentFacts, MetricFacts

_PERCENT = {"%", "percent", "pct"}


def num(value: float | None, digits: int = 3) -> str:
    """A value with `digits` significant digits, without a trailing '.0' ("n/a" for None)."""
    if value is None:
        return "n/a"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:  # keep plain notation for readers: 12000, not 1.2e+04
        text = f"{value:.0f}" if abs(value) >= 1 else f"{value:.6f}".rstrip("0")
    return text


def unit_suffix(unit: str | None) -> str:
    """What follows a number: '%' and '/5' attach, other units take a space ('620 ms')."""
    if not unit:
        return ""
    if unit.strip() in _PERCENT:
        return "%"
    return unit if unit.startswith("/") else f" {unit}"


def with_unit(value: float | None, unit: str | None, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    return f"{num(value, digits)}{unit_suffix(unit)}"


def learned_span(b: Baseline | None) -> str | None:
    """'learned from 2026-10-01 to 2026-10-21' for a learned baseline, else None."""
    if b is None or b.source != "learned" or not b.learned_from or not b.learned_to:
        return None
    return f"learned from {b.learned_from[:10]} to {b.learned_to[:10]}"


def band(b: Baseline | None) -> str:
    """The expected band as people write it: '60-75%', '>= 4/5', '< 5 min'; a learned band
    says where it comes from: '3.9-4.5% learned from 2026-10-01 to 2026-10-21'."""
    if b is None:
        return "no baseline"
    lo, hi, unit = b.expected_low, b.expected_high, b.unit
    span = learned_span(b)
    if span and lo is not None and hi is not None:
        return f"{num(lo)}-{with_unit(hi, unit)} {span}"
    if lo is not None and hi is not None:
        return f"{num(lo)}-{with_unit(hi, unit)}"
    if lo is not None:
        return f">= {with_unit(lo, unit)}"
    if hi is not None:
        return f"<= {with_unit(hi, unit)}"
    if b.text_threshold:
        return f'"{b.text_threshold}" (not numeric)'
    return "no numeric band"


def threshold(b: Baseline | None) -> str | None:
    if b is None or b.investigate_op is None or b.investigate_value is None:
        return None
    text = f"{b.investigate_op} {with_unit(b.investigate_value, b.unit)}"
    return f"{text} {b.persistence}" if b.persistence else text


def lead_of(e: ExperimentFacts) -> MetricFacts | None:
    """The metric a sentence about `e` leads with: its lead metric when that has data, else
    the most divergent metric with data."""
    with_data = [m for m in e.metrics if m.observed is not None]
    for m in with_data:
        if e.lead_metric in (m.name, m.series):
            return m
    return max(with_data, key=lambda m: m.divergence or 0.0, default=None)


def unit_of(m: MetricFacts) -> str | None:
    return m.unit or (m.baseline.unit if m.baseline else None)


def gap_text(m: MetricFacts) -> str:
    """'12% below the expected band', 'inside the expected band', 'no data'."""
    if m.observed is None:
        return "no data in the window"
    if m.gap_relative is None or m.gap_relative == 0:
        return "inside the expected band"
    where = "below" if m.gap_relative < 0 else "above"
    return f"{num(abs(m.gap_relative) * 100, 2)}% {where} the expected band"


def metric_line(m: MetricFacts) -> str:
    """'Action rate 48% vs expected 60-75% (20% below the expected band)'."""
    obs = with_unit(m.observed, unit_of(m))
    return f"{m.name} {obs} vs expected {band(m.baseline)} ({gap_text(m)})"


def about(metric: str, text: str) -> str:
    """'Action rate: <text>' unless the text already starts with the metric's name: a
    portfolio-level anomaly text does not say which metric it is about."""
    return text if not metric or text.startswith(metric) else f"{metric}: {text}"
