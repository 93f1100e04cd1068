"""The offline narrator: factual sentences from the facts via Jinja2 macros in prompts/.

The default `Narrator`. It never computes a number (numbers.py only formats them) and never
uses strategy words, so its HC5 prose always passes the contract.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from vortex_pulse.core.templates import environment
from vortex_pulse.report.hc10 import discovery_questions
from vortex_pulse.report.model import NarrativeMeta
from vortex_pulse.report.narrative import ExperimentNarrative, NarrationInput, Narrative
from vortex_pulse.report.wording import lead_of, metric_line, num
from vortex_pulse.signals.facts import ExperimentFacts, Pattern

_ENV = environment("text")


def _macros() -> Any:
    return _ENV.get_template("narrative.j2").module


_MAX_NAMES = 5  # longer lists make a portfolio report quadratic in its size and unreadable


def name_list(names: list[str]) -> str:
    """'A, B and C', or the first five and how many more."""
    if len(names) > _MAX_NAMES:
        return f"{', '.join(names[:_MAX_NAMES])} and {len(names) - _MAX_NAMES} more"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _explanations(e: ExperimentFacts, patterns: list[Pattern], names: dict[str, str]) -> list[str]:
    """Factual context that coincides with the signal: change points, experiments moving
    together, data gaps. Never a cause asserted, never advice. `patterns`: this
    experiment's."""
    items: list[str] = []
    for m in e.metrics:
        if m.change_point:
            items.append(f"{m.name} has a change point at {m.change_point}.")
    for p in patterns:
        others = [names.get(i, i) for i in p.experiments if i != e.id]
        if others:
            kind = p.type.replace("_", " ")
            items.append(f"A {kind} pattern links it with {name_list(others)}.")
    for m in e.metrics:
        if m.observed is not None and m.completeness < 0.9:
            items.append(f"{m.name} data is {num(m.completeness * 100, 2)}% complete.")
        if m.staleness_hours is not None and m.staleness_hours > 24:
            items.append(f"{m.name} data is {num(m.staleness_hours, 2)} hours old.")
    return items


class TemplateNarrator:
    """Implements agents.narrator.Narrator without a model."""

    def narrate(self, inp: NarrationInput) -> Narrative:
        mac = _macros()
        facts = inp.facts
        counts = ", ".join(f"{n} at {p}" for p, n in facts.priority_counts.items())
        p1 = [e.name for e in facts.experiments if e.priority == "P1"]
        summary = str(
            mac.portfolio_summary(
                n=len(facts.experiments),
                counts=counts,
                p1_names=name_list(p1) if p1 else "",
                severity=facts.severity,
                confidence=facts.confidence,
                window=f"{facts.window_start[:10]} and {facts.window_end[:10]}",
                patterns=len(facts.patterns),
            )
        )
        out: dict[str, ExperimentNarrative] = {}
        names = {e.id: e.name for e in facts.experiments}
        mine: dict[str, list[Pattern]] = defaultdict(list)  # one pass, not per experiment
        for p in facts.patterns:
            for i in dict.fromkeys(p.experiments):
                mine[i].append(p)
        for e in facts.experiments:
            lead = lead_of(e)
            lines = [metric_line(m) for m in e.metrics if m.observed is not None]
            out[e.id] = ExperimentNarrative(
                signal_summary=str(
                    mac.signal_summary(
                        name=e.name,
                        lead=metric_line(lead) if lead else "",
                        trajectory=e.trajectory,
                        breach=lead.breach if lead else "none",
                    )
                ),
                actual_vs_expected=str(mac.actual_vs_expected(lines=lines)),
                potential_explanations=str(
                    mac.explanations(items=_explanations(e, mine[e.id], names))
                ),
                discovery_focus=(
                    str(mac.discovery_focus(questions=discovery_questions(e)))
                    if e.id in inp.discovery
                    else None
                ),
            )
        return Narrative(
            portfolio_summary=" ".join(summary.split()),
            experiments=out,
            meta=NarrativeMeta(model="offline"),
        )
