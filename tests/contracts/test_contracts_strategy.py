"""The intelligence-not-strategy detector, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.contracts.strategy import classify, find_strategy, split_sentences

STRATEGY = [
    ("We recommend pivoting to a subscription model.", "pivot-patch-persevere decision"),
    ("The team should double the marketing budget.", "resource allocation"),
    ("Persevere with the current design.", "pivot-patch-persevere decision"),
    ("Run an A/B test of 3:30 PM vs 4 PM.", "experiment design"),
    ("Kill experiment X.", "pivot-patch-persevere decision"),
    ("Prioritize X over Y.", "portfolio prioritization decision"),
    ("We should pivot to weekly meal plans.", "pivot-patch-persevere decision"),
    ("Consider moving the push notification to 3:30 PM.", "strategic recommendation"),
    ("The onboarding experiment should be shut down.", "pivot-patch-persevere decision"),
    ("I suggest testing 3:30 PM against 4 PM with a holdout group.", "experiment design"),
    ("Move two engineers from pricing to onboarding.", "resource allocation"),
    ("Leadership must reallocate the Q3 budget to checkout.", "resource allocation"),
    (
        "Focus the team on checkout latency before anything else.",
        "portfolio prioritization decision",
    ),
    ("Decision: persevere.", "pivot-patch-persevere decision"),
    ("It is time to scale the feature to every market.", "strategic recommendation"),
    ("Roll back the 4 PM push for all users.", "pivot-patch-persevere decision"),
    ("Recommendation: launch the adaptive timing feature next sprint.", "strategic recommendation"),
    ("Checkout should be prioritized over the weekly digest.", "portfolio prioritization decision"),
    ("(2) Build the production system with adaptive timing.", "strategic recommendation"),
    ("You should invest in pantry recognition.", "resource allocation"),
    ("We advise against expanding to Denver.", "strategic recommendation"),
    ("A pivot to weekly plans is warranted.", "pivot-patch-persevere decision"),
    ("Experiment X should take priority over Y.", "portfolio prioritization decision"),
    ("Stop the weekly digest.", "pivot-patch-persevere decision"),
    ("Switch the push time to 3:30 PM for all users.", "strategic recommendation"),
]

INTELLIGENCE = [
    "Qualitative research recommended to understand user intent behind the timing shift.",
    "Route to Isla for targeted research: (1) What are users doing at 3:15-3:55 PM?",
    "Would adaptive timing (learning each user's preferred window) increase action rate further?",
    "Is the motivation anxiety relief, logistical planning, or habit?",
    'The HC4 quotes the team: "we recommend pivoting to wallets if this fails".',
    "We believe that busy parents will act on a suggestion because we should pivot otherwise.",
    "The experiment recommended testing willingness to pay before scaling.",
    "Action rate should stabilize between 60-75% at scale.",
    "Change in action rate: -5 percentage points since week 1.",
    "Increase of 5.7 points per week in early engagement.",
    "Investigate suggestion quality: action rate is below the 50% threshold.",
    "Continue monitoring for 2 more weeks to confirm the trend.",
    "We should investigate why Android users diverge.",
    "A security patch deployed on 2026-02-12 coincides with the drop.",
    "The 4:00 PM delivery time, which tested better than 5:30 PM, may itself be too late.",
    "Users can ask a partner to stop for ingredients on the way home.",
    "Budget for the campaign rose 10% in February, an external factor.",
    "Complete. All interactions logged with timestamps.",
    "Max decides whether to pivot, patch or persevere; this report ranks signals only.",
    "Noah ranks signals by divergence: P1 first.",
    "Timing anomaly would benefit from Isla's qualitative research.",
    "A4 (4:00 PM timing) validated in experiment but may need refinement.",
    "Production data suggested that users want the decision earlier.",
    "Change point detected at 2026-02-20T20:00Z in action rate.",
    "Start date of the window: 2026-02-01.",
    "Push notifications at 4 PM drive 62% of sessions.",
    "Test period: 3 weeks, 18 participants.",
    "Drop of 12 points since week 1.",
    "Stay time per session rose 5%.",
    "Keep in mind the 4-hour logging outage on 2026-02-12.",
    "Launch week (week 1) had 180 users.",
    "Discovery should focus on what users do before 4 PM.",
    "More data is needed before the trend can be called.",
    "Test group users acted 5 points more often than the holdout.",
    "This divergence warrants a focused deep dive by Noah.",
    "Users stop engaging after the second week.",
    "Users said they should get suggestions before their commute.",
]


@pytest.mark.parametrize(("sentence", "reason"), STRATEGY)
def test_strategy_is_found(sentence: str, reason: str) -> None:
    (finding,) = find_strategy(sentence)
    assert finding.sentence == sentence
    assert finding.reason == reason


@pytest.mark.parametrize("sentence", INTELLIGENCE)
def test_intelligence_passes(sentence: str) -> None:
    assert find_strategy(sentence) == []


def test_human_hc5_examples_pass(artifacts: Path) -> None:
    for name in ("hc5-busy-parents-2026-03-01.md", "hc5-example-decision-eliminator.md"):
        assert find_strategy((artifacts / name).read_text(encoding="utf-8")) == []


def test_quotes_the_offending_sentence_in_a_document() -> None:
    text = (
        "| **Confidence Level** | High. Core finding is robust. We recommend pivoting to a "
        "subscription model. Timing anomaly is strong. |\n"
        "- Run an A/B test of 3:30 PM vs 4 PM.\n"
    )
    found = find_strategy(text)
    assert [f.sentence for f in found] == [
        "We recommend pivoting to a subscription model.",
        "- Run an A/B test of 3:30 PM vs 4 PM.",
    ]


def test_sentences_do_not_split_on_abbreviations_or_decimals() -> None:
    text = "Action rate 60-75% (algorithm vs. human curation). Trend is significant (p < 0.01)."
    assert split_sentences(text) == [
        "Action rate 60-75% (algorithm vs. human curation).",
        "Trend is significant (p < 0.01).",
    ]


def test_classify_on_empty_and_markup() -> None:
    assert classify("") is None
    assert classify("**Persevere** with the current design.") == "pivot-patch-persevere decision"
