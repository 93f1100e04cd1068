"""The runtime context of a pass: what nodes need but a checkpoint must not hold."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from vortex_pulse.agents.narrators.base import Narrator
from vortex_pulse.core.config import PulseConfig
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.signals.series import Source

ProgressFn = Callable[[str, int, int], None]  # (step label, done, total)

STEPS: tuple[str, ...] = (
    "validate inputs",
    "assemble portfolio",
    "monitor signals",
    "prioritize",
    "synthesize HC5",
    "route",
    "publish reports",
)


@dataclass
class Context:
    cfg: PulseConfig
    sources: dict[str, Source]
    narrator: Narrator
    output_folder: Path  # cfg.output_folder unless --output-dir overrides it
    reports_folder: Path
    progress: ProgressFn | None = field(default=None, repr=False)

    def step(self, label: str) -> None:
        """Report that the step `label` is starting."""
        if self.progress is not None:
            self.progress(label, STEPS.index(label), len(STEPS))

    @property
    def artifacts_dir(self) -> Path:
        return self.output_folder / "vortex-artifacts"


def context_of(runtime_context: Context | None, state: Mapping[str, Any]) -> Context:
    """The caller's context, or — when the graph is served by a LangGraph server, which
    passes none — one built from the input's `config_path` (and `model`)."""
    if runtime_context is not None:
        return runtime_context
    path = state.get("config_path")
    if not path:
        raise ConfigError("config_path: required in the input when no context is given")
    return _from_config(str(path), state.get("model"))


@lru_cache(maxsize=8)
def _from_config(path: str, model: str | None) -> Context:
    from vortex_pulse.agents.narrators.select import select_narrator
    from vortex_pulse.core.config import load_config
    from vortex_pulse.signals.sources.build import build_sources

    cfg = load_config(path)
    return Context(
        cfg=cfg,
        sources=build_sources(cfg),
        narrator=select_narrator(cfg.llm, model),
        output_folder=cfg.output_folder,
        reports_folder=cfg.reports_folder,
    )
