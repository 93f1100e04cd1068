"""`pulse dashboards --spec-id ID [-o FILE]`: a Grafana dashboard for a spec's SLOs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from vortex_pulse.core.errors import ConfigError
from vortex_pulse.pulse.commands.terminal import emit
from vortex_pulse.pulse.dashboards import dashboard
from vortex_pulse.pulse.smartspec.monitor import load_monitored


def main(spec_id: str, *, project: Path, observability: Path | None, output: Path | None) -> int:
    m = load_monitored(project, spec_id, observability)
    if m.obs.provider == "bmad":
        raise ConfigError(f"{m.obs_path}: provider: bmad has no Grafana datasource")
    # a file provider's queries are metric names: drawn from the Prometheus they came from
    provider = "datadog" if m.obs.provider == "datadog" else "prometheus"
    doc = dashboard(m.spec.spec_id, m.service, provider, m.slos)
    for f in m.unmapped:
        print(f"pulse dashboards: skipped {f.nfr} ({f.requirement}): {f.reason}", file=sys.stderr)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    emit(text, output)
    return 0
