"""`pulse chat` scripted through stdin (not a terminal: one input per line, plain output),
in a real subprocess, with the example portfolio and a SQLite checkpoint store."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import yaml
from vortex_pulse.contracts.hc5_validate import validate_hc5_text

from tests.support.example import example_config

DATE = "2026-11-19"


def chat(config: Path, lines: list[str], *extra: str) -> tuple[int, str, str]:
    res = subprocess.run(
        [sys.executable, "-m", "vortex_pulse.pulse.cli", "chat", str(config), "--date", DATE,
         *extra],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=config.parent,
    )  # fmt: skip
    return res.returncode, res.stdout, res.stderr


def hc5_files(tmp: Path) -> list[Path]:
    return sorted((tmp / "out" / "vortex-artifacts").glob("hc5-*.md"))


def test_monitoring_workflow_writes_a_valid_hc5_only_after_confirmation(tmp_path: Path) -> None:
    cfg = example_config(tmp_path)
    code, out, err = chat(cfg, ["MO", "c", "c", "c", "c"], "--thread", "t-mo")
    assert code == 0, err
    assert "[MO] Production Monitoring" in out  # greeting and menu first
    for n in range(1, 6):
        assert f"Step {n} of 5" in out
    assert "Vortex Compass" in out and "Max" in out
    assert hc5_files(tmp_path) == []  # step 5 shown, nothing written yet
    code, out, err = chat(cfg, ["c"], "--thread", "t-mo")
    assert code == 0, err
    [hc5] = hc5_files(tmp_path)
    assert f"HC5 written: {hc5}" in out
    result = validate_hc5_text(hc5.read_text(encoding="utf-8"))
    assert result.ok, result


def test_thread_resumes_a_session_left_at_step_3_at_step_3(tmp_path: Path) -> None:
    cfg = example_config(tmp_path)
    code, out, _ = chat(cfg, ["MO", "c", "c"], "--thread", "t-3")
    assert code == 0 and "Step 3 of 5" in out and "Step 4 of 5" not in out
    code, out, err = chat(cfg, [], "--thread", "t-3")
    assert code == 0, err
    assert "resuming thread t-3" in err
    assert "Step 3 of 5" in out and "Step 1 of 5" not in out and "Step 4 of 5" not in out
    assert "Your turn: [c] Continue" in out
    _, out, _ = chat(cfg, ["c"], "--thread", "t-3")
    assert out.index("Step 3 of 5") < out.index("Step 4 of 5")  # re-shown, then continued


def test_chat_explains_a_priority_from_the_facts_and_declines_strategy(tmp_path: Path) -> None:
    cfg = example_config(tmp_path)
    code, out, err = chat(
        cfg, ["CH", "why is 4 PM Dinner Suggestions P1?", "should we roll back?", "DA"]
    )
    assert code == 0, err
    why = out[out.index("is P1") :]
    # the rule, the value and the band, as the reports write them
    assert "R1 Critical + Wide + High -> P1" in why
    assert "41.5%" in why and "60-75%" in why
    decline = out[out.index("strategic call") :]
    assert "Max" in decline
    assert "Signing off" in out  # DA ends the session


def test_an_adjustment_reruns_the_steps_and_a_stop_writes_nothing(tmp_path: Path) -> None:
    cfg = example_config(tmp_path)
    lines = ["MO", "c", "drop api-gateway", "add ../../etc/passwd.md", "s"]
    code, out, err = chat(cfg, lines)
    assert code == 0, err
    assert "Adjusted. Running steps 1 to 2 again" in out
    step2 = out[out.rindex("Step 2 of 5") :]
    assert "API gateway" not in step2.split("Your turn")[0]
    assert "outside the project folder" in out
    assert "Stopped at step 2; nothing was written" in out
    assert not (tmp_path / "out").exists() or hc5_files(tmp_path) == []


def test_signal_interpretation_and_behavior_analysis_name_one_experiment(tmp_path: Path) -> None:
    cfg = example_config(tmp_path)
    code, out, err = chat(cfg, ["SI dinner", "BA", "meal planner", "DA"])
    assert code == 0, err
    si = out[out.index("Signal interpretation — 4 PM Dinner Suggestions") :]
    assert "Action rate 41.5% vs expected 60-75%" in si and "change point" in si
    assert any(c in si for c in "▁▂▃▄▅▆▇█")  # the lead metric's sparkline
    assert "Which experiment?" in out  # BA without a name asks
    ba = out[out.index("Behavior analysis — Weekly Meal Planner") :]
    assert "Plan acceptance 42% vs expected 60-75%" in ba
    # "BA" at SI's offer is a new request: the offered artifact stays unwritten
    assert "signal-interpretation-dinner-suggestions-2026-11-19.md was not written" in out
    assert hc5_files(tmp_path) == []  # answering writes nothing
    assert si_files(tmp_path) == []


def si_files(tmp: Path) -> list[Path]:
    return sorted((tmp / "out" / "vortex-artifacts").glob("signal-interpretation-*.md"))


def test_signal_interpretation_writes_the_deep_dive_artifact_only_after_a_yes(
    tmp_path: Path,
) -> None:
    cfg = example_config(tmp_path)
    code, out, err = chat(cfg, ["SI dinner"], "--thread", "t-si")
    assert code == 0, err
    assert "I can write this as signal-interpretation-dinner-suggestions-2026-11-19.md" in out
    assert "Your turn: [c] Write the artifact | [s] Leave it unwritten" in out
    assert si_files(tmp_path) == []  # offered, not written; the session left at the offer
    code, out, err = chat(cfg, ["s", "SI dinner", "no"], "--thread", "t-si")
    assert code == 0, err
    assert out.count("was not written") == 2 and si_files(tmp_path) == []
    code, out, err = chat(cfg, ["SI 4 PM Dinner Suggestions", "c", "DA"], "--thread", "t-si")
    assert code == 0, err
    [si] = si_files(tmp_path)
    assert si.name == "signal-interpretation-dinner-suggestions-2026-11-19.md"
    assert f"Signal interpretation written: {si}" in out
    text = si.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["source_workflow"] == "signal-interpretation" and str(front["created"]) == DATE
    assert front["input_artifacts"] == [{"path": "hc4-dinner-suggestions.md", "contract": "HC4"}]
    # the renderer the pass's deep dives use: evidence from the facts, then the questions
    assert "# Signal interpretation: 4 PM Dinner Suggestions (2026-11-19)" in text
    assert "### 4 PM Dinner Suggestions (P1, Critical, confidence High)" in text
    assert "Action rate fell from 67.1% to 41.5% at 2026-11-15 20:00 UTC" in text
    assert "Time-to-action holds at 2.81 min" in text  # a companion metric
    questions = text[text.index("## Questions a person must answer") :]
    assert "1. Is the Action rate breach in 4 PM Dinner Suggestions real" in questions
    assert hc5_files(tmp_path) == []  # SI writes its artifact, never an HC5


def test_chat_si_and_a_routed_deep_dive_share_renderer_and_name_rule(tmp_path: Path) -> None:
    from vortex_pulse.agents.noah.deep_dive import asked_route
    from vortex_pulse.pulse.api import observe
    from vortex_pulse.report.deep_dive import artifact_path, render_deep_dive
    from vortex_pulse.report.model import Route

    seen = observe(example_config(tmp_path), date=date(2026, 11, 19))
    dinner = next(e for e in seen.facts.experiments if e.id == "dinner-suggestions")
    asked = asked_route(dinner)
    routed = Route(agent="noah", workflow="signal-interpretation", reason="x",
                   experiments=["dinner-suggestions"])  # fmt: skip
    assert artifact_path(tmp_path, asked, DATE) == artifact_path(tmp_path, routed, DATE)
    body = render_deep_dive(asked, seen.facts, {}, DATE, None).split("## Evidence")[1]
    assert body == render_deep_dive(routed, seen.facts, {}, DATE, "hc5.md").split("## Evidence")[1]
    with_hc5 = render_deep_dive(routed, seen.facts, {}, DATE, 'a "quoted": name.md')
    front = yaml.safe_load(with_hc5.split("---")[1])  # a file name stays YAML data
    assert front["input_artifacts"] == [{"path": 'a "quoted": name.md', "contract": "HC5"}]


def test_what_changed_compares_with_the_previous_report(tmp_path: Path) -> None:
    from vortex_pulse.pulse.api import run_pass

    cfg = example_config(tmp_path)
    run_pass(cfg, date=date(2026, 11, 16), until="2026-11-14T00:00:00Z")  # an earlier report
    code, out, err = chat(cfg, ["CH", "what changed since the last report?", "DA"])
    assert code == 0, err
    changed = out[out.index("Since the report of 2026-11-16") :]
    # the dinner experiment broke after the 15th: its priority and its action rate moved
    assert "4 PM Dinner Suggestions:" in changed
    line = next(x for x in changed.splitlines() if x.startswith("- 4 PM Dinner Suggestions"))
    # the same words as the HC5's "since the last report" (report/continuity.py)
    assert "priority P2 to P1" in line or "priority P3 to P1" in line, line
    assert "Action rate" in line and "to 41.5%" in line, line


def test_a_session_left_mid_step_finishes_that_step_when_resumed(tmp_path: Path) -> None:
    from langchain_core.messages import HumanMessage
    from vortex_pulse.core.config import load_config
    from vortex_pulse.graphs.chat.graph import compile_chat
    from vortex_pulse.graphs.checkpoint import open_checkpointer
    from vortex_pulse.graphs.context import Context
    from vortex_pulse.pulse.api import ChatSession

    cfg = load_config(example_config(tmp_path))
    conf = {"configurable": {"thread_id": "t-cut"}}
    with open_checkpointer(cfg.checkpoint) as saver:
        graph = compile_chat(saver)
        ctx = Context.build(cfg)
        graph.invoke({"messages": [], "date": DATE}, conf, context=ctx)  # type: ignore[arg-type]
        # the process dies after "MO" was taken but before step 1 ran
        graph.invoke({"messages": [HumanMessage("MO")]}, conf, context=ctx,  # type: ignore[arg-type]
                     interrupt_before=["mo_step"])  # fmt: skip
        assert graph.get_state(conf).next == ("mo_step",)  # type: ignore[arg-type]
    with ChatSession(cfg, thread_id="t-cut") as chat:
        turn = chat.start()
    assert turn.pause is not None and turn.pause["step"] == 1
    assert any("Step 1 of 5" in said for said in turn.said)
