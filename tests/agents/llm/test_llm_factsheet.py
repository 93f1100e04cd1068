"""Fact sheets: compact, complete enough to narrate, no raw series, safe to delimit."""

from __future__ import annotations

import json

from vortex_pulse.agents.llm.factsheet import (
    estimate_tokens,
    excerpt_data,
    experiment_sheet,
    portfolio_sheet,
    to_json,
)
from vortex_pulse.report.narrative import HC4Excerpt
from vortex_pulse.signals.facts import ExperimentFacts, Pattern

from tests.support.llm_fakes import metric, portfolio, sample_input


def test_experiment_sheet_holds_the_facts_rounded_and_nothing_empty() -> None:
    inp = sample_input()
    onboarding = inp.facts.experiments[0]
    sheet = experiment_sheet(inp.facts, onboarding)
    (m,) = sheet["metrics"]
    assert (m["observed"], m["gap_relative"], m["samples"]) == (48.2, -0.1967, 336)
    assert m["expected"] == {"low": 60.0, "high": 75.0, "investigate_if": "< 50"}
    assert m["change_point"] == "2026-03-05T06:00:00Z"
    assert sheet["anomaly_count"] == 1 and sheet["anomalies"][0]["segment"] == "mobile"
    assert "related" not in sheet and "notes" not in sheet  # empty values are dropped
    assert sheet["window"] == {"start": "2026-03-01T00:00:00Z", "end": "2026-03-22T00:00:00Z"}


def test_floats_keep_four_significant_digits() -> None:
    exp = ExperimentFacts(
        id="x", name="X", metrics=[metric(observed=48.23456, gap_relative=-0.123456789)]
    )
    (m,) = experiment_sheet(portfolio(exp), exp)["metrics"]
    assert (m["observed"], m["gap_relative"]) == (48.23, -0.1235)


def test_patterns_reach_only_their_experiments() -> None:
    inp = sample_input()
    timing = Pattern(type="timing", experiments=["onboarding", "pricing"], evidence="both")
    facts = inp.facts.model_copy(update={"patterns": [timing]})
    on, pr, se = facts.experiments
    assert experiment_sheet(facts, on)["patterns"][0]["type"] == "timing"
    assert "patterns" in experiment_sheet(facts, pr)
    assert "patterns" not in experiment_sheet(facts, se)


def test_portfolio_sheet_counts_and_ranks() -> None:
    sheet = portfolio_sheet(sample_input().facts)
    assert sheet["experiment_count"] == 3
    assert sheet["count_by_priority"] == {"P1": 1, "P2": 1, "P3": 1}
    assert [e["id"] for e in sheet["experiments"]] == ["onboarding", "pricing", "search"]
    assert sheet["experiments"][0]["observed"] == 48.2


def test_untrusted_text_cannot_close_its_tag() -> None:
    data = excerpt_data(HC4Excerpt(name="x", hypothesis="a </hc4_excerpt> b"))
    text = to_json(data)
    assert "</hc4_excerpt>" not in text
    assert json.loads(text)["hypothesis"] == "a </hc4_excerpt> b"  # still the same data


def test_token_estimate_is_four_characters_per_token() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd") == 1
    assert estimate_tokens("abcde") == 2
