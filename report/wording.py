"""How facts are written in prose: one place, so every sentence agrees.

Numbers go through core/numbers.py (the one formatter, shared with the signals engine's
texts and alerts); this module turns facts into the phrases every output uses: a metric's
line, its gap, its story, the display names of pattern kinds.
"""

from __future__ import annotations

from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.core.numbers import (
    amount,
    duration,
    gap_text,
    moment,
    num,
    plural,
    unit_suffix,
    with_unit,
)
from vortex_pulse.report.narrative import HC4Excerpt
from vortex_pulse.signals.facts import ExperimentFacts, MetricFacts, Pattern
from vortex_pulse.signals.scoring.level import band_of
from vortex_pulse.signals.series import NO_DATA_IN_WINDOW

__all__ = [
    "NO_DATA",
    "PATTERN_NAMES",
    "about",
    "amount",
    "band",
    "divergence",
    "duration",
    "gap_of",
    "metric_line",
    "moment",
    "num",
    "pattern_line",
    "percent",
    "plural",
    "rate_of_change",
    "story",
    "threshold",
    "unit_suffix",
    "with_unit",
]

NO_DATA = NO_DATA_IN_WINDOW  # a metric, or an experiment's lead, without data

# How pattern kinds read in prose (the JSON keeps the machine names).
PATTERN_NAMES = {
    "systemic": "Systemic signal",
    "correlated_divergence": "Correlated divergence",
    "shared_impact": "Shared impact",
    "timing": "Timing",
    "contradictory": "Contradictory signals",
}


def percent(fraction: float) -> str:
    """A share as a percent, e.g. a metric's completeness: 0.874 -> '87.4%'."""
    return with_unit(fraction * 100, "%")


def pattern_line(p: Pattern, names: dict[str, str]) -> str:
    """'Correlated divergence: A, B — <evidence>', as the HC5 and the chat list a pattern."""
    who = ", ".join(names.get(i, i) for i in p.experiments)
    return f"{PATTERN_NAMES.get(p.type, p.type)}: {who} — {p.evidence}"


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


def gap_of(m: MetricFacts) -> str:
    """'18.5 points below the 60% floor (31%)', 'inside the expected band', 'no data'."""
    if m.observed is None or m.baseline is None or not m.baseline.numeric:
        return NO_DATA if m.observed is None else "no numeric band"
    b = band_of(m.baseline)
    return gap_text(m.gap, m.gap_relative, b.low, b.high, m.unit)


def metric_line(m: MetricFacts) -> str:
    """'Action rate 41.5% vs expected 60-75%: 18.5 points below the 60% floor (31%)'."""
    if m.text_check is not None and m.baseline is not None:
        verdict = "holds" if m.text_check == "holds" else "is breached"
        rule = (m.baseline.text_threshold or "").removeprefix(f"{m.name}:").strip().rstrip(".")
        return f'{m.name}: the threshold "{rule}" {verdict} on the data'
    if m.observed is None:
        return f"{m.name}: {NO_DATA}"
    obs = with_unit(m.observed, m.unit)
    if not m.gap and not m.gap_relative:
        return f"{m.name} {obs}, inside the expected {band(m.baseline)}"
    return f"{m.name} {obs} vs expected {band(m.baseline)}: {gap_of(m)}"


def divergence(m: MetricFacts | None) -> str:
    """The summary table's cell (HC5 and HTML): the metric's line, and its time to the
    investigate line when it is moving toward it."""
    if m is None:
        return NO_DATA
    text = metric_line(m)
    if m.time_to_threshold_hours is not None and (line := _threshold_value(m)):
        when = duration(m.time_to_threshold_hours)
        text += f"; reaches the {line} investigate line in about {when} at its current slope"
    return text


def rate_of_change(m: MetricFacts) -> str:
    """The slope that describes the metric now: after its last change point, if any."""
    slope = m.slope_after_per_week
    if slope is None:
        return f"{m.name}: n/a"
    if m.change_point and not m.slope_after_significant:
        return f"{m.name}: flat since the step at {moment(m.change_point)}"
    if not m.slope_after_significant or m.trajectory == "Stable":
        return f"{m.name}: stable over the window (no meaningful slope)"
    way = "rising" if slope > 0 else "falling"
    since = f" since {moment(m.change_point)}" if m.change_point else " over the window"
    return f"{m.name}: {way} {amount(slope, m.unit)} per week{since}"


