"""The portfolio step (graph step 4): priority, patterns, systemic anomalies, ranking, and
portfolio-level severity, confidence, consistency and coverage (docs/rules.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from vortex_pulse.signals import rules
from vortex_pulse.signals.facts import (
    PRIORITY_ORDER,
    SEVERITY_ORDER,
    Confidence,
    ExperimentFacts,
    ExperimentSpec,
    PortfolioFacts,
)
from vortex_pulse.signals.patterns import (
    explain_anomalies,
    find_patterns,
    name_list,
    related_graph,
)
from vortex_pulse.signals.scoring.experiment import by_experiment, score_experiment
from vortex_pulse.signals.series import Series, SeriesKey, SourceFinding, Window
from vortex_pulse.signals.timefmt import epoch, iso


def _rank_key(e: ExperimentFacts) -> tuple[int, float, int, str]:
    m = e.lead
    return (PRIORITY_ORDER[e.priority], -(m.divergence or 0.0) if m else 0.0,
            SEVERITY_ORDER[e.severity], e.id)  # fmt: skip


def portfolio_confidence(exps: Sequence[ExperimentFacts]) -> tuple[Confidence, str]:
    """Low when none or at least half are Low/insufficient; High when at least 75 % are High
    and none is Low; Medium otherwise."""
    if not exps:
        return "Low", "no experiments"
    low = sum(1 for e in exps if e.confidence == "Low" or e.insufficient_data)
    high = sum(1 for e in exps if e.confidence == "High" and not e.insufficient_data)
    why = f"{high} High, {len(exps) - high - low} Medium, {low} Low of {len(exps)}"
    if low / len(exps) >= 0.5:
        return "Low", why
    if high / len(exps) >= 0.75 and low == 0:
        return "High", why
    return "Medium", why


def _human(seconds: float) -> str:
    for unit, size in (("d", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if seconds >= size and seconds % size < 1e-6 * size:
            return f"{seconds / size:g} {unit}"
    return f"{seconds:g} s"


def consistency(exps: Sequence[ExperimentFacts], window: Window) -> str:
    """Cadences and window coverage across experiments, naming the outliers."""
    cadences: dict[str, list[str]] = {}
    late: dict[str, None] = {}  # ordered sets: one entry per experiment, first-seen order
    early: dict[str, None] = {}
    start = window.start.timestamp()
    for e in exps:
        for m in e.metrics:
            if m.cadence_seconds is None or m.first is None:
                continue
            cadences.setdefault(_human(round(m.cadence_seconds)), []).append(e.name)
            slack = 2 * m.cadence_seconds
            first = epoch(m.first)
            if first - start > slack:
                late[e.name] = None
            if (m.staleness_hours or 0.0) * rules.HOUR > slack:
                early[e.name] = None
    if not cadences:
        return "no series with at least two points: consistency cannot be assessed"
    counts = Counter({c: len(v) for c, v in cadences.items()})
    parts: list[str] = []
    if len(counts) == 1:
        total, cadence = sum(counts.values()), next(iter(counts))
        parts.append(
            f"all {total} series share a {cadence} cadence"
            if total > 1
            else f"one series, at a {cadence} cadence"
        )
    else:
        common = counts.most_common(1)[0][0]
        odd = sorted({i for c, ids in cadences.items() if c != common for i in ids})
        parts.append(
            "cadences differ: "
            + ", ".join(f"{c} ({n} series)" for c, n in counts.most_common())
            + f"; not at the common {common} cadence: {name_list(odd)}"
        )
    if late:
        parts.append(f"start after the window start: {name_list(late)}")
    if early:
        parts.append(f"end before the report date (stale): {name_list(early)}")
    if len(parts) == 1 and len(counts) == 1:
        parts.append("every series covers the whole window")
    return "; ".join(parts)


def coverage(exps: Sequence[ExperimentFacts], specs: Sequence[ExperimentSpec]) -> str:
    metrics = [m for e in exps for m in e.metrics]
    with_data = sum(1 for m in metrics if m.points > 0)
    scored = sum(1 for m in metrics if m.observed is not None)
    exp_data = sum(1 for e in exps if any(m.points > 0 for m in e.metrics))
    present = {e.id for e in exps}
    missing = sorted(s.name for s in specs if s.id not in present)
    text = (
        f"{exp_data} of {len(exps)} experiments have data; {with_data} of {len(metrics)} "
        f"metrics have data in the window, {scored} scored against a numeric baseline"
    )
    return text + (f"; not scored: {name_list(missing)}" if missing else "")


def assess_portfolio(
    experiments: list[ExperimentFacts],
    specs: list[ExperimentSpec],
    window: Window,
    findings: Sequence[SourceFinding] = (),
) -> PortfolioFacts:
    """Step 4: priority (first matching row of the priority table), patterns (systemic
    findings explain their members' level shifts), ranking (P1 first, then divergence) and
    the portfolio-level facts."""
    known = {e.id for e in experiments}
    links: dict[str, list[str]] = {e.id: list(e.related) for e in experiments}
    for s in specs:
        links.setdefault(s.id, []).extend(s.related)
    graph = related_graph(links, known)
    shared = {s.id: list(s.shared) for s in specs}
    patterns = find_patterns(experiments, graph, shared)
    explained = explain_anomalies(experiments, patterns)
    ranked: list[ExperimentFacts] = []
    for e in experiments:
        e = explained.get(e.id, e)
        update: dict[str, object] = {}
        rule = rules.priority_of(e.severity, e.scope, e.confidence, e.insufficient_data)
        update |= {"priority": rule.priority, "priority_rule": rule.name}
        ranked.append(e.model_copy(update=update))
    ranked.sort(key=_rank_key)
    if ranked:
        top = [e for e in ranked if e.priority == ranked[0].priority]
        severity = min((e.severity for e in top), key=SEVERITY_ORDER.__getitem__)
    else:
        severity = "Informational"
    confidence, _ = portfolio_confidence(ranked)
    lasts = [epoch(m.last) for e in ranked for m in e.metrics if m.last]
    newest = max(lasts) if lasts else None
    age = (window.reference.timestamp() - newest) / rules.HOUR if newest is not None else None
    return PortfolioFacts(
        as_of=iso(window.reference.timestamp()),
        newest=iso(newest) if newest is not None else None,
        stale_hours=age if age is not None and age > rules.FRESH_HOURS else None,
        window_start=iso(window.start.timestamp()),
        window_end=iso(window.end.timestamp()),
        experiments=ranked,
        patterns=patterns,
        severity=severity,
        confidence=confidence,
        insufficient=[e.id for e in ranked if e.insufficient_data],
        consistency=consistency(ranked, window),
        coverage=coverage(ranked, specs),
        findings=[_finding(f) for f in findings],
        priority_counts=priority_counts(ranked),
        scope_counts=scope_counts(ranked),
    )


def priority_counts(experiments: Sequence[ExperimentFacts]) -> dict[str, int]:
    return {p: sum(e.priority == p for e in experiments) for p in ("P1", "P2", "P3")}


def scope_counts(experiments: Sequence[ExperimentFacts]) -> dict[str, int]:
    return {s: sum(e.scope == s for e in experiments) for s in ("Wide", "Moderate", "Narrow")}


def _finding(f: SourceFinding) -> str:
    where = "/".join(x for x in (f.experiment, f.metric) if x)
    return f"{f.source}: {f.message}" + (f" ({where})" if where else "")


def score_portfolio(
    specs: list[ExperimentSpec],
    data: Mapping[SeriesKey, Series],
    window: Window,
    findings: Sequence[SourceFinding] = (),
) -> PortfolioFacts:
    """Steps 3 and 4 in one call."""
    per = by_experiment(data)
    facts = [score_experiment(s, per.get(s.id, {}), window) for s in specs]
    return assess_portfolio(facts, specs, window, findings)
