"""Cross-experiment patterns (docs/rules.md, "Patterns") and the systemic anomalies they imply."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from vortex_pulse.signals import rules
from vortex_pulse.signals.facts import Anomaly, ExperimentFacts, MetricFacts, Pattern
from vortex_pulse.signals.timefmt import epoch, iso

_DIVERGING = ("Critical", "Warning")


def harmful(e: ExperimentFacts) -> bool:
    """Diverging on the harmful side of the baseline (Warning or Critical, Negative)."""
    return not e.insufficient_data and e.direction == "Negative" and e.severity in _DIVERGING


def _improves(e: ExperimentFacts) -> bool:
    return e.direction == "Positive" or (e.trajectory == "Improving" and e.direction != "Negative")


def _degrades(e: ExperimentFacts) -> bool:
    return e.direction == "Negative" or (e.trajectory == "Degrading" and e.direction != "Positive")


def lead(e: ExperimentFacts) -> MetricFacts | None:
    return next((m for m in e.metrics if m.name == e.lead_metric), None)


def name_list(ids: Iterable[str], total: int | None = None) -> str:
    """At most PATTERN_LIST_MAX names, then how many more (of `total`, default all given)."""
    ids = list(ids)
    shown = ", ".join(ids[: rules.PATTERN_LIST_MAX])
    more = (len(ids) if total is None else total) - min(len(ids), rules.PATTERN_LIST_MAX)
    return shown + (f" and {more} more" if more > 0 else "")


def _state(e: ExperimentFacts) -> str:
    m = lead(e)
    if m is None or m.observed is None:
        return f"{e.id} ({e.severity}, {e.direction})"
    return f"{e.id} ({m.name} {m.observed:.4g}, {e.severity}, {e.direction}, {e.trajectory})"


def related_graph(pairs: Mapping[str, Iterable[str]], known: set[str]) -> dict[str, set[str]]:
    """Symmetric `related:` links between experiments of this portfolio."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, others in pairs.items():
        for b in others:
            if a != b and a in known and b in known:
                graph[a].add(b)
                graph[b].add(a)
    return graph


def correlated_divergence(exps: list[ExperimentFacts]) -> list[Pattern]:
    moving = [e for e in exps if harmful(e)]
    if len(moving) < 2:
        return []
    return [
        Pattern(
            type="correlated_divergence",
            experiments=[e.id for e in moving],
            metrics=sorted({e.lead_metric for e in moving if e.lead_metric}),
            evidence=f"{len(moving)} experiments diverge on the harmful side of their baselines "
            f"in this window: {name_list(_state(e) for e in moving)}",
        )
    ]


def timing(exps: list[ExperimentFacts]) -> list[Pattern]:
    """Change points of diverging metrics within TIMING_TOLERANCE_S of the first one of a
    group (fixed-width groups, so a long chain of events cannot merge into one)."""
    events = sorted(
        (epoch(m.change_point), e.id, m.name)
        for e in exps
        if not e.insufficient_data
        for m in e.metrics
        if m.change_point and (m.severity in _DIVERGING or m.anomalies)
    )
    out: list[Pattern] = []
    i = 0
    while i < len(events):
        j = i
        while j < len(events) and events[j][0] - events[i][0] <= rules.TIMING_TOLERANCE_S:
            j += 1
        group = events[i:j]
        ids = list(dict.fromkeys(eid for _, eid, _ in group))
        if len(ids) >= 2:
            hours = (group[-1][0] - group[0][0]) / rules.HOUR
            out.append(
                Pattern(
                    type="timing",
                    experiments=ids,
                    metrics=sorted({m for _, _, m in group}),
                    evidence=f"change points within {hours:.0f} h of each other from "
                    f"{iso(group[0][0])} in {len(ids)} experiments: {name_list(ids)}",
                )
            )
        i = j
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


def shared_impact(exps: list[ExperimentFacts], graph: Mapping[str, set[str]]) -> list[Pattern]:
    """Related experiments (config `related:`) diverging together, and segments diverging in
    several experiments."""
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
                    f"{len(ids)} experiments: {name_list(ids)}",
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


def find_patterns(exps: list[ExperimentFacts], graph: Mapping[str, set[str]]) -> list[Pattern]:
    return [
        *correlated_divergence(exps),
        *shared_impact(exps, graph),
        *timing(exps),
        *contradictory(exps, graph),
    ]


def systemic_anomalies(exps: list[ExperimentFacts], patterns: list[Pattern]) -> dict[str, Anomaly]:
    """A timing pattern with at least two harmful members suggests a systemic shift: each
    harmful member gets one systemic anomaly naming the others."""
    by_id = {e.id: e for e in exps}
    out: dict[str, Anomaly] = {}
    for p in patterns:
        if p.type != "timing":
            continue
        members = [i for i in p.experiments if harmful(by_id[i])]
        if len(members) < 2:
            continue
        for i in members:
            # Only the first names are shown: no need to build every member's full list.
            shown = [o for o in members[: rules.PATTERN_LIST_MAX + 1] if o != i]
            m = lead(by_id[i])
            out.setdefault(
                i,
                Anomaly(
                    experiment=i,
                    metric=by_id[i].lead_metric or "",
                    kind="systemic",
                    start=m.change_point if m else None,
                    description=f"harmful divergence started together with {len(members) - 1} "
                    f"other experiment(s): {name_list(shown, total=len(members) - 1)}",
                    deviation=f"{p.evidence}; no single experiment's baseline predicts a "
                    "shared shift",
                ),
            )
    return out
