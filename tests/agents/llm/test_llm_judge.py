"""The optional model judge of strategy: it adds rejections the rules miss, its verdict is
checked (malformed or out-of-range answers are ignored), it never lifts a rule's
rejection, and a failing judge leaves the rules alone in charge."""

from __future__ import annotations

import time
from typing import Any

from langchain_core.runnables import RunnableLambda
from vortex_pulse.agents.llm.judge import StrategyJudge, StrategyVerdict, checked_verdict
from vortex_pulse.agents.narrators.llm import LLMNarrator
from vortex_pulse.core.config import LLMConfig

from tests.support.llm_fakes import ScriptedModel, assert_guarded, sample_input

# Idiomatic advice no grammatical rule recognises (docs/guards.md: what the rules miss).
PARAPHRASE = "The digest has had its day."


def _judge(answer: Any) -> StrategyJudge:
    def invoke(messages: Any) -> Any:
        if isinstance(answer, BaseException):
            raise answer
        if callable(answer):
            return answer(messages)
        return {"parsed": answer, "raw": None, "parsing_error": None}

    return StrategyJudge(RunnableLambda(invoke), deadline_s=2.0)


def _flag_paraphrase(messages: Any) -> dict[str, Any]:
    text = str(messages[0].content)
    lines = [ln for ln in text.splitlines() if ln[:1].isdigit() and ". " in ln]
    hits = [int(ln.split(".", 1)[0]) for ln in lines if "has had its day" in ln]
    return {"parsed": StrategyVerdict(strategic=hits)}


def test_judge_flags_a_paraphrase_the_rules_miss() -> None:
    got = _judge(_flag_paraphrase).flag({"a": f"Rate is 41.5. {PARAPHRASE}", "b": "Fine."})
    assert got == {"a": [PARAPHRASE]}


def test_untrustworthy_verdicts_are_ignored() -> None:
    texts = {"a": "One. Two."}
    assert _judge(StrategyVerdict(strategic=[3])).flag(texts) == {}  # never shown
    assert _judge(StrategyVerdict(strategic=[0])).flag(texts) == {}
    assert _judge(StrategyVerdict(strategic=[1, 1])).flag(texts) == {}
    assert _judge({"strategic": [1]}).flag(texts) == {}  # not the schema
    assert _judge(RuntimeError("down")).flag(texts) == {}
    assert checked_verdict({"parsed": StrategyVerdict(strategic=[2])}, 2) == {1}


def test_a_hung_judge_is_cut_at_its_deadline() -> None:
    t0 = time.monotonic()
    assert _judge(lambda m: time.sleep(30)).flag({"a": "One."}) == {}
    assert time.monotonic() - t0 < 5


def _narrate(model_text: str, judge: StrategyJudge | None) -> Any:
    def answer(facts: dict[str, Any]) -> dict[str, str]:
        if "id" not in facts:
            return {"portfolio_summary": model_text}
        return {
            "signal_summary": model_text,
            "actual_vs_expected": model_text,
            "potential_explanations": model_text,
            "discovery_focus": model_text,
        }

    inp = sample_input()
    cfg = LLMConfig(max_retries=0, max_concurrency=2)
    narrator = LLMNarrator(
        cfg, "fake:scripted", model=ScriptedModel(default=answer), backoff_s=0.001, judge=judge
    )
    return narrator.narrate(inp), inp


def test_the_narrator_rejects_what_the_judge_flags() -> None:
    out, inp = _narrate(PARAPHRASE, None)
    assert out.portfolio_summary == PARAPHRASE  # the rules alone let it through
    out, inp = _narrate(PARAPHRASE, _judge(_flag_paraphrase))
    assert out.portfolio_summary != PARAPHRASE
    assert any("model judge" in r.reason for r in out.meta.rejections)
    assert_guarded(out, inp)


def test_a_judge_saying_nothing_cannot_lift_a_rule_rejection() -> None:
    out, _ = _narrate("Let's roll back the checklist.", _judge(StrategyVerdict(strategic=[])))
    assert "roll back" not in out.portfolio_summary
