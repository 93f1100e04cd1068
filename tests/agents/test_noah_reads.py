"""Step 1's reads as the state holds them (agents/noah/validate.dump_reads): exactly each
read's `model_dump(mode="json")`, in portfolio order, for HC4s, plain descriptions and
service entries alike."""

from __future__ import annotations

from pathlib import Path

from vortex_pulse.agents.noah.validate import HC4Read, dump_reads, read_experiment
from vortex_pulse.core.config import ExperimentConfig

ROOT = Path(__file__).resolve().parents[2]


def test_dumped_reads_are_each_read_s_json_dump() -> None:
    files = sorted((ROOT / "examples" / "portfolio").glob("hc4-*.md"))
    exps = [ExperimentConfig(id=f"e{i}", hc4=p) for i, p in enumerate(files)]
    exps += [
        ExperimentConfig(id="described", description="Checkout conversion: expect 3.8-4.6%"),
        ExperimentConfig(id="service"),
    ]
    reads = {e.id: read_experiment(e) for e in exps}
    dumped = dump_reads(reads)
    assert list(dumped) == [e.id for e in exps]
    assert dumped == {k: r.model_dump(mode="json") for k, r in reads.items()}
    assert {k: HC4Read.model_validate(v) for k, v in dumped.items()} == reads
    assert any(v["baselines"] for v in dumped.values())
