"""Cross-experiment patterns (docs/rules.md, "Patterns").

A *systemic* finding is related experiments (config `related:` or an HC4 naming a shared
component) breaking together: lead-metric change points within TIMING_TOLERANCE_S, in the
same direction. *Correlated divergence* needs correlated movement too (overlapping change
points), not just being bad in the same window. Texts use display names and the one
number formatter (core/numbers.py), so they read like the rest of the report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from vortex_pulse.core.numbers import amount, duration, moment, plural, with_unit
from vortex_pulse.signals import rules
from vortex_pulse.signals.facts import ExperimentFacts, Pattern
from vortex_pulse.signals.timefmt import epoch, iso

_DIVERGING = ("Critical", "Warning")
_E = TypeVar("_E", bound=tuple[Any, ...])  # an event: (epoch seconds, ...)


def harmful(e: ExperimentFacts) -> bool:
    """Diverging on the harmful side of the baseline (Warning or Critical, Negative)."""
    return not e.insufficient_data and e.direction == "Negative" and e.severity in _DIVERGING


def _improves(e: ExperimentFacts) -> bool:
    return e.direction == "Positive" or (e.trajectory == "Improving" and e.direction != "Negative")


def _degrades(e: ExperimentFacts) -> bool:
    return e.direction == "Negative" or (e.trajectory == "Degrading" and e.direction != "Positive")


def name_list(ids: Iterable[str], total: int | None = None) -> str:
    """At most PATTERN_LIST_MAX names, then how many more (of `total`, default all given)."""
    ids = list(ids)
    shown = ", ".join(ids[: rules.PATTERN_LIST_MAX])
    more = (len(ids) if total is None else total) - min(len(ids), rules.PATTERN_LIST_MAX)
    return shown + (f" and {more} more" if more > 0 else "")


def _state(e: ExperimentFacts) -> str:
    m = e.lead
    if m is None or m.observed is None:
        return f"{e.name} ({e.severity.lower()})"
    return f"{e.name} ({m.name} {with_unit(m.observed, m.unit)}, {e.severity.lower()})"


def _step(e: ExperimentFacts) -> str:
    """'4 PM Dinner Suggestions (Action rate 67.1% -> 41.5%, 25.6 points down)'."""
    m = e.lead
    if m is None or m.level_before is None or m.observed is None or m.step is None:
        return _state(e)
    way = "down" if m.step < 0 else "up"
    return (
        f"{e.name} ({m.name} {with_unit(m.level_before, m.unit)} to "
        f"{with_unit(m.observed, m.unit)}, {amount(m.step, m.unit)} {way})"
    )


def related_graph(pairs: Mapping[str, Iterable[str]], known: set[str]) -> dict[str, set[str]]:
    """Symmetric `related:` links between experiments of this portfolio."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, others in pairs.items():
        for b in others:
            if a != b and a in known and b in known:
                graph[a].add(b)
                graph[b].add(a)
    return graph


def _onsets(exps: Iterable[ExperimentFacts]) -> list[tuple[float, int, ExperimentFacts]]:
    """(change point, direction sign, experiment) of harmful experiments whose lead metric
    has a change point, oldest first."""
    out = []
    for e in exps:
        m = e.lead
        if harmful(e) and m is not None and m.change_point and m.step is not None:
            out.append((epoch(m.change_point), 1 if m.step > 0 else -1, e))
    return sorted(out, key=lambda x: (x[0], x[2].id))


def _together(
    events: list[tuple[float, int, ExperimentFacts]],
) -> list[list[tuple[float, int, ExperimentFacts]]]:
    """Fixed-width groups (TIMING_TOLERANCE_S from the first of a group) moving the same
    way, at least two experiments each."""
    out = []
    for sign in (-1, 1):
        same = [ev for ev in events if ev[1] == sign]
        out += [g for g in _fixed_groups(same) if len(g) >= 2]
    return out


def _fixed_groups(events: Sequence[_E]) -> list[list[_E]]:
    """Time-sorted events (time first) cut into groups within TIMING_TOLERANCE_S of each
    group's first event: fixed width, so a long chain of events cannot merge into one."""
    out: list[list[_E]] = []
    i = 0
    while i < len(events):
        j = i
        while j < len(events) and events[j][0] - events[i][0] <= rules.TIMING_TOLERANCE_S:
            j += 1
        out.append(list(events[i:j]))
        i = j
    return out


