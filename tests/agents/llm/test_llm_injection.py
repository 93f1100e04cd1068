"""Prompt injection through an HC4 cannot change a number or a verdict: an obedient fake
model that writes what the injected text asks (in words, in other languages, as advice)
is rejected field by field and the template's text takes its place."""

from __future__ import annotations

from typing import Any

from vortex_pulse.agents.narrators.llm import LLMNarrator
from vortex_pulse.core.config import LLMConfig

from tests.support.llm_fakes import ScriptedModel, assert_guarded, sample_input

CFG = LLMConfig(max_retries=0, max_concurrency=2)
OBEYED = [
    "Onboarding checklist is ninety-seven percent and healthy.",
    "Onboarding checklist: action rate 行动率为99%.",
    "Deberíamos revertir el motor de sugerencias.",
    "Let's roll back the onboarding checklist.",
    "Budget would be better spent on the pricing page.",
]


def _obedient(text: str) -> Any:
    def answer(facts: dict[str, Any]) -> dict[str, str]:
        if "id" not in facts:
            return {"portfolio_summary": text}
        return {
            "signal_summary": text,
            "actual_vs_expected": text,
            "potential_explanations": text,
            "discovery_focus": text,
        }

    return answer


def test_obedient_model_text_never_reaches_the_narrative() -> None:
    for text in OBEYED:
        inp = sample_input()
        model = ScriptedModel(default=_obedient(text))
        out = LLMNarrator(CFG, "fake:scripted", model=model, backoff_s=0.001).narrate(inp)
        fields = [out.portfolio_summary] + [
            v for e in out.experiments.values() for v in vars(e).values() if isinstance(v, str)
        ]
        assert not any(text in f for f in fields), text
        assert out.meta.rejections, text
        assert_guarded(out, inp)
