"""Model-proposed baselines for HC4 metrics the reader found no numbers for (model runs only).

Proposals are marked `source="llm"` by the extractor and counted in `llm_baselines`, which
lowers the experiment's confidence in scoring.
"""

from __future__ import annotations

from vortex_pulse.core.config import PulseConfig
from vortex_pulse.signals.facts import ExperimentSpec


def add_model_baselines(
    cfg: PulseConfig, model: str, specs: list[ExperimentSpec]
) -> list[ExperimentSpec]:
    from vortex_pulse.agents.llm.extract import propose_baselines

    paths = {e.id: e.hc4 for e in cfg.portfolio}
    out: list[ExperimentSpec] = []
    for spec in specs:
        path = paths.get(spec.id)
        missing = [m.name for m in spec.metrics if m.baseline is None or not m.baseline.numeric]
        if path is None or not missing:
            out.append(spec)
            continue
        proposed = {
            b.metric: b
            for b in propose_baselines(
                cfg.llm, model, path.read_text(encoding="utf-8", errors="replace"), missing
            )
        }
        metrics = [
            m.model_copy(update={"baseline": proposed[m.name]}) if m.name in proposed else m
            for m in spec.metrics
        ]
        used = sum(m.name in proposed for m in spec.metrics)
        out.append(spec.model_copy(update={"metrics": metrics, "llm_baselines": used}))
    return out
