"""`pulse watch [CONFIG] --interval 300 --port 9108`: the monitoring daemon."""

from __future__ import annotations

import logging
import math
import sys
from pathlib import Path

from vortex_pulse.core.config_bmad import load_any
from vortex_pulse.core.errors import InputError
from vortex_pulse.core.redact import install_log_filter
from vortex_pulse.pulse.alerts.sinks import build_sinks
from vortex_pulse.pulse.daemon import DEFAULT_GRACE_S, Daemon
from vortex_pulse.signals.sources.build import build_sources


def main(
    config: Path,
    *,
    interval: float,
    port: int,
    host: str,
    max_passes: int | None,
    grace: float = DEFAULT_GRACE_S,
) -> int:
    if not math.isfinite(interval) or interval <= 0:
        raise InputError(f"--interval: expected a positive number of seconds, got {interval:g}")
    if not 0 <= port <= 65535:
        raise InputError(f"--port: expected 0-65535, got {port}")
    if not math.isfinite(grace) or grace <= 0 or grace > 3600:
        raise InputError(f"--grace: expected seconds between 0 and 3600, got {grace:g}")
    if max_passes is not None and max_passes < 1:
        raise InputError(f"--max-passes: expected 1 or more, got {max_passes}")
    cfg = load_any(Path(config))
    build_sinks(cfg.alerting, where=f"{config}: alerting")  # a broken sink fails now, not later
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_log_filter()  # no log line carries a secret (a driver's message, an echo)
    try:
        daemon = Daemon(
            cfg, build_sources(cfg), interval=interval, host=host, port=port,
            max_passes=max_passes, grace=grace,
        )  # fmt: skip
    except OSError as exc:
        raise InputError(f"--port {port} on {host}: {exc.strerror or exc}") from None
    daemon.serve()
    logging.getLogger("vortex_pulse.pulse.watch").info(
        "serving http://%s:%d/metrics and /health; a pass every %gs", host, daemon.port, interval
    )
    try:
        return daemon.run()
    finally:
        daemon.close()
