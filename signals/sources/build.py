"""Build the configured signal sources. The only place that reads secrets from the environment."""

from __future__ import annotations

import os

from vortex_pulse.core.config import (
    FileSourceConfig,
    PrometheusSourceConfig,
    PulseConfig,
    parse_duration,
)
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.signals.series import Source


def _env(var: str, where: str) -> str:
    value = os.environ.get(var)
    if value is None:
        raise ConfigError(f"{where}: environment variable {var} is not set")
    return value


def build_sources(cfg: PulseConfig) -> dict[str, Source]:
    from vortex_pulse.signals.sources.files import FileSource

    out: dict[str, Source] = {}
    file = f"{cfg.path}: " if cfg.path else ""  # errors name the config file, as load_config's do
    for name, sc in cfg.all_sources().items():
        at = f"{file}sources.{name}"
        if isinstance(sc, FileSourceConfig):
            out[name] = FileSource(name, sc.path)
        elif isinstance(sc, PrometheusSourceConfig):
            from vortex_pulse.signals.sources.prometheus import PrometheusSource

            headers = {h: _env(v, f"{at}.headers.{h}") for h, v in sc.headers.items()}
            if sc.bearer_token_env:
                token = _env(sc.bearer_token_env, f"{at}.bearer_token_env")
                headers["Authorization"] = f"Bearer {token}"
            step = parse_duration(sc.step).total_seconds() if sc.step else None  # validated
            out[name] = PrometheusSource(
                name,
                sc.url,
                timeout_s=sc.timeout_s,
                headers=headers,
                verify_tls=sc.verify_tls,
                max_concurrency=sc.max_concurrency,
                max_retries=sc.max_retries,
                step=step,
            )
    return out
