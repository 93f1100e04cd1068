"""Model-proposed baselines: kept only with a verbatim quote holding every number."""

from __future__ import annotations

import logging

import pytest
from vortex_pulse.agents.llm.extract import propose_baselines
from vortex_pulse.core.config import LLMConfig

from tests.support.contract_files import SHARED
from tests.support.llm_fakes import EXTRACT, RateLimited, ScriptedModel

ARTIFACT = SHARED / "hc4-busy-parents-2026-03-01.md"
HC4 = """# HC4: Busy parents

| Field | Value |
|---|---|
| **Signal Thresholds** | Time-to-action >10 min: investigate timing or relevance.
  Retention <60% at 4 weeks: investigate value decay. |
| **Expected Production Behavior** | Engagement timing clustered 4:00-4:30 PM. |
"""
CFG = LLMConfig(max_retries=1)
METRICS = ["Time-to-action", "Retention", "Engagement timing"]


def model_answering(*baselines: dict[str, object]) -> ScriptedModel:
    return ScriptedModel(script={EXTRACT: [{"baselines": list(baselines)}]})


def test_offline_invents_nothing() -> None:
    assert propose_baselines(CFG, "offline", HC4, METRICS) == []


def test_a_quoted_threshold_is_kept_and_marked_llm() -> None:
    model = model_answering(
        {
            "metric": "time-to-action",
            "unit": "min",
            "investigate_op": ">",
            "investigate_value": 10,
            "higher_is_better": False,
            "quote": "Time-to-action >10 min: investigate timing or relevance.",
        },
        # the quote spans a line break in the document: whitespace runs compare as one space
        {
            "metric": "Retention",
            "unit": "%",
            "investigate_op": "<",
            "investigate_value": 60,
            "quote": "investigate timing or relevance. Retention <60% at 4 weeks",
        },
    )
    (tta, retention) = propose_baselines(CFG, "fake:x", HC4, METRICS, model=model)
    assert (tta.metric, tta.investigate_op, tta.investigate_value) == ("Time-to-action", ">", 10)
    assert tta.source == "llm" and tta.line == 5 and tta.unit == "min"
    assert tta.quote == "Time-to-action >10 min: investigate timing or relevance."
    assert (retention.investigate_value, retention.line) == (60, 5)
    # the document reached the model delimited, the requested metrics named
    prompt = str(model.seen[0][1].content)
    assert "<hc4_document>" in prompt and '"Retention"' in prompt


RETENTION = "Retention <60% at 4 weeks"


@pytest.mark.parametrize(
    ("proposal", "reason"),
    [
        (
            {
                "metric": "Retention",
                "investigate_op": "<",
                "investigate_value": 60,
                "quote": "Retention below 60% means churn",
            },
            "quote not found in the HC4",
        ),
        (
            {
                "metric": "Retention",
                "expected_low": 70,
                "investigate_op": "<",
                "investigate_value": 60,
                "quote": RETENTION,
            },
            "number(s) not in the quote: 70",
        ),
        ({"metric": "Retention", "quote": RETENTION}, "no number"),
        (
            {"metric": "Retention", "investigate_value": 60, "quote": RETENTION},
            "threshold without its operator",
        ),
        (
            {
                "metric": "Revenue",
                "investigate_op": "<",
                "investigate_value": 60,
                "quote": RETENTION,
            },
            "'Revenue' was not requested",
        ),
        (
            # a span about another metric that happens to hold the number
            {
                "metric": "Retention",
                "investigate_op": ">",
                "investigate_value": 10,
                "quote": "Time-to-action >10 min",
            },
            "quote does not name the metric",
        ),
        (
            {
                "metric": "Engagement timing",
                "expected_low": 30,
                "expected_high": 4,
                "quote": "Engagement timing clustered 4:00-4:30 PM.",
            },
            "expected_low above expected_high",
        ),
    ],
)
def test_unsupported_proposals_are_dropped(
    proposal: dict[str, object], reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="vortex_pulse.agents.llm.extract")
    model = model_answering(proposal)
    assert propose_baselines(CFG, "fake:x", HC4, METRICS, model=model) == []
    assert reason in caplog.text


def test_a_failing_model_proposes_nothing() -> None:
    model = ScriptedModel(script={EXTRACT: [RateLimited()]})
    assert propose_baselines(CFG, "fake:x", HC4, METRICS, model=model) == []
    assert model.calls[EXTRACT] == CFG.max_retries + 1


def test_a_real_hc4_quote() -> None:
    if not ARTIFACT.is_file():
        pytest.skip("reference artifact not on this machine")
    text = ARTIFACT.read_text(encoding="utf-8")
    model = model_answering(
        {
            "metric": "User retention",
            "unit": "%",
            "investigate_op": "<",
            "investigate_value": 60,
            "quote": "Retention <60% at 4 weeks: investigate value decay.",
        }
    )
    (b,) = propose_baselines(CFG, "fake:x", text, ["User retention"], model=model)
    assert b.line == 95 and b.source == "llm"
