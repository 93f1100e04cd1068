"""`pulse rules [CONFIG] [-o FILE]`: Prometheus alerting rules from the portfolio baselines."""

from __future__ import annotations

import sys
from pathlib import Path

from vortex_pulse.agents.noah.assemble import build_spec
from vortex_pulse.agents.noah.validate import read_experiment
from vortex_pulse.core.config_bmad import load_any
from vortex_pulse.pulse.commands.terminal import emit
from vortex_pulse.pulse.rules import rule_groups, to_yaml


def main(config: Path, *, output: Path | None) -> int:
    cfg = load_any(Path(config))
    specs = [build_spec(exp, read_experiment(exp)) for exp in cfg.portfolio]
    doc, skipped = rule_groups(specs)
    for line in skipped:
        print(f"pulse rules: skipped {line}", file=sys.stderr)
    text = to_yaml(doc)
    emit(text, output)
    return 0
