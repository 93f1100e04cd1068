"""Chat-model factory: specs, provider extras, base_url, keys only from the environment."""

from __future__ import annotations

import time

import pytest
from vortex_pulse.agents.llm.factory import make_chat_model, split_spec
from vortex_pulse.agents.llm.retry import call_with_retry, describe, is_transient
from vortex_pulse.core.config import LLMConfig
from vortex_pulse.core.errors import ConfigError

SECRET = "sk-factory-secret-42"


@pytest.mark.parametrize("spec", ["offline", "gpt-4o", ":gpt-4o", "openai:", "openai: "])
def test_bad_specs_are_one_line_config_errors(spec: str) -> None:
    with pytest.raises(ConfigError) as err:
        make_chat_model(LLMConfig(), spec)
    msg = str(err.value)
    assert msg.startswith("llm.model:") and "\n" not in msg


def test_split_spec() -> None:
    assert split_spec("OpenAI:gpt-4o-mini") == ("openai", "gpt-4o-mini")
    assert split_spec("ollama:llama3.2:3b") == ("ollama", "llama3.2:3b")  # tags keep colons


def test_unknown_provider() -> None:
    with pytest.raises(ConfigError, match="'nope:model'"):
        make_chat_model(LLMConfig(), "nope:model")


def test_missing_extra_names_the_pip_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_anthropic(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("langchain_anthropic"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_anthropic)
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    with pytest.raises(ConfigError, match=r"vortex-pulse\[anthropic\]"):
        make_chat_model(LLMConfig(), "anthropic:claude-sonnet")


def test_missing_key_is_a_config_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("langchain_openai")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        make_chat_model(LLMConfig(), "openai:gpt-4o-mini")


def test_openai_settings_and_no_key_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("langchain_openai")
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    cfg = LLMConfig(timeout_s=7.5, max_tokens=321, temperature=0.2)
    model = make_chat_model(cfg, "openai:gpt-4o-mini")
    assert model.model_name == "gpt-4o-mini"  # type: ignore[attr-defined]
    assert model.request_timeout == 7.5  # type: ignore[attr-defined]
    assert model.max_retries == 0  # type: ignore[attr-defined]  # ours, not the client's
    assert model.openai_api_base == "http://127.0.0.1:9/v1"  # type: ignore[attr-defined]
    assert model.extra_body == {"max_tokens": 321}  # type: ignore[attr-defined]
    assert SECRET not in repr(model) and SECRET not in str(model.model_dump())


def test_local_server_needs_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("langchain_openai")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    model = make_chat_model(LLMConfig(base_url="http://127.0.0.1:9/v1"), "openai:llama")
    assert model.openai_api_base == "http://127.0.0.1:9/v1"  # type: ignore[attr-defined]


class Status(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(f"status {code}")
        self.status_code = code


class APITimeoutError(Exception):  # named like the openai SDK's, unrelated base class
    pass


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (Status(429), True),
        (Status(503), True),
        (Status(408), True),
        (Status(400), False),
        (Status(401), False),
        (TimeoutError(), True),
        (ConnectionResetError(), True),
        (APITimeoutError(), True),
        (ValueError("bad"), False),
    ],
)
def test_transient_errors(exc: Exception, transient: bool) -> None:
    assert is_transient(exc) is transient


def test_retry_gives_up_after_max_retries_and_describes_without_message() -> None:
    calls = 0

    def always_429() -> None:
        nonlocal calls
        calls += 1
        raise Status(429)

    with pytest.raises(Status) as err:
        call_with_retry(always_429, max_retries=3, backoff_s=0.001)
    assert calls == 4
    assert describe(err.value) == "Status (429)"


def test_retry_returns_the_first_success() -> None:
    answers = iter([TimeoutError(), Status(502), "ok"])

    def flaky() -> str:
        a = next(answers)
        if isinstance(a, Exception):
            raise a
        return a

    assert call_with_retry(flaky, max_retries=2, backoff_s=0.001) == "ok"


def test_anthropic_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("langchain_anthropic")
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    model = make_chat_model(LLMConfig(timeout_s=9, max_tokens=123), "anthropic:claude-sonnet-4-5")
    assert (model.max_tokens, model.max_retries) == (123, 0)  # type: ignore[attr-defined]
    assert model.default_request_timeout == 9  # type: ignore[attr-defined]
    assert SECRET not in repr(model)


def test_ollama_settings() -> None:
    pytest.importorskip("langchain_ollama")
    cfg = LLMConfig(base_url="http://127.0.0.1:9", timeout_s=9, max_tokens=123)
    model = make_chat_model(cfg, "ollama:llama3.2")
    assert model.num_predict == 123  # type: ignore[attr-defined]
    assert model.base_url == "http://127.0.0.1:9"  # type: ignore[attr-defined]
    assert model.client_kwargs == {"timeout": 9}  # type: ignore[attr-defined]


def test_missing_anthropic_key_is_caught_before_any_call(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("langchain_anthropic")
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="needs ANTHROPIC_API_KEY in the environment"):
        make_chat_model(LLMConfig(), "anthropic:claude-sonnet-4-5")


def test_retry_after_is_honoured() -> None:
    class Response:
        status_code = 429
        headers = {"retry-after": "0.3"}

    class Limited(Exception):
        response = Response()

    answers = iter([Limited(), "ok"])

    def once() -> str:
        a = next(answers)
        if isinstance(a, Exception):
            raise a
        return a

    t0 = time.perf_counter()
    assert call_with_retry(once, max_retries=1, backoff_s=0.001) == "ok"
    assert time.perf_counter() - t0 >= 0.3  # the server's wait, not the 1 ms backoff
