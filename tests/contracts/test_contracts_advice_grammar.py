"""Advice recognised by grammar (contracts/advice_grammar.py): each structure with words
that appear in no corpus set, and the factual look-alikes each must let through."""

from __future__ import annotations

import pytest
from vortex_pulse.contracts.advice_grammar import reported
from vortex_pulse.contracts.strategy import classify

ADVICE = [
    "If the team reinstated the old model, completion would recover.",  # conditional
    "Pulling the nudges is preferable to tuning them.",  # comparison of options
    "Si desactiváramos la notificación, la tasa subiría.",  # es 1pl subjunctive conditional
    "Wenn wir den Digest stoppen, würde die Rate steigen.",  # de conditional
    "Machen wir den Digest zu.",  # de verb-first hortative
    "把推送关掉吧。",  # zh imperative particle
    "予算を移したほうがいい。",  # ja evaluative
    "Bottom line: cap the digest at one email.",  # imperative after a colon
    "The nudges ought to be disabled.",  # obligation modal, passive, any subject
    "Isn't it time to sunset the planner?",  # rhetorical question
    "Perhaps the pricing test could be shortened.",  # hedged passive
    "There is a clear case for reverting.",  # evaluation
    "According to the data, we should roll back.",  # attributed, but our own voice
]
FACTS = [
    "According to the HC4, the rate should reach 60% at scale.",
    "Selon le HC4, le taux devrait atteindre 60 %.",
    "Laut HC4 sollte die Rate bei 60 % liegen.",
    "根据HC4，行动率应该在60%以上。",
    "Had the rollout continued, the rate would have reached 30%.",  # past counterfactual
    "Stop events doubled after the release.",  # English noun, not a Dutch imperative
    "Users said they should get the push earlier.",  # reported speech
    "Is the drop larger on Android?",
]


@pytest.mark.parametrize("sentence", ADVICE)
def test_advice_by_structure_is_flagged(sentence: str) -> None:
    assert classify(sentence) is not None


@pytest.mark.parametrize("sentence", FACTS)
def test_factual_look_alikes_pass(sentence: str) -> None:
    assert classify(sentence) is None


def test_attribution_excuses_only_reported_text() -> None:
    assert reported("According to the HC4, the rate should be 60%.")
    assert not reported("According to the HC4, we should cut the digest.")
    assert not reported("The rate should be 60%.")
