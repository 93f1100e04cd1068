"""The offline narrator: factual sentences from the facts via Jinja2 macros in prompts/.

The default `Narrator`. It never computes a number (report/wording.py and core/numbers.py
only write them) and never uses strategy words, so its HC5 prose always passes the contract.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import islice
from typing import Any

from vortex_pulse.core.numbers import duration, moment, plural
from vortex_pulse.core.templates import environment
from vortex_pulse.report.hc10 import discovery_questions
from vortex_pulse.report.model import NarrativeMeta
from vortex_pulse.report.narrative import ExperimentNarrative, NarrationInput, Narrative
from vortex_pulse.report.wording import PATTERN_NAMES, metric_story, percent, story
from vortex_pulse.signals.facts import ExperimentFacts, Pattern, PortfolioFacts

_ENV = environment("text")


def _macros() -> Any:
    return _ENV.get_template("narrative.j2").module


_MAX_NAMES = 5  # longer lists make a portfolio report quadratic in its size and unreadable


def name_list(names: list[str]) -> str:
    """'A, B and C', or the first five and how many more."""
    return _listed(names[:_MAX_NAMES], len(names))


def _listed(first: list[str], total: int) -> str:
    """`name_list` of `total` names of which `first` are the first (up to five)."""
    if total > _MAX_NAMES:
        return f"{', '.join(first)} and {total - _MAX_NAMES} more"
    return first[0] if total == 1 else f"{', '.join(first[:-1])} and {first[-1]}"


def _others(ids: list[str], me: str, names: dict[str, str]) -> str | None:
    """`name_list` of the experiments `ids` other than `me`, None when there is none. Names
    only the first five: a pattern can span the whole portfolio, and listing every other
    experiment for each of them made the narration quadratic."""
    total = len(ids) - ids.count(me)
    if total == 0:
        return None
    first = islice((i for i in ids if i != me), _MAX_NAMES)
    return _listed([names.get(i, i) for i in first], total)


def _explanations(e: ExperimentFacts, patterns: list[Pattern], names: dict[str, str]) -> list[str]:
    """Factual context that coincides with the signal: change points, experiments moving
    together, data gaps. Never a cause asserted, never advice. `patterns`: this
    experiment's."""
    items: list[str] = []
    for p in patterns:
        others = _others(p.experiments, e.id, names)
        if others is None:
            continue
        if p.type == "systemic":
            items.append(
                f"It moved together with {others}, which shares the {p.surface}: "
                "a shared cause (engine, deploy, logging) fits both."
            )
        else:
            items.append(f"{PATTERN_NAMES[p.type]} links it with {others}.")
    for m in e.metrics:
        if m.change_point and not any(p.type == "systemic" for p in patterns):
            items.append(f"{m.name} has a change point at {moment(m.change_point)}.")
    for m in e.metrics:
        if m.observed is not None and m.completeness < 0.9:
            items.append(f"{m.name} data is {percent(m.completeness)} complete.")
        if m.staleness_hours is not None and m.staleness_hours > 24:
            items.append(
                f"{m.name} data ends {duration(m.staleness_hours)} before the report date."
            )
    return items


def portfolio_story(facts: PortfolioFacts) -> str:
    """The Signal Summary: the top story, the systemic finding, the counts, freshness."""
    parts: list[str] = []
    top = facts.experiments[0] if facts.experiments else None
    lead = top.lead if top else None
    if top is not None and lead is not None and top.severity != "Informational":
        parts.append(f"{top.name}: {metric_story(lead)}")
    names = {e.id: e.name for e in facts.experiments}
    for p in facts.patterns:
        if p.type == "systemic":
            others = [names.get(i, i) for i in p.experiments]
            parts.append(
                f"{name_list(others)} broke together: one systemic signal on the {p.surface}"
            )
    counts = ", ".join(f"{n} {p}" for p, n in facts.priority_counts.items() if n)
    parts.append(
        f"{plural(len(facts.experiments), 'experiment')} monitored ({counts}); "
        f"portfolio data confidence {facts.confidence}"
    )
    if facts.stale_hours is not None and facts.newest:
        parts.append(
            f"the newest data point ({moment(facts.newest)}) is {duration(facts.stale_hours)} "
            "older than the report date, which lowers confidence"
        )
    return "; ".join(parts) + "."


class TemplateNarrator:
    """Implements agents/narrators/base.Narrator without a model."""

    def narrate(self, inp: NarrationInput) -> Narrative:
        mac = _macros()
        facts = inp.facts
        summary = portfolio_story(facts)
        out: dict[str, ExperimentNarrative] = {}
        names = {e.id: e.name for e in facts.experiments}
        mine: dict[str, list[Pattern]] = defaultdict(list)  # one pass, not per experiment
        for p in facts.patterns:
            for i in dict.fromkeys(p.experiments):
                mine[i].append(p)
        for e in facts.experiments:
            told = inp.stories.get(e.id) or story(e, inp.excerpts.get(e.id))
            out[e.id] = ExperimentNarrative(
                signal_summary=told,
                actual_vs_expected=told,
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
