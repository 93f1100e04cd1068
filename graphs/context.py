"""The runtime context of a pass: what nodes need but a checkpoint must not hold.

One class, one constructor. `Context.build(cfg, ...)` is how every in-process caller makes
one (the CLI, the chat, the Python API, tests). A LangGraph server can only give JSON, so
the context's *fields* are plain settings (`config_path`, `model`) — what `langgraph dev`
shows as the context form and coerces a `context` dict into — while the loaded config, the
sources, the narrator and the progress callback are private attributes that `resolve`
builds from those settings (or from the run's input) the first time a node asks.
docs/decisions/1101-served-context.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr
from vortex_pulse.agents.narrators.base import Narrator
from vortex_pulse.core.config import PulseConfig
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.core.paths import ARTIFACTS
from vortex_pulse.signals.series import Source

ProgressFn = Callable[[str, int, int], None]  # (step label, done, total)

# The one list of steps: graph node name -> progress label, in the order a pass runs them.
# The first five are Noah's production-monitoring steps (graphs/graph.py wires them in
# this order; the chat's MO workflow pauses after each).
STEPS: dict[str, str] = {
    "validate_inputs": "validate inputs",
    "assemble": "assemble portfolio",
    "monitor": "monitor signals",
    "prioritize": "prioritize",
    "synthesize": "synthesize HC5",
    "compass": "route",
    "publish": "publish reports",
}
NOAH_STEPS: tuple[str, ...] = tuple(STEPS)[:5]


# A pass's shared views (graphs/state.py): kind -> (the JSON value, its view). One entry per
# kind, replaced when the kind's value is another object: a context that outlives its pass
# (a chat session, a served graph) keeps the latest pass's views, never a history.
Memo = dict[str, tuple[Any, Any]]


class Context(BaseModel):
    """Settings a caller (or a LangGraph server) gives; the heavy parts are attached."""

    model_config = ConfigDict(extra="ignore")

    config_path: str | None = None  # the config to load when none is attached
    model: str | None = None  # narrator spec; None: the run's input, then llm.model

    _cfg: PulseConfig | None = PrivateAttr(default=None)
    _sources: dict[str, Source] = PrivateAttr(default_factory=dict)
    _narrator: Narrator | None = PrivateAttr(default=None)
    _progress: ProgressFn | None = PrivateAttr(default=None)
    # typed views of the state's values, for this pass only (graphs/state.py: _view)
    _memo: Memo = PrivateAttr(default_factory=dict)

    @classmethod
    def build(
        cls,
        cfg: PulseConfig,
        *,
        model: str | None = None,
        sources: Mapping[str, Source] | None = None,
        narrator: Narrator | None = None,
        progress: ProgressFn | None = None,
    ) -> Context:
        """The one constructor: sources from the config unless given, the narrator for
        `model` (else llm.model) unless given."""
        from vortex_pulse.agents.narrators.select import select_narrator
        from vortex_pulse.signals.sources.build import build_sources

        ctx = cls(config_path=str(cfg.path) if cfg.path else None, model=model)
        ctx._cfg = cfg
        ctx._sources = dict(sources) if sources is not None else build_sources(cfg)
        ctx._narrator = narrator or select_narrator(cfg.llm, model)
        ctx._progress = progress
        return ctx

    @property
    def ready(self) -> bool:
        return self._cfg is not None

    @property
    def cfg(self) -> PulseConfig:
        if self._cfg is None:
            raise ConfigError("context: no config attached (use Context.build or resolve)")
        return self._cfg

    @property
    def sources(self) -> dict[str, Source]:
        return self._sources

    @property
    def narrator(self) -> Narrator:
        if self._narrator is None:
            raise ConfigError("context: no narrator attached (use Context.build or resolve)")
        return self._narrator

    @property
    def output_folder(self) -> Path:
        return self.cfg.output_folder

    @property
    def reports_folder(self) -> Path:
        return self.cfg.reports_folder

    @property
    def artifacts_dir(self) -> Path:
        return self.output_folder / ARTIFACTS

    @property
    def memo(self) -> Memo:
        return self._memo

    def step(self, node: str) -> None:
        """Report that the step run by graph node `node` is starting."""
        if self._progress is not None:
            self._progress(STEPS[node], list(STEPS).index(node), len(STEPS))

    def with_config(self, cfg: PulseConfig) -> Context:
        """The same sources, narrator and progress over another config (the chat's
        adjusted portfolio)."""
        ctx = self.model_copy()
        ctx._cfg = cfg
        ctx._memo = {}  # a new portfolio: nothing of the earlier views applies
        return ctx


def context_of(runtime_context: Context | None, state: Mapping[str, Any]) -> Context:
    """The caller's context, or — when a LangGraph server gave none, or only settings — one
    built from the settings, else from the input's `config_path` (and `model`)."""
    if isinstance(runtime_context, Context) and runtime_context.ready:
        return runtime_context
    given = runtime_context if isinstance(runtime_context, Context) else Context()
    path = given.config_path or state.get("config_path")
    if not path:
        raise ConfigError("config_path: required in the input or the context")
    return _from_config(str(path), given.model or state.get("model"))


@lru_cache(maxsize=8)
def _from_config(path: str, model: str | None) -> Context:
    from vortex_pulse.core.config_bmad import load_any

    return Context.build(load_any(Path(path)), model=model)