def _apart(group: Sequence[tuple[Any, ...]], tail: str = " of each other") -> str:
    hours = (group[-1][0] - group[0][0]) / rules.HOUR
    return "in the same hour" if hours < 1 else f"within {duration(hours)}{tail}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "signal"


def systemic(
    exps: list[ExperimentFacts],
    graph: Mapping[str, set[str]],
    shared: Mapping[str, list[str]],
) -> list[Pattern]:
    """Related experiments stepping the same way within the tolerance: one shared cause
    (engine, deploy, logging) is more likely than several user behaviours."""
    out: list[Pattern] = []
    for group in _together(_onsets(exps)):
        members = [e for _, _, e in group]
        ids = [e.id for e in members]
        linked = _components(ids, graph)
        comps = set.intersection(*(set(shared.get(i, [])) for i in ids))
        if comps:
            surface = sorted(comps)[0]
            why = (
                f"both HC4s say they share the {surface}"
                if len(ids) == 2
                else (f"their HC4s say they share the {surface}")
            )
        elif linked and len(linked[0]) == len(ids):
            surface, why = "production surface they are related on", "config marks them related"
        else:
            continue
        way = "down" if group[0][1] < 0 else "up"
        names = [e.name for e in members]
        out.append(
            Pattern(
                type="systemic",
                experiments=ids,
                metrics=sorted({m.name for e in members if (m := e.lead)}),
                surface=surface,
                onset=iso(group[0][0]),
                topic=slug(surface if comps else "-".join(ids)),
                evidence=(
                    f"{' and '.join(names) if len(names) == 2 else name_list(names)} stepped "
                    f"{way} {_apart(group)} from {moment(iso(group[0][0]))}: "
                    + "; ".join(_step(e) for e in members)
                    + f"; {why}"
                ),
            )
        )
    return out


def correlated_divergence(exps: list[ExperimentFacts], explained: list[set[str]]) -> list[Pattern]:
    """Harmful experiments whose change points overlap (same direction, within the
    tolerance) and that no systemic finding already groups. Being bad in the same window is
    not enough: the movement must coincide."""
    out = []
    for group in _together(_onsets(exps)):
        ids = [e.id for _, _, e in group]
        if any(set(ids) <= g for g in explained):
            continue
        out.append(
            Pattern(
                type="correlated_divergence",
                experiments=ids,
                metrics=sorted({m.name for _, _, e in group if (m := e.lead)}),
                onset=iso(group[0][0]),
                evidence=f"overlapping change points ({_apart(group)} from "
                f"{moment(iso(group[0][0]))}): " + "; ".join(_step(e) for _, _, e in group),
            )
        )
    return out


def timing(exps: list[ExperimentFacts], explained: list[set[str]]) -> list[Pattern]:
    """Change points of diverging metrics within TIMING_TOLERANCE_S of the first one of a
    group (fixed-width groups, so a long chain of events cannot merge into one); groups a
    systemic or correlated finding already names are left out."""
    events = sorted(
        (epoch(m.change_point), e.id, m.name, e.name)
        for e in exps
        if not e.insufficient_data
        for m in e.metrics
        if m.change_point and (m.severity in _DIVERGING or m.anomalies)
    )
    out: list[Pattern] = []
    for group in _fixed_groups(events):
        ids = list(dict.fromkeys(eid for _, eid, _, _ in group))
        names = list(dict.fromkeys(n for _, _, _, n in group))
        if len(ids) >= 2 and not any(set(ids) <= g for g in explained):
            out.append(
                Pattern(
                    type="timing",
                    experiments=ids,
                    metrics=sorted({m for _, _, m, _ in group}),
                    evidence=f"change points {_apart(group, tail='')} from "
                    f"{moment(iso(group[0][0]))} in "
                    f"{plural(len(ids), 'experiment')}: {name_list(names)}",
                )
            )
    return out


