"""Noah's conversation logic without LangGraph: the menu, replies at a step, adjustments,
and the offline answers over facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.agents.noah.chat import answers, menu, workflow
from vortex_pulse.core.config import load_config
from vortex_pulse.core.errors import InputError
from vortex_pulse.signals.facts import PortfolioFacts

from tests.support.facts import metric

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "code"),
    [("5", "MO"), ("mo", "MO"), ("[CH]", "CH"), ("production monitoring", "MO"),
     ("goodbye", "DA"), ("SI dinner", "SI"), ("7", None), ("pizza", None)],
)  # fmt: skip
def test_menu_accepts_a_number_a_code_or_a_fuzzy_match(text: str, code: str | None) -> None:
    assert menu.match(text).code == code


def test_menu_keeps_what_follows_the_code_and_asks_when_several_match() -> None:
    assert menu.match("SI dinner suggestions").rest == "dinner suggestions"
    both = menu.match("chat about monitor")
    assert both.code is None and set(both.candidates) == {"CH", "MO"}


def test_step_replies() -> None:
    assert workflow.read_reply("c").kind == "continue"
    assert workflow.read_reply("Stop").kind == "stop"
    assert workflow.read_reply("drop api-gateway").adjustment == {"op": "drop", "id": "api-gateway"}
    assert workflow.read_reply('add "a plain description"').adjustment == {
        "op": "describe", "text": "a plain description"}  # fmt: skip
    bad = workflow.read_reply("baseline dinner-suggestions Action rate sixty")
    assert bad.kind == "unknown" and "LOW-HIGH" in bad.error


def test_adjustments_edit_a_copy_of_the_portfolio_and_confine_paths() -> None:
    cfg = load_config(REPO / "config.yaml")
    adjusted = workflow.apply_adjustments(cfg, [
        {"op": "drop", "id": "api-gateway"},
        {"op": "scope", "id": "meal-planner", "scope": "narrow"},
        {"op": "baseline", "id": "dinner-suggestions", "metric": "action rate",
         "expected": [55, 70]},
        {"op": "describe", "text": "Recipe search ranking v2"},
    ])  # fmt: skip
    ids = [e.id for e in adjusted.portfolio]
    assert "api-gateway" not in ids and "api-gateway" in [e.id for e in cfg.portfolio]
    assert ids[-1] == "recipe_search_ranking_v2"
    assert adjusted.portfolio[-1].description == "Recipe search ranking v2"  # its numbers count
    meal = next(e for e in adjusted.portfolio if e.id == "meal-planner")
    assert meal.scope == "narrow"
    dinner = next(e for e in adjusted.portfolio if e.id == "dinner-suggestions")
    assert next(iter(dinner.baselines.values())).expected == (55, 70)
    with pytest.raises(InputError, match="outside the project folder"):
        workflow.apply_adjustments(cfg, [{"op": "add_hc4", "path": "../../etc/x.md"}])
    with pytest.raises(InputError, match="no experiment 'nope'"):
        workflow.apply_adjustments(cfg, [{"op": "drop", "id": "nope"}])


def test_a_mistyped_band_is_one_line_not_a_traceback() -> None:
    bad = workflow.read_reply("baseline dinner-suggestions Action rate 1.2.3-4")
    assert bad.kind == "unknown" and "LOW-HIGH" in bad.error
    cfg = load_config(REPO / "config.yaml")
    upside_down = {"op": "baseline", "id": "dinner-suggestions", "metric": "action rate",
                   "expected": [75, 60]}  # fmt: skip
    with pytest.raises(InputError, match="low end 75 is above the high end 60"):
        workflow.apply_adjustments(cfg, [upside_down])


def _facts() -> PortfolioFacts:
    from vortex_pulse.signals.facts import ExperimentFacts

    m = metric(observed=48.0, gap_relative=-0.2)  # RATE: expected 60-75%
    e = ExperimentFacts(id="dinner", name="Dinner Suggestions", metrics=[m], priority="P1",
                        priority_rule="R1 Critical + Wide + High -> P1", severity="Critical",
                        lead_metric="Action rate")  # fmt: skip
    return PortfolioFacts(window_start="2026-11-01", window_end="2026-11-20", experiments=[e])


def test_answers_come_from_the_facts_and_strategy_is_declined() -> None:
    chat = answers.ChatFacts(facts=_facts())
    why = answers.answer("why is dinner P1?", chat)
    assert "R1 Critical + Wide + High -> P1" in why and "48%" in why and "60-75%" in why
    assert "Max" in answers.answer("Should we roll back the dinner feature?", chat)
    assert "can't answer" in answers.answer("what is the weather tomorrow", chat)
    assert "no earlier report" in answers.answer("what changed since the last report?", chat)


def test_sparkline_spans_the_range() -> None:
    assert answers.sparkline([1, 2, 3, 4]) == "▁▃▆█"
    assert answers.sparkline([]) == ""
