"""Build the configured signal sources. The only place that reads secrets from the environment."""

from __future__ import annotations

import os

from vortex_pulse.contracts.smartspec.observability import ObservabilityConfig
from vortex_pulse.core.config import (
    DatadogSourceConfig,
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
        elif isinstance(sc, DatadogSourceConfig):
            from vortex_pulse.signals.sources.datadog import DatadogSource

            api_key = _env(sc.api_key_env, f"{at}.api_key_env")
            app_key = _env(sc.app_key_env, f"{at}.app_key_env") if sc.app_key_env else None
            out[name] = DatadogSource(
                name,
                api_key=api_key,
                app_key=app_key,
                site=sc.site,
                host=sc.url,
                timeout_s=sc.timeout_s,
                max_retries=sc.max_retries,
            )
    return out


def build_observability_source(obs: ObservabilityConfig, name: str | None = None) -> Source:
    """The source a SmartSpec observability.yaml names; secrets from the environment only."""
    at = str(obs.source_path or "observability.yaml")
    name = name or obs.provider
    if obs.provider == "file":
        from vortex_pulse.signals.sources.files import FileSource

        assert obs.path is not None  # load_observability checks it
        return FileSource(name, obs.path)
    if obs.provider == "bmad":
        from vortex_pulse.signals.sources.bmad import BmadSource

        assert obs.path is not None
        return BmadSource(name, obs.path)
    if obs.provider == "prometheus":
        from vortex_pulse.signals.sources.prometheus import PrometheusSource

        headers = {}
        if obs.bearer_token:
            headers["Authorization"] = f"Bearer {_env(obs.bearer_token, f'{at}: bearer_token')}"
        assert obs.url is not None
        return PrometheusSource(name, obs.url, timeout_s=obs.timeout_s, headers=headers)
    from vortex_pulse.signals.sources.datadog import DatadogSource

    if not obs.api_key:
        raise ConfigError(f"{at}: api_key: required when provider is datadog")
    return DatadogSource(
        name,
        api_key=_env(obs.api_key, f"{at}: api_key"),
        app_key=_env(obs.app_key, f"{at}: app_key") if obs.app_key else None,
        site=obs.site,
        host=obs.url,
        timeout_s=obs.timeout_s,
    )
