"""Step 2 helpers: metric mapping, baseline matching and overrides, scope, Previous Signals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from vortex_pulse.agents.noah.assemble import (
    apply_override,
    build_spec,
    match_baseline,
    previous_reports,
    scope_of,
)
from vortex_pulse.agents.noah.validate import HC4Read, ValidationSummary
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.core.config import BaselineOverride, ExperimentConfig
from vortex_pulse.report.narrative import HC4Excerpt

HC4_BASELINES = [
    Baseline(metric="Action rate", unit="%", expected_low=60, expected_high=75,
             investigate_op="<", investigate_value=50, higher_is_better=True),
    Baseline(metric="Time-to-action", unit="min", expected_high=5),
]  # fmt: skip


def doc(*baselines: Baseline) -> HC4Read:
    return HC4Read(
        id="d",
        name="Dinner",
        validation=ValidationSummary(),
        excerpt=HC4Excerpt(name="Dinner"),
        baselines=list(baselines),
    )


def test_config_metric_map_picks_series_and_matching_hc4_baseline() -> None:
    exp = ExperimentConfig(
        id="d", metrics={"Action rate": "action_rate", "Time to action": {"series": "tta"}}
    )
    spec = build_spec(exp, doc(*HC4_BASELINES))
    assert [(m.name, m.series) for m in spec.metrics] == [
        ("Action rate", "action_rate"),
        ("Time to action", "tta"),
    ]
    assert spec.metrics[0].baseline == HC4_BASELINES[0]
    # "Time to action" vs "Time-to-action": names compare without punctuation
    assert spec.metrics[1].baseline == HC4_BASELINES[1]


def test_without_a_metric_map_every_hc4_baseline_is_monitored_under_its_slug() -> None:
    spec = build_spec(ExperimentConfig(id="d"), doc(*HC4_BASELINES))
    assert [m.series for m in spec.metrics] == ["action_rate", "time_to_action"]


def test_match_falls_back_to_containment_and_returns_none_when_unrelated() -> None:
    assert match_baseline("Action rate (first suggestion)", "x", HC4_BASELINES) == HC4_BASELINES[0]
    assert match_baseline("Retention", "retention", HC4_BASELINES) is None


def test_override_replaces_fields_and_marks_the_source() -> None:
    ov = BaselineOverride(expected=(0.6, 0.8), investigate_below=0.5, persistence="for 2+ days")
    b = apply_override("Action rate", HC4_BASELINES[0], ov)
    assert (b.expected_low, b.expected_high) == (0.6, 0.8)
    assert (b.investigate_op, b.investigate_value) == ("<", 0.5)
    assert b.persistence_seconds == 2 * 86400
    assert b.source == "config"
    assert b.unit == "%"  # kept from the HC4


def test_override_without_hc4_baseline_builds_one_and_infers_direction() -> None:
    b = apply_override("Error rate", None, BaselineOverride(investigate_above=2.0, unit="%"))
    assert (b.metric, b.investigate_op, b.investigate_value, b.higher_is_better) == (
        "Error rate",
        ">",
        2.0,
        False,
    )


def test_override_keyed_by_series_reaches_the_metric() -> None:
    exp = ExperimentConfig(
        id="d",
        metrics={"Action rate": "action_rate"},
        baselines={"action_rate": BaselineOverride(expected=(50, 70))},
    )
    b = build_spec(exp, doc(*HC4_BASELINES)).metrics[0].baseline
    assert b is not None and (b.expected_low, b.expected_high) == (50, 70)


def test_scope_from_config_or_traffic_share() -> None:
    assert scope_of(ExperimentConfig(id="a", scope="narrow")) == "Narrow"
    assert scope_of(ExperimentConfig(id="a", traffic_share=0.6)) == "Wide"
    assert scope_of(ExperimentConfig(id="a", traffic_share=0.3)) == "Moderate"
    assert scope_of(ExperimentConfig(id="a", traffic_share=0.05)) == "Narrow"  # < 0.1
    assert scope_of(ExperimentConfig(id="a")) is None


def test_previous_reports_are_earlier_hc5s_naming_the_experiment(tmp_path: Path) -> None:
    for day, text in [
        ("2026-11-01", "Dinner and Planner"),
        ("2026-11-10", "Planner only"),
        ("2026-11-15", "Dinner again"),
        ("2026-11-20", "Dinner today"),  # the report being written: not "previous"
    ]:
        (tmp_path / f"hc5-portfolio-report-{day}.md").write_text(text)
    (tmp_path / "other-2026-11-02.md").write_text("Dinner")
    found = previous_reports(tmp_path, date(2026, 11, 20), {"d": "Dinner", "p": "Planner"})
    assert found == {
        "d": ["hc5-portfolio-report-2026-11-15.md", "hc5-portfolio-report-2026-11-01.md"],
        "p": ["hc5-portfolio-report-2026-11-10.md", "hc5-portfolio-report-2026-11-01.md"],
    }


def test_previous_reports_stop_reading_once_every_experiment_has_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vortex_pulse.agents.noah import assemble

    for day in ("2026-11-01", "2026-11-02", "2026-11-03"):
        (tmp_path / f"hc5-portfolio-report-{day}.md").write_text("Dinner")
    read: list[str] = []
    real = assemble.read_bytes

    def counting(path: Path, kind: str) -> bytes:
        read.append(path.name)
        return real(path, kind)

    monkeypatch.setattr(assemble, "read_bytes", counting)
    found = previous_reports(tmp_path, date(2026, 11, 20), {"d": "Dinner"}, limit=2)
    assert found == {
        "d": ["hc5-portfolio-report-2026-11-03.md", "hc5-portfolio-report-2026-11-02.md"]
    }
    assert read == ["hc5-portfolio-report-2026-11-03.md", "hc5-portfolio-report-2026-11-02.md"]


def test_previous_reports_of_a_missing_folder_are_empty(tmp_path: Path) -> None:
    assert previous_reports(tmp_path / "nope", date(2026, 1, 1), {"d": "D"}) == {"d": []}


def test_model_baselines_fill_only_metrics_without_numbers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from vortex_pulse.agents.llm import extract
    from vortex_pulse.agents.noah.proposals import add_model_baselines
    from vortex_pulse.core.config import PulseConfig

    hc4 = tmp_path / "hc4.md"
    hc4.write_text("Open rate 35-50%. Complaints: fewer than 3 per week.", encoding="utf-8")
    asked: list[list[str]] = []

    def propose(llm_cfg, spec, doc, metrics):  # type: ignore[no-untyped-def]
        asked.append(metrics)
        assert spec == "openai:test" and "fewer than 3" in doc
        return [Baseline(metric="Complaints", expected_high=3, source="llm")]

    monkeypatch.setattr(extract, "propose_baselines", propose)
    exp = ExperimentConfig(id="d", hc4=hc4, metrics={"Open rate": "open", "Complaints": "c"})
    cfg = PulseConfig(portfolio=[exp])
    spec = build_spec(exp, doc(Baseline(metric="Open rate", unit="%", expected_low=35)))
    out = add_model_baselines(cfg, "openai:test", [spec])[0]
    assert asked == [["Complaints"]]
    assert out.llm_baselines == 1
    assert out.metrics[1].baseline is not None and out.metrics[1].baseline.source == "llm"
    assert out.metrics[0].baseline == spec.metrics[0].baseline


def test_previous_reports_include_any_hc5_in_the_folder_by_its_frontmatter(
    tmp_path: Path,
) -> None:
    hc5 = "---\ncontract: HC5\ncreated: {day}\n---\n# HC5 {text}\n"
    (tmp_path / "hc5-portfolio-report-2026-11-10.md").write_text("Dinner weekly")
    (tmp_path / "signal-report-dinner.md").write_text(hc5.format(day="2026-11-12", text="Dinner"))
    (tmp_path / "deep-dive.md").write_text(hc5.format(day="2026-11-14", text="`d` deep dive"))
    (tmp_path / "hc10-d-2026-11-16.md").write_text("---\ncontract: HC10\n---\nDinner")
    (tmp_path / "later.md").write_text(hc5.format(day="2026-11-21", text="Dinner"))
    found = previous_reports(tmp_path, date(2026, 11, 20), {"d": "Dinner"})
    assert found == {
        "d": ["deep-dive.md", "signal-report-dinner.md", "hc5-portfolio-report-2026-11-10.md"]
    }
