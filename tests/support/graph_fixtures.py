"""Fixtures for graph tests: the example portfolio with every output redirected to tmp_path."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from langgraph.runtime import Runtime
from vortex_pulse.agents.narrators.template import TemplateNarrator
from vortex_pulse.core.config import PulseConfig, load_config
from vortex_pulse.graphs.context import Context
from vortex_pulse.signals.series import LoadResult, SeriesRequest, Source, Window
from vortex_pulse.signals.sources.files import FileSource

REPO = Path(__file__).resolve().parents[2]
DATE = "2026-11-19"


class CountingSource:
    """Wraps a real source and counts how often the graph queries it."""

    def __init__(self, inner: Source) -> None:
        self.inner = inner
        self.name = inner.name
        self.loads = 0

    def load(self, requests: Sequence[SeriesRequest], window: Window) -> LoadResult:
        self.loads += 1
        return self.inner.load(requests, window)

    def latest(self, requests: Sequence[SeriesRequest]) -> datetime | None:
        return self.inner.latest(requests)


def redirect(cfg: PulseConfig, tmp: Path) -> PulseConfig:
    cfg.output_folder = tmp / "out"
    cfg.reports_folder = tmp / "reports"
    cfg.state_dir = tmp / ".pulse"
    cfg.checkpoint.path = tmp / ".pulse" / "checkpoints.sqlite"
    return cfg


@pytest.fixture
def example_cfg(tmp_path: Path) -> PulseConfig:
    return redirect(load_config(REPO / "config.yaml"), tmp_path)


@pytest.fixture
def counting(example_cfg: PulseConfig) -> CountingSource:
    assert example_cfg.signals is not None
    return CountingSource(FileSource("default", example_cfg.signals))


@pytest.fixture
def runtime(example_cfg: PulseConfig, counting: CountingSource) -> Runtime[Context]:
    ctx = Context.build(example_cfg, sources={"default": counting}, narrator=TemplateNarrator())
    return Runtime(context=ctx)


def start_state() -> dict[str, Any]:
    return {"config_path": "config.yaml", "date": DATE, "model": "offline", "until": None,
            "pass_no": 1}  # fmt: skip
