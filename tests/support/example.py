"""The example portfolio's config, rewritten so every output lands in a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]


def example_config(tmp: Path, **overrides: Any) -> Path:
    """A copy of the root config.yaml in `tmp`: inputs point at the repo, outputs at `tmp`."""
    raw = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    raw["signals"] = str(REPO / raw["signals"])
    for exp in raw["portfolio"]:
        if "hc4" in exp:
            exp["hc4"] = str(REPO / exp["hc4"])
    raw["output_folder"] = "out"
    raw["reports_folder"] = "reports"
    raw["checkpoint"] = {"backend": "sqlite", "path": ".pulse/checkpoints.sqlite"}
    raw.update(overrides)
    path = tmp / "config.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path
