"""`pulse rules --spec-id ID`: burn-rate and threshold rules for a SmartSpec spec's SLOs."""

from __future__ import annotations

import sys
from pathlib import Path

from vortex_pulse.core.errors import ConfigError
from vortex_pulse.pulse.commands.terminal import emit
from vortex_pulse.pulse.rules import to_yaml
from vortex_pulse.pulse.slo_rules import slo_rule_groups
from vortex_pulse.pulse.smartspec.monitor import load_monitored


def main(spec_id: str, *, project: Path, observability: Path | None, output: Path | None) -> int:
    m = load_monitored(project, spec_id, observability)
    if m.obs.provider in ("datadog", "bmad"):
        raise ConfigError(
            f"{m.obs_path}: provider: {m.obs.provider} queries are not PromQL"
            " (rules need prometheus)"
        )
    for f in m.unmapped:
        print(f"pulse rules: skipped {f.nfr} ({f.requirement}): {f.reason}", file=sys.stderr)
    text = to_yaml(slo_rule_groups(m.spec.spec_id, m.service, m.slos))
    emit(text, output)
    return 0
