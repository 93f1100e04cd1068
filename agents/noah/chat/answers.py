"""The offline chat: a deterministic intent matcher that answers from computed facts only,
in Noah's voice, and says plainly what it cannot answer. Every number it quotes is a
field of the facts, written by report/wording.py exactly as the reports write it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vortex_pulse.agents.noah.assemble import norm
from vortex_pulse.report import wording
from vortex_pulse.report.continuity import compare
from vortex_pulse.report.hc5 import since_text
from vortex_pulse.report.model import PortfolioReport
from vortex_pulse.report.wording import band, duration, gap_of, metric_line, with_unit
from vortex_pulse.signals.facts import ExperimentFacts, MetricFacts, Pattern, PortfolioFacts

Charts = dict[str, dict[str, dict[str, list[float]]]]  # id -> series -> {"t", "v"}
BARS = "▁▂▃▄▅▆▇█"

STRATEGY = re.compile(
    r"\b(should (we|i)|roll ?back|revert|ship it|kill|sunset|launch|recommend|what do we do|"
    r"decide|decision|worth (it|keeping))\b",
    re.I,
)
CAN_ANSWER = (
    "why an experiment has its priority",
    "what changed since the last report",
    "which experiments share a component or a pattern",
    "the trend of a metric (a sparkline)",
    "the priority list",
)


@dataclass
class ChatFacts:
    """What the chat may quote: this session's facts, their charts, the previous report."""

    facts: PortfolioFacts
    charts: Charts = field(default_factory=dict)
    earlier: PortfolioReport | None = None


def find_experiment(text: str, facts: PortfolioFacts) -> ExperimentFacts | None:
    """The experiment a question names: its id, its name, or most of its name's words."""
    q = norm(text)
    words = set(q.split())
    best, score = None, 0.0
    for e in facts.experiments:
        if norm(e.id) in q or norm(e.name) in q:
            return e
        mine = {w for w in norm(e.name).split() + norm(e.id).split() if len(w) > 3}
        hit = len(mine & words) / len(mine) if mine else 0.0
        if hit > score:
            best, score = e, hit
    return best if score >= 0.5 else None


def find_metric(text: str, facts: PortfolioFacts) -> tuple[ExperimentFacts, MetricFacts] | None:
    q = set(norm(text).split())
    e0 = find_experiment(text, facts)
    pool = [e0] if e0 else facts.experiments
    for e in pool:
        for m in e.metrics:
            names = set(norm(m.name).split()) | set(norm(m.series).split())
            if names & q - {"the", "show", "trend", "of", "a"}:
                return e, m
    return None


def sparkline(values: list[float]) -> str:
    if not values:
        return ""
    lo, hi = min(values), max(values)
    span = hi - lo or 1.0
    return "".join(BARS[round((v - lo) / span * (len(BARS) - 1))] for v in values)


def pattern_line(p: Pattern, names: dict[str, str]) -> str:
    """A pattern as a list item, named as the HC5 names it (report/wording.py)."""
    return f"- {wording.pattern_line(p, names)}"


def decline_strategy() -> str:
    return (
        "That is a strategic call, and strategy is not mine to make: I observe and report. "
        "Max 🧭 owns that decision (the learning card takes the HC5 as its input). What I can "
        "give you is the signal: ask me why an experiment has its priority, or what changed."
    )


def why_priority(e: ExperimentFacts) -> str:
    lead = e.lead
    rule = e.priority_rule or "the priority table"
    lines = [
        f"The signal indicates {e.name} is {e.priority}: rule {rule} "
        f"(severity {e.severity}, scope {e.scope}, confidence {e.confidence})."
    ]
    if lead is not None:
        lines.append(
            f"Lead metric {lead.name}: {with_unit(lead.observed, lead.unit)} against the "
            f"expected band {band(lead.baseline)} ({gap_of(lead)})."
        )
        if lead.breach != "none" and lead.breach_hours is not None:
            lines.append(
                f"The investigate threshold has been breached for {duration(lead.breach_hours)}."
            )
    if e.trajectory:
        lines.append(f"Trajectory: {e.trajectory}.")
    return " ".join(lines)


def priorities(facts: PortfolioFacts) -> str:
    rows = [f"- {e.priority} {e.name} — {e.severity} ({e.direction})" for e in facts.experiments]
    return "Here's what we're seeing, ranked:\n" + "\n".join(rows)


def shared(text: str, facts: PortfolioFacts) -> str:
    names = {e.id: e.name for e in facts.experiments}
    q = norm(text)
    hits = [
        p for p in facts.patterns if any(w in norm(p.evidence) for w in q.split() if len(w) > 4)
    ]
    pats = hits or facts.patterns
    lines = [pattern_line(p, names) for p in pats]
    related = [
        f"- {e.name} is declared related to {', '.join(names.get(r, r) for r in e.related)}"
        for e in facts.experiments
        if e.related
    ]
    if not lines and not related:
        return "The facts show no shared pattern or declared relation between experiments."
    return "Here's what we're seeing across experiments:\n" + "\n".join(lines + related)


def changed(facts: PortfolioFacts, earlier: PortfolioReport | None) -> str:
    if earlier is None:
        return "There is no earlier report to compare with; this is the first pass I can see."
    c = compare(facts, earlier)  # the HC5's own "since the last report", cleared included
    lines = [f"- {e.name}: {since_text(c, e.id)}" for e in facts.experiments]
    return f"Since the report of {earlier.date}:\n" + "\n".join(lines)


def trend(text: str, chat: ChatFacts) -> str:
    found = find_metric(text, chat.facts)
    if found is None:
        return "I could not tell which metric you mean; name the experiment and the metric."
    e, m = found
    line = chat.charts.get(e.id, {}).get(m.series, {})
    values = list(line.get("v", []))
    if not values:
        return f"{e.name}: {m.name} has {wording.NO_DATA}."
    return (
        f"{e.name} — {m.name} over the window ({len(values)} points):\n{sparkline(values)}\n"
        f"{metric_line(m)}; trajectory {m.trajectory}."
    )


def answer(text: str, chat: ChatFacts) -> str:
    """Noah's answer to one question, from the facts only."""
    q = text.strip()
    if STRATEGY.search(q):
        return decline_strategy()
    low = q.casefold()
    if re.search(r"\b(changed?|since|differen|compare)", low):
        return changed(chat.facts, chat.earlier)
    if re.search(r"\b(share|shared|common|same|together|pattern|related)", low):
        return shared(q, chat.facts)
    if re.search(r"\b(trend|sparkline|chart|plot|graph|over time)\b", low):
        return trend(q, chat)
    e = find_experiment(q, chat.facts)
    if e is not None and re.search(r"\b(why|priority|p[123]|rank|explain|how is)\b", low):
        return why_priority(e)
    if re.search(r"\b(list|priorit|overview|summary|ranked|status)", low):
        return priorities(chat.facts)
    if e is not None:
        return why_priority(e)
    return (
        "I can't answer that from the computed facts. I can tell you: "
        + "; ".join(CAN_ANSWER)
        + "."
    )
