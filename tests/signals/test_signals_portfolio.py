"""The portfolio step: priority table, ranking, patterns, portfolio facts, files end to end."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from vortex_pulse.signals.facts import ExperimentFacts, MetricFacts
from vortex_pulse.signals.patterns import contradictory, related_graph, timing
from vortex_pulse.signals.portfolio import assess_portfolio, portfolio_confidence, score_portfolio
from vortex_pulse.signals.rules import PRIORITY_RULES, priority_of
from vortex_pulse.signals.series import SeriesRequest, SourceFinding, Window
from vortex_pulse.signals.sources.files import FileSource
from vortex_pulse.signals.synthetic import (
    generate,
    spec_for,
    synthetic_portfolio,
    to_long_table,
    write_signals,
)

SEVERITIES = ("Critical", "Warning", "Informational")
SCOPES = ("Wide", "Moderate", "Narrow")
CONFIDENCES = ("High", "Medium", "Low")


def _expected_priority(sev: str, scope: str, conf: str) -> str:
    # The table of docs/rules.md, written out independently of signals/rules.py.
    if (sev, scope, conf) == ("Critical", "Wide", "High"):
        return "P1"
    if conf == "Low":
        return "P3"
    if sev == "Critical":
        return "P2"
    if sev == "Warning":
        return "P3" if scope == "Narrow" else "P2"
    return "P3"


@pytest.mark.parametrize(
    ("sev", "scope", "conf"), list(itertools.product(SEVERITIES, SCOPES, CONFIDENCES))
)
def test_priority_table_covers_every_combination(sev: str, scope: str, conf: str) -> None:
    rule = priority_of(sev, scope, conf, False)  # type: ignore[arg-type]
    assert rule.priority == _expected_priority(sev, scope, conf)
    assert rule.name.startswith(("R1", "R2", "R3", "R4", "R5", "R6"))


def test_every_priority_rule_is_used_and_insufficient_is_p3() -> None:
    used = {
        priority_of(s, sc, c, False).name  # type: ignore[arg-type]
        for s, sc, c in itertools.product(SEVERITIES, SCOPES, CONFIDENCES)
    }
    assert used == {r.name for r in PRIORITY_RULES}
    assert priority_of("Critical", "Wide", "High", True).priority == "P3"


def _facts(i: str, sev: str = "Informational", div: float = 0.0, **kw: object) -> ExperimentFacts:
    m = MetricFacts(name="m", series="m", divergence=div, observed=1.0)
    base: dict[str, object] = {
        "id": i, "name": i, "severity": sev, "confidence": "High", "scope": "Wide",
        "metrics": [m], "lead_metric": "m",
    }  # fmt: skip
    base.update(kw)
    return ExperimentFacts.model_validate(base)


def test_ranking_priority_then_divergence_and_portfolio_severity(window: Window) -> None:
    exps = [
        _facts("w-big", "Warning", 0.5),
        _facts("crit-narrow", "Critical", 0.1, scope="Narrow"),
        _facts("info", "Informational", 0.0),
        _facts("crit-wide", "Critical", 0.2),
        _facts("w-small", "Warning", 0.3),
    ]
    pf = assess_portfolio(exps, [], window)
    assert [e.id for e in pf.experiments] == [
        "crit-wide",
        "w-big",
        "w-small",
        "crit-narrow",
        "info",
    ]
    assert [e.priority for e in pf.experiments] == ["P1", "P2", "P2", "P2", "P3"]
    assert pf.severity == "Critical"
    assert pf.priority_counts == {"P1": 1, "P2": 3, "P3": 1}
    assert pf.scope_counts == {"Wide": 4, "Moderate": 0, "Narrow": 1}
    # Without the P1, the top tier is P2 and its most severe member is Critical (narrow).
    pf2 = assess_portfolio([e for e in exps if e.id != "crit-wide"], [], window)
    assert pf2.experiments[0].id == "w-big" and pf2.severity == "Critical"
    assert assess_portfolio([], [], window).severity == "Informational"


@pytest.mark.parametrize(
    ("confs", "expected"),
    [
        ([], "Low"),
        (["High", "High", "High", "Medium"], "High"),
        (["High", "High", "Medium", "Medium"], "Medium"),
        (["High", "High", "High", "Low"], "Medium"),
        (["Low", "Low", "High", "High"], "Low"),
    ],
)
def test_portfolio_confidence(confs: list[str], expected: str) -> None:
    exps = [_facts(f"e{i}", confidence=c) for i, c in enumerate(confs)]
    assert portfolio_confidence(exps)[0] == expected


def test_contradictory_needs_a_relation() -> None:
    up = _facts("up", "Warning", 0.3, direction="Positive", trajectory="Improving")
    down = _facts("down", "Warning", 0.3, direction="Negative", trajectory="Degrading")
    assert contradictory([up, down], related_graph({}, {"up", "down"})) == []
    graph = related_graph({"up": ["down", "unknown"]}, {"up", "down"})
    assert graph == {"up": {"down"}, "down": {"up"}}
    (p,) = contradictory([up, down], graph)
    assert p.type == "contradictory" and p.experiments == ["down", "up"]


def test_timing_groups_are_fixed_width() -> None:
    def cp(i: str, hour: int) -> ExperimentFacts:
        m = MetricFacts(name="m", series="m", severity="Warning",
                        change_point=f"2026-02-20T{hour:02d}:00:00Z")  # fmt: skip
        return _facts(i, "Warning", metrics=[m])

    # 00h, 10h, 20h: a chain with 10 h steps; groups are [00h, 10h] then [20h] alone.
    pats = timing([cp("a", 0), cp("b", 10), cp("c", 20)], [])
    assert [p.experiments for p in pats] == [["a", "b"]]
    assert "within 10 hours" in pats[0].evidence
    assert pats[0].evidence.startswith("change points within 10 hours from ")
    # a group a systemic finding already names is not repeated
    assert timing([cp("a", 0), cp("b", 10)], [{"a", "b"}]) == []


def test_segment_shared_impact_consistency_coverage_and_findings(window: Window) -> None:
    seg_a, seg_b = generate("segment_divergence", seed=1), generate("segment_divergence", seed=2)
    daily = generate("healthy", seed=3, points=21, cadence_s=86400.0)
    specs = [spec_for("a", [seg_a]), spec_for("b", [seg_b]), spec_for("d", [daily]),
             spec_for("none", [generate("healthy")])]  # fmt: skip
    data = {s.key: s for sc, e in ((seg_a, "a"), (seg_b, "b")) for s in sc.to_series(e)}
    data |= {s.key: s for s in daily.to_series("d")}
    finding = SourceFinding("default", "s.csv: no data for this metric", "none", "action_rate")
    pf = score_portfolio(specs, data, window, [finding])
    seg = [p for p in pf.patterns if p.type == "shared_impact"]
    assert len(seg) == 1 and seg[0].experiments == ["a", "b"] and "'mobile'" in seg[0].evidence
    assert (
        "cadences differ" in pf.consistency and "not at the common 1 h cadence: d" in pf.consistency
    )
    assert pf.coverage.startswith("3 of 4 experiments have data")
    assert pf.insufficient == ["none"]
    assert pf.findings == ["default: s.csv: no data for this metric (none/action_rate)"]


@pytest.mark.parametrize("timestamps", ["epoch", "iso"])
def test_csv_and_parquet_give_identical_facts(
    tmp_path: Path, window: Window, timestamps: str
) -> None:
    p = synthetic_portfolio(12, seed=4)
    table = to_long_table(p.series, timestamps=timestamps)  # type: ignore[arg-type]
    reqs = [SeriesRequest(s.id, m.series) for s in p.specs for m in s.metrics]
    facts = []
    for name in ("s.csv", "s.parquet"):
        src = FileSource("default", write_signals(table, tmp_path / name))
        res = src.load(reqs, window)
        facts.append(score_portfolio(p.specs, res.series, window, res.findings))
    assert facts[0].model_dump() == facts[1].model_dump()
    direct = score_portfolio(p.specs, {s.key: s for s in p.series}, window)
    assert [e.severity for e in direct.experiments] == [e.severity for e in facts[0].experiments]


def test_consistency_names_late_and_stale_experiments(window: Window) -> None:
    def exp(i: str, first: str, stale_h: float) -> ExperimentFacts:
        m = MetricFacts(name="m", series="m", cadence_seconds=3600.0, first=first,
                        staleness_hours=stale_h, observed=1.0)  # fmt: skip
        return _facts(i, metrics=[m])

    on_time = "2026-02-08T01:00:00Z"  # the window starts 2026-02-08T00:00Z
    exps = [exp("ok", on_time, 0.0), exp("late", "2026-02-08T03:00:00Z", 0.0),
            exp("stale", on_time, 2.5)]  # fmt: skip
    text = assess_portfolio(exps, [], window).consistency
    assert text == (
        "all 3 series share a 1 h cadence; start after the window start: late; "
        "end before the report date (stale): stale"
    )
    assert assess_portfolio(exps[:1], [], window).consistency == (
        "one series, at a 1 h cadence; every series covers the whole window"
    )
