"""Choosing the narrator: the offline template narrator, or a model through the LLM seam."""

from __future__ import annotations

from vortex_pulse.agents.narrators.base import Narrator
from vortex_pulse.agents.narrators.template import TemplateNarrator
from vortex_pulse.core.config import LLMConfig


def select_narrator(llm_cfg: LLMConfig, model_override: str | None = None) -> Narrator:
    spec = model_override or llm_cfg.model
    if spec == "offline":
        return TemplateNarrator()
    # Imported lazily: the model stack is only needed when a model is configured.
    from vortex_pulse.agents.narrators.llm import LLMNarrator

    narrator: Narrator = LLMNarrator(llm_cfg, spec)
    return narrator