def _components(nodes: list[str], graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Connected groups of `nodes` through `graph` edges between nodes (order kept)."""
    position = {n: i for i, n in enumerate(nodes)}
    seen: set[str] = set()
    out: list[list[str]] = []
    for start in nodes:
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            cur = stack.pop()
            group.append(cur)
            for nxt in sorted(graph.get(cur, ())):
                if nxt in position and nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        if len(group) > 1:
            out.append(sorted(group, key=position.__getitem__))
    return out


def shared_impact(
    exps: list[ExperimentFacts], graph: Mapping[str, set[str]], explained: list[set[str]]
) -> list[Pattern]:
    """Related experiments (config `related:`) diverging together, and segments diverging in
    several experiments; groups a systemic finding already names are left out."""
    by_id = {e.id: e for e in exps}
    affected = [
        e.id for e in exps if not e.insufficient_data and (e.severity in _DIVERGING or e.anomaly)
    ]
    out = [
        Pattern(
            type="shared_impact",
            experiments=group,
            metrics=sorted({m for i in group if (m := by_id[i].lead_metric)}),
            evidence="related experiments (shared production surface) diverge together: "
            + name_list(_state(by_id[i]) for i in group),
        )
        for group in _components(affected, graph)
        if not any(set(group) <= g for g in explained)
    ]
    segments: dict[str, list[str]] = defaultdict(list)
    for e in exps:
        for a in e.anomalies:
            if a.kind == "segment_divergence" and a.segment and e.id not in segments[a.segment]:
                segments[a.segment].append(e.id)
    for seg, ids in sorted(segments.items()):
        if len(ids) >= 2:
            out.append(
                Pattern(
                    type="shared_impact",
                    experiments=ids,
                    evidence=f"segment {seg!r} diverges while the aggregate holds in "
                    f"{len(ids)} experiments: {name_list(by_id[i].name for i in ids)}",
                )
            )
    return out


def contradictory(exps: list[ExperimentFacts], graph: Mapping[str, set[str]]) -> list[Pattern]:
    """Related pairs where one improves (or diverges positively) while the other degrades."""
    by_id = {e.id: e for e in exps if not e.insufficient_data}
    out: list[Pattern] = []
    for a in sorted(by_id):
        for b in sorted(graph.get(a, ())):
            if b <= a or b not in by_id:
                continue
            ea, eb = by_id[a], by_id[b]
            if (_improves(ea) and _degrades(eb)) or (_degrades(ea) and _improves(eb)):
                out.append(
                    Pattern(
                        type="contradictory",
                        experiments=[a, b],
                        metrics=sorted({m for m in (ea.lead_metric, eb.lead_metric) if m}),
                        evidence=f"related experiments move opposite ways: {_state(ea)}; "
                        f"{_state(eb)}",
                    )
                )
    return out


def find_patterns(
    exps: list[ExperimentFacts],
    graph: Mapping[str, set[str]],
    shared: Mapping[str, list[str]] | None = None,
) -> list[Pattern]:
    found = systemic(exps, graph, shared or {})
    explained = [set(p.experiments) for p in found]
    found += correlated_divergence(exps, explained)
    explained += [set(p.experiments) for p in found if p.type == "correlated_divergence"]
    return [
        *found,
        *shared_impact(exps, graph, [set(p.experiments) for p in found if p.type == "systemic"]),
        *timing(exps, explained),
        *contradictory(exps, graph),
    ]


def explain_anomalies(
    exps: list[ExperimentFacts], patterns: list[Pattern]
) -> dict[str, ExperimentFacts]:
    """Level shifts a systemic finding accounts for (its member's lead metric, starting
    within the tolerance of the finding's onset) are marked `explained_by` its topic: they
    go to the deep dive on the shared surface, not to user discovery."""
    out: dict[str, ExperimentFacts] = {}
    by_id = {e.id: e for e in exps}
    for p in patterns:
        if p.type != "systemic" or p.onset is None:
            continue
        onset = epoch(p.onset)
        for i in p.experiments:
            e = out.get(i, by_id[i])
            lead = e.lead_metric
            changed = [
                a.model_copy(update={"explained_by": p.topic})
                if a.metric == lead
                and a.kind == "level_shift"
                and a.start
                and abs(epoch(a.start) - onset) <= rules.TIMING_TOLERANCE_S
                else a
                for a in e.anomalies
            ]
            out[i] = e.model_copy(update={"anomalies": changed})
    return out
