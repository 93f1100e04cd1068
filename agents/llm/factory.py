"""Chat models from a spec ("provider:model") through LangChain's `init_chat_model`.

Keys come from the provider's own environment variable (OPENAI_API_KEY, ANTHROPIC_API_KEY,
...), read by the provider client; they are never passed through config, so they cannot
reach a log, report, checkpoint or `repr`. Client-side retries are switched off: the
narrator owns one retry policy for every provider (agents/llm/retry.py), so retries never
multiply and fakes in tests follow the same path.
"""

from __future__ import annotations

import os
from typing import Any

from langchain.chat_models import init_chat_model
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable
from pydantic import BaseModel
from vortex_pulse.core.config import LLMConfig
from vortex_pulse.core.errors import ConfigError

OFFLINE = "offline"

# provider -> the vortex-pulse extra that installs its LangChain package
_EXTRAS = {
    "openai": "openai",
    "anthropic": "anthropic",
    "ollama": "ollama",
}
_KEY_ENV = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}


def split_spec(spec: str) -> tuple[str, str]:
    """'openai:gpt-4o-mini' -> ('openai', 'gpt-4o-mini'); a clear ConfigError otherwise."""
    provider, sep, model = spec.partition(":")
    if not sep or not provider.strip() or not model.strip():
        raise ConfigError(
            f"llm.model: expected 'offline' or a LangChain spec 'provider:model'"
            f" (e.g. openai:gpt-4o-mini), got {spec!r}"
        )
    return provider.strip().lower(), model.strip()


def _openai_base_url(cfg: LLMConfig) -> str | None:
    """Where an `openai:` spec is served: llm.base_url, else OPENAI_BASE_URL (None: OpenAI)."""
    return cfg.base_url or os.environ.get("OPENAI_BASE_URL")


def _provider_kwargs(provider: str, cfg: LLMConfig) -> dict[str, Any]:
    if provider == "openai":
        base_url = _openai_base_url(cfg)
        kw: dict[str, Any] = {
            "max_tokens": cfg.max_tokens,
            "timeout": cfg.timeout_s,
            "max_retries": 0,
        }
        if base_url:
            kw["base_url"] = base_url
            # Local servers (llama.cpp, Ollama) read `max_tokens`, not the newer
            # `max_completion_tokens` the client sends; without it a call can run to the
            # full context and time out.
            kw["extra_body"] = {"max_tokens": cfg.max_tokens}
            if not os.environ.get("OPENAI_API_KEY"):
                # Local servers ignore the key but the client insists on one; not a secret.
                kw["api_key"] = "not-needed"
        return kw
    if provider == "anthropic":
        return {"max_tokens": cfg.max_tokens, "timeout": cfg.timeout_s, "max_retries": 0}
    if provider == "ollama":
        kw = {"num_predict": cfg.max_tokens, "client_kwargs": {"timeout": cfg.timeout_s}}
        if cfg.base_url:
            kw["base_url"] = cfg.base_url
        return kw
    # Other LangChain providers: the common arguments most of them accept.
    return {"max_tokens": cfg.max_tokens, "timeout": cfg.timeout_s}


def make_chat_model(llm_cfg: LLMConfig, spec: str) -> BaseChatModel:
    """A LangChain chat model for `spec`. Raises ConfigError (one line) when it cannot."""
    if spec == OFFLINE:
        raise ConfigError("llm.model: 'offline' is the template narrator, not a chat model")
    provider, model = split_spec(spec)
    key = _KEY_ENV.get(provider)
    local = provider == "openai" and _openai_base_url(llm_cfg)
    if key and not local and not os.environ.get(key):
        # Some clients only fail at the first call; a missing key is a setup mistake.
        raise ConfigError(
            f"llm.model: {spec!r} needs {key} in the environment"
            + (
                " (or llm.base_url for a local OpenAI-compatible server)"
                if provider == "openai"
                else ""
            )
        )
    kwargs = _provider_kwargs(provider, llm_cfg)
    try:
        return init_chat_model(
            model, model_provider=provider, temperature=llm_cfg.temperature, **kwargs
        )
    except ImportError:
        extra = _EXTRAS.get(provider)
        hint = (
            f"pip install 'vortex-pulse[{extra}]'"
            if extra
            else f"install LangChain's package for {provider!r}"
        )
        raise ConfigError(f"llm.model: provider {provider!r} is not installed ({hint})") from None
    except ValueError as exc:
        # unknown provider; the message names the provider, never a key
        raise ConfigError(f"llm.model: {spec!r}: {str(exc).splitlines()[0]}") from None
    except Exception as exc:  # provider clients validate other settings at construction
        raise ConfigError(
            f"llm.model: cannot create {spec!r} ({type(exc).__name__}); check llm.base_url"
            " and the provider's settings"
        ) from None


def structured_method(llm_cfg: LLMConfig, spec: str) -> str | None:
    """How to ask `spec` for structured output; None keeps the provider's default.

    OpenAI-compatible servers differ (llama-cpp-python's server rejects `json_schema`
    response formats, some lack tool calling) but all accept JSON mode, so `auto` uses it
    whenever a base_url points elsewhere than OpenAI. The prompts name every field, which
    JSON mode relies on."""
    if llm_cfg.structured_output != "auto":
        return llm_cfg.structured_output
    provider = spec.partition(":")[0].strip().lower()
    if provider == "openai" and _openai_base_url(llm_cfg):
        return "json_mode"
    return None


def structured(
    chat: BaseChatModel, schema: type[BaseModel], llm_cfg: LLMConfig, spec: str
) -> Runnable[Any, Any]:
    """`chat` answering as `schema`, with the raw message (usage) and any parse error."""
    method = structured_method(llm_cfg, spec)
    kwargs: dict[str, Any] = {"method": method} if method else {}
    return chat.with_structured_output(schema, include_raw=True, **kwargs)
