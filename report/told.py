"""What every report says of each experiment, worded once per pass (decision 2120).

The HC5 (summary row, trend block), the narrator (the story) and the JSON and HTML
reports (story, summary row, metric table) write the same phrases from the same facts.
`tell` words them once; the graph keeps the result for one pass in its context
(graphs/nodes/noah.py: `told_of`), so steps 5 and the last step share it. Each phrase is
exactly what `report/wording.py` writes; a builder given no `Told` calls `tell` itself,
so each phrase has one path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vortex_pulse.report.narrative import HC4Excerpt
from vortex_pulse.report.wording import divergence, metric_line, story
from vortex_pulse.signals.facts import ExperimentFacts


@dataclass(frozen=True, slots=True)
class Told:
    """One experiment's phrases (read them, never change them: a pass shares them)."""

    story: str  # wording.story(e, its HC4 excerpt)
    divergence: str  # wording.divergence(e.lead)
    lines: tuple[str, ...]  # wording.metric_line(m) for every metric, in order


def tell(
    experiments: Iterable[ExperimentFacts], excerpts: Mapping[str, HC4Excerpt]
) -> dict[str, Told]:
    """Every experiment's `Told`, by experiment id."""
    return {
        e.id: Told(
            story=story(e, excerpts.get(e.id)),
            divergence=divergence(e.lead),
            lines=tuple(metric_line(m) for m in e.metrics),
        )
        for e in experiments
    }
