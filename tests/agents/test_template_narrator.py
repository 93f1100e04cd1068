"""The offline narrator: Noah's voice, numbers from the facts, never strategy."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from vortex_pulse.agents.narrators.template import TemplateNarrator, _others, name_list
from vortex_pulse.contracts.strategy import find_strategy
from vortex_pulse.report.hc10 import discovery_questions
from vortex_pulse.report.narrative import NarrationInput
from vortex_pulse.signals.facts import Pattern

from tests.support.facts import critical, experiment, portfolio


def narrate(discovery: list[str]):  # type: ignore[no-untyped-def]
    facts = portfolio(critical("a", anomaly=True), experiment("b"))
    facts.patterns = [Pattern(type="timing", experiments=["a", "b"], evidence="same hour")]
    return TemplateNarrator().narrate(NarrationInput(facts=facts, discovery=discovery))


def test_sentences_carry_the_facts_numbers() -> None:
    n = narrate(["a"])
    a = n.experiments["a"]
    # the experiment's story leads with its lead metric's one value and gap
    assert a.signal_summary.startswith("Action rate 42% vs expected 60-75%")
    assert "30% below the expected band" in a.actual_vs_expected
    assert "change point at 2026-11-16" in a.potential_explanations
    assert "Timing links it with B" in a.potential_explanations
    assert n.portfolio_summary.startswith("A: Action rate 42%")
    assert "(1 P1, 1 P3)" in n.portfolio_summary
    assert n.meta.model == "offline"


def test_discovery_focus_only_for_experiments_routed_to_isla() -> None:
    n = narrate([])
    assert n.experiments["a"].discovery_focus is None
    questions = discovery_questions(critical("a", anomaly=True))
    assert questions and all(q.endswith("?") for q in questions)


def test_no_strategy_in_any_sentence() -> None:
    n = narrate(["a"])
    texts = [n.portfolio_summary]
    for e in n.experiments.values():
        texts += [e.signal_summary, e.actual_vs_expected, e.potential_explanations]
        texts += [e.discovery_focus or ""]
    for t in texts:
        assert find_strategy(t) == [], t


def test_portfolio_summary_is_one_sentence() -> None:
    summary = narrate([]).portfolio_summary
    assert summary.count(". ") == 0 and summary.endswith(".")


def test_long_pattern_lists_are_capped_so_reports_grow_linearly() -> None:
    ids = [f"e{i}" for i in range(40)]
    facts = portfolio(*(critical(i) for i in ids))
    facts.patterns = [Pattern(type="correlated_divergence", experiments=ids, evidence="all")]
    n = TemplateNarrator().narrate(NarrationInput(facts=facts))
    text = n.experiments["e0"].potential_explanations
    assert "and 34 more" in text  # 39 others: five named, the rest counted
    assert text.count("E") < 10
    assert len(n.portfolio_summary) < 300


def test_portfolio_summary_has_no_stray_spaces() -> None:
    assert " ," not in narrate([]).portfolio_summary


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "me"]), max_size=12))
def test_other_experiments_are_named_as_the_full_list_would_be(ids: list[str]) -> None:
    # Only the first five names are read (a pattern can span the portfolio): same words.
    names = {i: i.upper() for i in ids if i != "g"}  # an id without a name stays the id
    others = [names.get(i, i) for i in ids if i != "me"]
    assert _others(ids, "me", names) == (name_list(others) if others else None)
