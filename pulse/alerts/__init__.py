"""Alerts from monitoring passes: derivation, de-duplicating state, and delivery sinks.

`process_alerts(cfg, result)` is the single entry point `pulse run` and `pulse watch` call.
"""

from vortex_pulse.pulse.alerts.model import Alert
from vortex_pulse.pulse.alerts.process import AlertOutcome, SinkOutcome, process_alerts

__all__ = ["Alert", "AlertOutcome", "SinkOutcome", "process_alerts"]
