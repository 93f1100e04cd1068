"""The runtime context of a pass: what nodes need but a checkpoint must not hold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from agents.narrator import Narrator
from pulse.config import PulseConfig
from signals.series import Source

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
