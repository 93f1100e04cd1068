"""observability.yaml: which platform holds a spec's metrics and how to query each one.

Upstream's shape is `provider`, `api_key: "{{env.DATADOG_API_KEY}}"`, `metrics: [{name,
query}]`; vortex-pulse adds a `file` provider (CSV/Parquet, for offline runs), the platform's
address, SLO settings and the incident-response hook (docs/smartspec.md). Secrets are only
ever *names* of environment variables (`{{env.NAME}}` or `env:NAME`): a literal key in the
file is refused without repeating it, and no value is read here.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from vortex_pulse.core import yamlsafe
from vortex_pulse.core.config import AlertingConfig, StrictModel, parse_duration, validation_line
from vortex_pulse.core.errors import ConfigError

_ENV_REF = re.compile(
    r"^\s*(?:\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}|env:([A-Za-z_][A-Za-z0-9_]*))\s*$"
)
# Where `pulse smartspec` looks when --observability is not given (first hit wins).
SEARCH = ("{spec_folder}/observability.yaml", ".spec/observability.yaml", "observability.yaml")


def env_ref(value: str) -> str | None:
    """`{{env.NAME}}` or `env:NAME` -> NAME; anything else -> None."""
    m = _ENV_REF.match(value)
    return (m.group(1) or m.group(2)) if m else None


def _duration(v: str | None) -> str | None:
    if v is not None:
        parse_duration(v)  # raises ValueError with a readable message
    return v


class MetricQuery(StrictModel):
    name: str = Field(min_length=1)
    query: str = Field(min_length=1)
    nfr: str | None = None  # an NFR id, for NFRs without a Metric column
    persistence: str | None = None  # threshold SLOs: how long a breach must hold

    @field_validator("persistence")
    @classmethod
    def _persistence(cls, v: str | None) -> str | None:
        return _duration(v)


class SloSettings(StrictModel):
    compliance_period: str = "30d"  # error budget period of ratio SLOs
    persistence: str = "5m"  # default for threshold SLOs
    stale_after: str = "15m"  # no sample this recent: the SLO's status is unknown

    @field_validator("compliance_period", "persistence", "stale_after")
    @classmethod
    def _durations(cls, v: str) -> str:
        _duration(v)
        return v


class IncidentResponse(StrictModel):
    # argv of the incident-response workflow; `--alert-payload '<json>'` is appended
    command: list[str] = Field(min_length=1)
    timeout_s: float = Field(30.0, gt=0)


class ObservabilityConfig(StrictModel):
    provider: Literal["datadog", "prometheus", "file", "bmad"]
    service: str | None = None  # shown in alerts; defaults to the spec id
    # secrets: names of environment variables only (see env_ref)
    api_key: str | None = None
    app_key: str | None = None
    bearer_token: str | None = None
    site: str | None = None  # Datadog site (datadoghq.com, datadoghq.eu, ...)
    url: str | None = None  # Prometheus base URL, or a Datadog API host override
    path: Path | None = None  # provider "file": CSV / Parquet; "bmad": the _bmad-output folder
    timeout_s: float = Field(30.0, gt=0)
    metrics: list[MetricQuery] = Field(min_length=1)
    slo: SloSettings = Field(default_factory=SloSettings)
    incident_response: IncidentResponse | None = None
    alerting: AlertingConfig = Field(default_factory=AlertingConfig)
    source_path: Path | None = Field(None, exclude=True)

    @field_validator("api_key", "app_key", "bearer_token", mode="before")
    @classmethod
    def _secret_ref(cls, v: Any) -> Any:
        # Never echo the value: it may be the secret itself.
        if v is None:
            return None
        if not isinstance(v, str) or env_ref(v) is None:
            raise ValueError(
                "expected a reference to an environment variable, {{env.NAME}} or env:NAME"
                " (secrets are never read from files)"
            )
        return env_ref(v)


def load_observability(path: Path) -> ObservabilityConfig:
    """Read and validate; errors are one line naming the file and the field."""
    raw = yamlsafe.read_file(path, "observability")
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    try:
        cfg = ObservabilityConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {validation_line(exc)}") from None
    names = [m.name for m in cfg.metrics]
    dup = sorted(n for n, k in Counter(names).items() if k > 1)
    if dup:
        raise ConfigError(f"{path}: metrics: duplicate name {dup[0]!r}")
    base = path.resolve().parent
    if cfg.path is not None and not cfg.path.is_absolute():
        cfg.path = base / cfg.path
    if cfg.provider in ("file", "bmad") and cfg.path is None:
        raise ConfigError(f"{path}: path: required when provider is {cfg.provider}")
    if cfg.provider == "prometheus" and not cfg.url:
        raise ConfigError(f"{path}: url: required when provider is prometheus")
    for sink in cfg.alerting.sinks:
        if sink.path is not None and not sink.path.is_absolute():
            sink.path = base / sink.path
    cfg.source_path = path.resolve()
    return cfg


def find_observability(root: Path, spec_folder: Path) -> Path | None:
    for pattern in SEARCH:
        p = Path(pattern.format(spec_folder=spec_folder))
        p = p if p.is_absolute() else root / p
        if p.is_file():
            return p
    return None
