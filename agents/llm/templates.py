"""The LLM prompts: Jinja2 templates prompts/llm_*.j2 (package data)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment
from vortex_pulse.core.templates import environment


@cache
def _env() -> Environment:
    # Plain-text prompts, not HTML: untrusted text is delimited by the caller (to_json, tags).
    return environment("text")


def render(template: str, /, **values: Any) -> str:
    return _env().get_template(template).render(**values).strip()