def _threshold_value(m: MetricFacts) -> str | None:
    b = m.baseline
    if b is None or b.investigate_value is None:
        return None
    return with_unit(b.investigate_value, m.unit)


def metric_story(m: MetricFacts) -> str:
    """One metric's story: before -> after, since when, how fast, when the line is crossed."""
    if m.observed is None or m.text_check is not None:
        return metric_line(m)
    obs = with_unit(m.observed, m.unit)
    if m.level_before is not None and m.change_point and m.step is not None:
        way = "fell" if m.step < 0 else "rose"
        text = (
            f"{m.name} {way} from {with_unit(m.level_before, m.unit)} to {obs} at "
            f"{moment(m.change_point)} (a step of {amount(m.step, m.unit)}"
        )
        if m.step_vs_band:
            text += f", {num(m.step_vs_band, 2)} times the band's width"
        text += ")"
        held = m.trend_duration_hours
        if m.slope_after_significant:
            text += f" and is still moving: {rate_of_change(m).split(': ', 1)[1]}"
        else:
            text += f" and has held there for {duration(held)}"
        text += f"; {gap_of(m)}" if m.gap else "; inside the expected band"
    else:
        text = metric_line(m)
        moving = m.trajectory in ("Degrading", "Improving")
        if moving and m.slope_after_significant and m.slope_after_per_week is not None:
            way = "falling" if m.slope_after_per_week < 0 else "rising"
            text += f", {way} {amount(m.slope_after_per_week, m.unit)} per week"
    if m.time_to_threshold_hours is not None and (t := _threshold_value(m)):
        text += f"; at this pace it reaches the {t} investigate line in about " + duration(
            m.time_to_threshold_hours
        )
    if m.breach == "critical" and m.breach_since:
        text += f"; past the {_threshold_value(m)} investigate line since {moment(m.breach_since)}"
    return text


def companions(e: ExperimentFacts) -> list[str]:
    """The experiment's other metrics and whether they hold."""
    lead = e.lead
    out = []
    for m in e.metrics:
        if m is lead:
            continue
        if m.text_check is not None:
            out.append(metric_line(m))
        elif m.observed is None:
            out.append(f"{m.name} has {NO_DATA}")
        elif m.gap == 0:
            out.append(f"{m.name} holds at {with_unit(m.observed, m.unit)}, inside its band")
        else:
            out.append(f"{m.name} does not hold: {metric_line(m)}")
    return out


def hc4_lines(e: ExperimentFacts, ex: HC4Excerpt | None) -> list[str]:
    """The HC4 lines that bear on the signal: its validated result, the components it
    shares, its own "investigate" instruction for the lead metric."""
    out = []
    if e.validated:
        out.append(f"in the experiment (its HC4): {e.validated}")
    if ex is None:
        return out
    if ex.shared:
        out.append(f"its HC4 says it shares the {', '.join(ex.shared)}")
    lead = e.lead
    if ex.thresholds and lead is not None:
        for sentence in ex.thresholds.replace("\n", " ").split(". "):
            if lead.name.lower() in sentence.lower() and "investigate" in sentence.lower():
                out.append(f'its HC4 says: "{sentence.strip().rstrip(".")}"')
                break
    return out


def story(e: ExperimentFacts, ex: HC4Excerpt | None = None) -> str:
    """The experiment's story from its facts (every number is a fact, formatted once)."""
    lead = e.lead
    if lead is None:
        return f"{e.name}: too little data to compare against its baseline."
    parts = [metric_story(lead)]
    parts += companions(e)
    parts += hc4_lines(e, ex)
    text = ". ".join(p[0].upper() + p[1:] for p in parts if p)
    return text + "."


def about(metric: str, text: str) -> str:
    """'Action rate: <text>' unless the text already starts with the metric's name: a
    portfolio-level anomaly text does not say which metric it is about."""
    return text if not metric or text.startswith(metric) else f"{metric}: {text}"
