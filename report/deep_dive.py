"""Noah's signal-interpretation deep dive: a markdown artifact for one routed signal.

`{output_folder}/vortex-artifacts/signal-interpretation-{topic}-{date}.md`: the evidence
(from the facts, formatted like every other output) and the questions a person must answer
before anyone acts on the signal. Intelligence only: questions, never instructions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from vortex_pulse.core.numbers import moment
from vortex_pulse.core.paths import confined, confined_all, slug
from vortex_pulse.report.model import Route
from vortex_pulse.report.narrative import HC4Excerpt
from vortex_pulse.report.wording import PATTERN_NAMES, companions, hc4_lines, metric_story
from vortex_pulse.signals.facts import ExperimentFacts, Pattern, PortfolioFacts


def artifact_name(topic: str, date: str) -> str:
    return f"signal-interpretation-{topic}-{date}.md"


def artifact_path(artifacts_dir: Path, route: Route, date: str) -> Path:
    """Where a deep dive on `route` is written: its topic (or its experiments' ids), the
    date, inside the artifacts folder. The pass's routes and the chat's SI both use it."""
    return confined(artifacts_dir, _name(route, slug(date)))


def artifact_paths(artifacts_dir: Path, routes: Sequence[Route], date: str) -> list[Path]:
    """`artifact_path` of many routes, the folder resolved once (a pass's deep dives)."""
    day = slug(date)
    return confined_all(artifacts_dir, [_name(r, day) for r in routes])


def _name(route: Route, day: str) -> str:
    topic = slug(route.topic or "-".join(route.experiments))  # ids are untrusted text
    return artifact_name(topic, day)


def _questions(pattern: Pattern | None, members: list[ExperimentFacts]) -> list[str]:
    if pattern is not None and pattern.type == "systemic":
        when = moment(pattern.onset)
        names = " and ".join(e.name for e in members)
        return [
            f"What changed in the {pattern.surface} around {when}: a release, a configuration "
            "or model change, a data or logging pipeline change?",
            f"Does the {pattern.surface}'s own telemetry show the same step at {when}?",
            f"Do {names} measure their metrics the same way as before {when}, or did "
            "instrumentation change for both?",
            "Once the shared cause is known, which behaviour is still unexplained (that part "
            "goes to Isla as an HC10)?",
        ]
    e = members[0]
    lead = e.lead
    name = lead.name if lead else "the signal"
    return [
        f"Is the {name} breach in {e.name} real, or a data artefact (completeness, staleness, "
        "a unit or source change)?",
        f"What would raise confidence in the {name} reading from {e.confidence} (more data, "
        "a second source)?",
        f"Which companion metric of {e.name} should move with {name} if the breach is real?",
    ]


def _inputs(artifacts: list[tuple[str, str]]) -> list[str]:
    if not artifacts:
        return ["  []"]
    # a JSON string is a YAML string: a quote or colon in a file name stays data
    quoted = [(json.dumps(p, ensure_ascii=False), c) for p, c in artifacts]
    return [f"  - path: {p}\n    contract: {c}" for p, c in quoted]


def render_deep_dive(
    route: Route,
    facts: PortfolioFacts,
    excerpts: dict[str, HC4Excerpt],
    date: str,
    hc5_name: str | None,
    hc4_paths: Sequence[str] = (),
    *,
    by_id: Mapping[str, ExperimentFacts] | None = None,
) -> str:
    """The artifact's markdown. Its inputs: the HC5 that routed the signal (a pass), or the
    experiments' HC4s when a person asked for the deep dive (the chat's SI). `by_id`: the
    facts' experiments by id, when the caller renders many routes of the same facts."""
    if by_id is None:
        by_id = {e.id: e for e in facts.experiments}
    members = [by_id[i] for i in route.experiments if i in by_id]
    pattern = next(
        (p for p in facts.patterns if p.type == "systemic" and p.topic == route.topic), None
    )
    title = (
        f"the {pattern.surface}" if pattern is not None else (members[0].name if members else "")
    )
    lines = [
        "---",
        "source_agent: noah",
        "source_workflow: signal-interpretation",
        "input_artifacts:",
        *_inputs([(hc5_name, "HC5")] if hc5_name else [(p, "HC4") for p in hc4_paths]),
        f"created: {date}",
        "---",
        "",
        f"# Signal interpretation: {title} ({date})",
        "",
        f"Why this deep dive: {route.reason}.",
        "",
        "## Evidence",
        "",
    ]
    if pattern is not None:
        lines += [f"- {PATTERN_NAMES[pattern.type]}: {pattern.evidence}.", ""]
    for e in members:
        lead = e.lead
        lines.append(f"### {e.name} ({e.priority}, {e.severity}, confidence {e.confidence})")
        lines.append("")
        if lead is not None:
            lines.append(f"- {metric_story(lead)}.")
        lines += [f"- {c}." for c in companions(e)]
        lines += [f"- {h[0].upper() + h[1:]}." for h in hc4_lines(e, excerpts.get(e.id))]
        lines.append("")
    lines += ["## Questions a person must answer", ""]
    lines += [f"{i}. {q}" for i, q in enumerate(_questions(pattern, members), 1)]
    return "\n".join(lines) + "\n"
