"""Compass branches through the compiled graph, on portfolios built for each branch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
from vortex_pulse.core.config import PulseConfig, config_from_dict
from vortex_pulse.pulse.pipeline import run_pass
from vortex_pulse.signals.series import Series, SeriesKey
from vortex_pulse.signals.synthetic import generate, to_long_table, write_signals

DAY = date(2026, 3, 2)


def service_config(tmp: Path, series: list[Series], **entry: object) -> PulseConfig:
    write_signals(to_long_table(series), tmp / "signals.csv")
    raw = {
        "signals": "signals.csv",
        "output_folder": "out",
        "reports_folder": "reports",
        "checkpoint": {"backend": "memory"},
        "portfolio": [
            {
                "id": "svc",
                "name": "Signup service",
                "scope": "wide",
                "metrics": {"Success rate": {"series": "action_rate", "unit": "%"}},
                "baselines": {
                    "action_rate": {
                        "expected": [60, 75],
                        "investigate_below": 50,
                        "persistence": "for 2+ days",
                    }
                },
                **entry,
            }
        ],
    }
    return config_from_dict(raw, tmp / "config.yaml")


def test_insufficient_evidence_branch(tmp_path: Path) -> None:
    # the signal file holds another experiment only: nothing to score for "svc"
    other = generate("healthy").to_series("someone-else")
    r = run_pass(service_config(tmp_path, other), date=DAY)
    assert [(x.agent, x.workflow) for x in r.report.routes] == [("none", "insufficient-evidence")]
    assert any(g.startswith("Max needs") for g in r.guidance)
    assert r.brief_path is None and r.hc10_paths == []
    assert r.hc5_path.is_file()  # the HC5 still says what is missing


def test_deep_dive_branch(tmp_path: Path) -> None:
    # below the investigate threshold the whole window, no change point (no anomaly);
    # n = 1 per point: 504 samples, between the Low (100) and High (1000) sample counts
    sc = generate("persistent_breach")
    breach = [Series(SeriesKey("svc", sc.metric), sc.ts, sc.values, np.ones(len(sc.ts)))]
    r = run_pass(service_config(tmp_path, breach), date=DAY)
    exp = r.report.experiments[0]
    assert (exp.severity, exp.anomaly) == ("Critical", False)
    assert exp.confidence == "Medium"
    agents = [x.agent for x in r.report.routes]
    assert "noah" in agents and "isla" not in agents
    assert [d["experiments"] for d in r.deep_dives] == [["svc"]]
    assert r.deep_dives[0]["metrics"] == ["Success rate"]
    assert Path(r.deep_dives[0]["path"]).is_file()


def test_isla_branch_writes_hc10(tmp_path: Path) -> None:
    drop = generate("step_drop").to_series("svc")
    r = run_pass(service_config(tmp_path, drop), date=DAY)
    assert r.report.experiments[0].anomaly
    assert [p.name for p in r.hc10_paths] == [f"hc10-svc-{DAY.isoformat()}.md"]
    text = r.hc10_paths[0].read_text(encoding="utf-8")
    assert "contract: HC10" in text and "Signup service" in text


# the generated series end at 2026-03-01 00:00 UTC: a report dated Feb 28 reads them fresh
FRESH = date(2026, 2, 28)


def test_a_second_run_over_unchanged_data_references_the_hc10_and_says_unchanged(
    tmp_path: Path,
) -> None:
    drop = generate("step_drop").to_series("svc")
    cfg = service_config(tmp_path, drop)
    first = run_pass(cfg, date=FRESH)
    (hc10,) = first.hc10_paths
    # a week later, the same data (the window ends where it ended): nothing changed
    cfg.window.end = first.report.window.end
    later = date(2026, 3, 9)
    second = run_pass(cfg, date=later)
    assert second.hc10_paths == []  # not re-filed
    (route,) = [r for r in second.report.routes if r.agent == "isla"]
    assert route.reference == hc10.name and "not re-filed" in route.reason
    assert second.report.experiments[0].since_last.startswith("unchanged (P1, 41.8%")
    hc5 = second.hc5_path.read_text(encoding="utf-8")
    assert "Since the last report: unchanged (P1" in hc5
    # a third report still finds the first one's HC10 through the second's reference
    third = run_pass(cfg, date=date(2026, 3, 16))
    assert third.hc10_paths == []
    (route,) = [r for r in third.report.routes if r.agent == "isla"]
    assert route.reference == hc10.name


def test_an_hc10_name_belongs_to_its_id_only() -> None:
    from vortex_pulse.report.hc10 import hc10_name, is_hc10_of

    assert is_hc10_of(hc10_name("a", "2026-03-02"), "a")
    assert not is_hc10_of(hc10_name("a-b", "2026-03-02"), "a")  # another experiment's file
    assert not is_hc10_of("hc10-a-notes.md", "a")
    assert not is_hc10_of("hc10-a-２０２６-03-02.md", "a")  # full-width digits are no date


def test_a_cleared_signal_is_resolved_in_the_next_report(tmp_path: Path) -> None:
    drop = generate("step_drop").to_series("svc")
    first = run_pass(service_config(tmp_path, drop), date=FRESH)
    assert first.report.experiments[0].severity == "Critical"
    healthy = generate("healthy").to_series("svc")
    second = run_pass(service_config(tmp_path, healthy), date=date(2026, 3, 9))
    e = second.report.experiments[0]
    assert e.severity == "Informational"
    assert (
        "priority P1 to P3" in e.since_last and "severity Critical to Informational" in e.since_last
    )
    assert "the Critical signal of 2026-02-28 has cleared" in e.since_last
    assert "the anomaly flagged on 2026-02-28 has cleared" in e.since_last


def test_the_chat_says_what_cleared_as_the_report_does(tmp_path: Path) -> None:
    """The chat's and MCP's "what changed" read the HC5's rule, cleared signals included."""
    from vortex_pulse.agents.noah.chat.answers import changed
    from vortex_pulse.signals.facts import PortfolioFacts

    drop = generate("step_drop").to_series("svc")
    first = run_pass(service_config(tmp_path, drop), date=FRESH)
    healthy = generate("healthy").to_series("svc")
    second = run_pass(service_config(tmp_path, healthy), date=date(2026, 3, 9))
    r = second.report
    facts = PortfolioFacts.model_validate(
        r.model_dump()
        | {"window_start": r.window.start, "window_end": r.window.end,
           "severity": r.portfolio.severity, "confidence": r.portfolio.confidence}
    )  # fmt: skip
    text = changed(facts, first.report)
    assert f"- Signup service: {r.experiments[0].since_last}" in text
    assert "the Critical signal of 2026-02-28 has cleared" in text
