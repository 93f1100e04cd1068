"""The real provider client (langchain-openai) against an OpenAI-compatible server started
on 127.0.0.1: good, lying and broken answers, a 429 then success, a 500 that persists.
The API key comes from the environment and appears nowhere but the Authorization header."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from vortex_pulse.agents.llm.factory import make_chat_model
from vortex_pulse.agents.narrators.llm import LLMNarrator
from vortex_pulse.agents.narrators.template import TemplateNarrator
from vortex_pulse.core.config import LLMConfig

from tests.support.llm_fakes import sample_input, truthful
from tests.support.llm_openai_stub import Stub, serve

pytest.importorskip("langchain_openai")

SECRET = "sk-test-0123456789-do-not-leak"


def good(facts: dict[str, Any]) -> tuple[int, Any]:
    return 200, truthful(facts)


def test_real_client_against_a_local_server(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    inp = sample_input()
    lie = truthful(
        {
            "id": "pricing",
            "name": "Annual pricing page",
            "metrics": [
                {
                    "name": "Conversion",
                    "observed": 2.9,
                    "samples": 5200,
                    "expected": {"low": 4.0, "high": 6.0},
                }
            ],
        }
    )
    script = {
        # one 429, then a good answer
        "portfolio": [
            (429, None),
            (200, {"portfolio_summary": "The portfolio holds 3 experiments."}),
        ],
        # a lie (2.9 is not a fact), then the truth
        "pricing": [(200, lie), (200, "ignored")],
        # broken JSON twice: the template writes every field
        "search": [(200, '{"signal_summary": "Search sugg'), (200, "no json at all")],
    }
    stub = Stub(script, default=good)
    script["pricing"][1] = good(
        {
            "id": "pricing",
            "name": "Annual pricing page",
            "metrics": [
                {
                    "name": "Conversion",
                    "observed": 3.6,
                    "samples": 5200,
                    "expected": {"low": 4.0, "high": 6.0},
                }
            ],
        }
    )
    caplog.set_level(logging.DEBUG)
    with serve(stub):
        cfg = LLMConfig(base_url=stub.url, max_retries=2, timeout_s=10)
        model = make_chat_model(cfg, "openai:stub-model")
        narrator = LLMNarrator(cfg, "openai:stub-model", model=model, backoff_s=0.01)
        out = narrator.narrate(inp)

    meta = out.meta
    assert stub.calls == {"portfolio": 2, "onboarding": 1, "pricing": 2, "search": 2}
    assert out.portfolio_summary == "The portfolio holds 3 experiments."
    assert out.experiments["pricing"].actual_vs_expected.startswith("Conversion is observed at 3.6")
    template = TemplateNarrator().narrate(inp).experiments["search"]
    assert out.experiments["search"].model_dump() == template.model_dump()
    by = [(r.experiment, r.field, r.reason.split(":")[1].strip()) for r in meta.rejections]
    assert ("pricing", "signal_summary", "numbers") in by
    assert ("pricing", "actual_vs_expected", "numbers") in by
    assert sum(1 for e, _, k in by if e == "search" and k == "schema") == 2 * 3
    assert meta.fallbacks == 3
    # 1 portfolio + onboarding 4 + pricing 3 = 8 model-written fields
    assert meta.used_model_text == 8
    # usage comes from the server: 6 answers x (321 prompt, 45 completion); the broken
    # ones too, as JSON mode parses after the answer is read
    assert (meta.tokens.prompt, meta.tokens.completion) == (6 * 321, 6 * 45)
    # a base_url means an OpenAI-compatible server: JSON mode, the one they all accept
    assert all(r["response_format"] == {"type": "json_object"} for r in stub.requests)
    assert all(r.get("max_tokens") == cfg.max_tokens for r in stub.requests)
    # the key went only where it belongs
    assert stub.auth == {f"Bearer {SECRET}"}
    for text in (repr(narrator), repr(cfg), out.model_dump_json(), caplog.text):
        assert SECRET not in text


def test_a_server_that_keeps_failing_leaves_a_valid_narrative(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # a local server needs no key
    stub = Stub({}, default=lambda facts: (500, None))
    inp = sample_input()
    with serve(stub):
        cfg = LLMConfig(base_url=stub.url, max_retries=1, timeout_s=5)
        out = LLMNarrator(cfg, "openai:stub-model", backoff_s=0.01).narrate(inp)
    assert set(stub.calls.values()) == {2}  # every call: one try + one retry, then give up
    assert out.meta.used_model_text == 0 and out.meta.fallbacks == 11
    assert out.model_dump(exclude={"meta"}) == TemplateNarrator().narrate(inp).model_dump(
        exclude={"meta"}
    )
    assert {r.reason for r in out.meta.rejections} == {
        "attempt 1: error: OpenAIAPIError (500), 2 attempt(s)"
    }


def test_a_slow_server_times_out_and_is_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    stub = Stub({}, default=good, delay_s={"pricing": 2.0})
    inp = sample_input()
    with serve(stub):
        cfg = LLMConfig(base_url=stub.url, max_retries=1, timeout_s=0.5)
        out = LLMNarrator(cfg, "openai:stub-model", backoff_s=0.01).narrate(inp)
    assert stub.calls["pricing"] == 2  # the client gave up after 0.5 s, twice
    reasons = {r.reason for r in out.meta.rejections if r.experiment == "pricing"}
    assert reasons == {"attempt 1: error: OpenAITimeoutError, 2 attempt(s)"}
    assert out.meta.fallbacks == 3 and out.meta.used_model_text == 8


def test_json_schema_mode_against_a_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """What hosted OpenAI gets by default: a JSON schema; broken JSON raises in the client."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    script = {"search": [(200, "not json"), (200, "still not json")]}
    stub = Stub(script, default=good)
    inp = sample_input()
    with serve(stub):
        cfg = LLMConfig(base_url=stub.url, structured_output="json_schema", max_retries=0)
        out = LLMNarrator(cfg, "openai:stub-model", backoff_s=0.01).narrate(inp)
    formats = {r["response_format"]["type"] for r in stub.requests}
    assert formats == {"json_schema"}
    names = {r["response_format"]["json_schema"]["name"] for r in stub.requests}
    assert names == {"ExperimentProse", "ExperimentProseWithDiscovery", "PortfolioProse"}
    assert out.meta.fallbacks == 3 and out.meta.used_model_text == 8
    assert all(r.experiment == "search" and "schema" in r.reason for r in out.meta.rejections)
