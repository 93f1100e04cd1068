"""config.yaml: loading, validation and path resolution (the contract in DESIGN.md).

Secrets never live here: headers and tokens are named by environment variable and
read when a request is made, so `repr(config)` and checkpoints carry no secret.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from vortex_pulse.core import yamlsafe
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.core.paths import output_root
from vortex_pulse.core.redact import register_config

# Sane bounds for every duration and timestamp (docs/decisions/1502-value-validation.md):
# far enough for any real window, near enough that date arithmetic cannot overflow.
MAX_DURATION = timedelta(days=3660)  # ten years
MIN_TIME = datetime(1970, 1, 1, tzinfo=UTC)
MAX_TIME = datetime(2200, 1, 1, tzinfo=UTC)
MAX_TIMEOUT_S = 3600.0
# An experiment id names files (HC10s) and appears in PromQL: letters, digits, '.', '_',
# '-', not starting with '.', at most 128 characters.
ID_PATTERN = re.compile(r"^[^\W][\w.\-]{0,127}$")


class StrictModel(BaseModel):
    """Unknown keys refused; the base of every user-written settings model."""

    # NaN and infinity are never a valid setting: a band of [nan, inf] compares false with
    # everything and silently disables its check.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class LLMConfig(StrictModel):
    model: str = "offline"  # "offline" or a LangChain spec "provider:model"
    base_url: str | None = None  # OpenAI-compatible servers (Ollama, llama.cpp, vLLM)
    max_concurrency: int = Field(8, ge=1, le=64)
    timeout_s: float = Field(60.0, gt=0, le=MAX_TIMEOUT_S)
    # The whole model call, retries and waits included (a timeout bounds one read only).
    deadline_s: float = Field(120.0, gt=0, le=MAX_TIMEOUT_S)
    max_retries: int = Field(3, ge=0, le=10)
    temperature: float = Field(0.0, ge=0, le=2)
    max_tokens: int = Field(800, ge=16, le=200_000)
    # How to ask for structured answers. auto: JSON mode for OpenAI-compatible servers
    # (base_url; the widest support), else the provider's default (docs/llm.md).
    structured_output: Literal["auto", "json_schema", "json_mode", "function_calling"] = "auto"
    # A second, model-based strategy check after the rules (agents/llm/judge.py): one more
    # call per narrative job; it can only add rejections.
    strategy_judge: bool = False


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> timedelta:
    """'21d', '36h', '2w', '90m', '300s' -> timedelta, more than 0 and at most ten years.
    Raises ValueError otherwise."""
    m = _DURATION.match(str(text))
    if not m:
        raise ValueError(f"expected a duration like 21d, 36h or 2w, got {text!r}")
    seconds = float(m.group(1)) * _UNIT_SECONDS[m.group(2)]
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"expected a duration of more than 0, got {text!r}")
    if seconds > MAX_DURATION.total_seconds():
        raise ValueError(f"expected a duration of at most {MAX_DURATION.days}d, got {text!r}")
    return timedelta(seconds=seconds)


class WindowConfig(StrictModel):
    lookback: str = "21d"
    end: str = "latest"  # latest | now | ISO 8601 timestamp
    # History loaded before the window for metrics with no numeric baseline, to learn their
    # band from (docs/rules.md, "Learned baselines"); "0" or "off" loads none.
    learn: str = "14d"

    @field_validator("lookback")
    @classmethod
    def _lookback(cls, v: str) -> str:
        parse_duration(v)
        return v

    @field_validator("learn", mode="before")
    @classmethod
    def _learn(cls, v: Any) -> str:
        v = str(v).strip() if v is not None and v is not False else "off"
        if v not in ("0", "off"):
            try:
                parse_duration(v)
            except ValueError:
                raise ValueError(f"expected a duration like 14d, or off, got {v!r}") from None
        return v

    @property
    def learn_seconds(self) -> float:
        return 0.0 if self.learn in ("0", "off") else parse_duration(self.learn).total_seconds()

    @field_validator("end")
    @classmethod
    def _end(cls, v: Any) -> str:
        if isinstance(v, datetime):
            v = v.isoformat()
        v = str(v)
        if v not in ("latest", "now"):
            parse_timestamp(v)
        return v

    @property
    def lookback_td(self) -> timedelta:
        return parse_duration(self.lookback)


def parse_timestamp(text: str) -> datetime:
    """ISO 8601 (date or datetime, 'Z' allowed) -> aware UTC datetime."""
    try:
        dt = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"expected latest, now or an ISO 8601 timestamp, got {text!r}") from exc
    if not MIN_TIME <= dt < MAX_TIME:
        raise ValueError(
            f"expected a timestamp between {MIN_TIME.year} and {MAX_TIME.year}, got {text!r}"
        )
    return dt


class FileSourceConfig(StrictModel):
    type: Literal["file"] = "file"
    path: Path


class PrometheusSourceConfig(StrictModel):
    type: Literal["prometheus"]
    url: str
    timeout_s: float = Field(30.0, gt=0, le=MAX_TIMEOUT_S)  # per request, connect + answer
    headers: dict[str, str] = Field(default_factory=dict)  # header -> env var NAME holding it
    bearer_token_env: str | None = None  # env var NAME holding the token
    verify_tls: bool = True
    max_concurrency: int = Field(4, ge=1, le=32)
    max_retries: int = Field(3, ge=0, le=10)
    step: str | None = None  # default: chosen from the window (<= 11,000 points)

    @field_validator("step")
    @classmethod
    def _step(cls, v: str | None) -> str | None:
        if v is not None:
            parse_duration(v)
        return v


class DatadogSourceConfig(StrictModel):
    """Datadog's metrics query API; metrics give a Datadog query as `query:`."""

    type: Literal["datadog"]
    site: str = "datadoghq.com"  # datadoghq.eu, us3.datadoghq.com, ...
    url: str | None = None  # the API's base URL instead of https://api.<site> (proxies)
    api_key_env: str  # env var NAME holding the API key
    app_key_env: str | None = None  # env var NAME holding the application key
    timeout_s: float = Field(30.0, gt=0, le=MAX_TIMEOUT_S)  # per request
    max_retries: int = Field(3, ge=0, le=10)  # 429 and 5xx, after X-RateLimit-Reset

    @field_validator("site")
    @classmethod
    def _site(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)+", v):
            raise ValueError(f"expected a Datadog site like datadoghq.com, got {v!r}")
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://[^/\s]+", v):
            raise ValueError(f"expected an http(s) URL, got {v!r}")
        return v


SourceConfig = Annotated[
    FileSourceConfig | PrometheusSourceConfig | DatadogSourceConfig, Field(discriminator="type")
]


class MetricRef(StrictModel):
    series: str | None = None  # series name in a file source; default: the HC4 name, slugified
    source: str | None = None  # default: "default" (the `signals:` shorthand)
    # PromQL or a Datadog query, per the source's type; "{id}" is replaced by the experiment id
    query: str | None = None
    n_query: str | None = None
    unit: str | None = None


class BaselineOverride(StrictModel):
    expected: tuple[float | None, float | None] | None = None
    investigate_below: float | None = None
    investigate_above: float | None = None
    persistence: str | None = None  # "for 2+ days"
    unit: str | None = None
    higher_is_better: bool | None = None

    @model_validator(mode="after")
    def _order(self) -> BaselineOverride:
        lo, hi = self.expected if self.expected is not None else (None, None)
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"expected: the low end {lo:g} is above the high end {hi:g}")
        below, above = self.investigate_below, self.investigate_above
        if below is not None and above is not None and below > above:
            raise ValueError(f"investigate_below {below:g} is above investigate_above {above:g}")
        if below is not None and lo is not None and below > lo:
            raise ValueError(f"investigate_below {below:g} is inside the expected band")
        if above is not None and hi is not None and above < hi:
            raise ValueError(f"investigate_above {above:g} is inside the expected band")
        return self


class ExperimentConfig(StrictModel):
    id: str
    hc4: Path | None = None
    description: str | None = None  # a plain description instead of an HC4 (docs/bmad.md)
    name: str | None = None
    scope: Literal["wide", "moderate", "narrow"] | None = None
    traffic_share: float | None = Field(None, ge=0, le=1)
    related: list[str] = Field(default_factory=list)
    metrics: dict[str, str | MetricRef] = Field(default_factory=dict)
    baselines: dict[str, BaselineOverride] = Field(default_factory=dict)

    @field_validator("scope", mode="before")
    @classmethod
    def _scope_lower(cls, v: Any) -> Any:
        return v.lower() if isinstance(v, str) else v

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not ID_PATTERN.match(v) or ".." in v:
            raise ValueError(
                f"expected letters, digits, '.', '_' or '-' (at most 128, no '..'), got {v!r}"
            )
        return v

    def metric_refs(self) -> dict[str, MetricRef]:
        return {
            name: (MetricRef(series=ref) if isinstance(ref, str) else ref)
            for name, ref in self.metrics.items()
        }


class AlertSinkConfig(StrictModel):
    type: Literal["alertmanager", "webhook", "file"]
    url: str | None = None
    url_env: str | None = None  # env var NAME holding the URL (Slack webhook URLs are secrets)
    path: Path | None = None
    format: Literal["json", "slack", "pagerduty"] = "json"
    headers: dict[str, str] = Field(default_factory=dict)  # header -> env var NAME
    routing_key_env: str | None = None  # PagerDuty routing key, by env var NAME
    timeout_s: float = Field(10.0, gt=0, le=300)  # the whole delivery, connect + answer
    min_priority: Literal["P1", "P2", "P3"] = "P2"  # alert on this priority and above


class AlertingConfig(StrictModel):
    sinks: list[AlertSinkConfig] = Field(default_factory=list)
    resend_s: float = Field(
        3600.0, gt=0, le=MAX_DURATION.total_seconds()
    )  # re-post firing alerts to Alertmanager this often


class CheckpointConfig(StrictModel):
    backend: Literal["sqlite", "postgres", "memory"] = "sqlite"
    path: Path = Path(".pulse/checkpoints.sqlite")
    # env var NAME holding the Postgres URL (it may hold a password)
    url_env: str | None = Field(None, validate_default=True)

    @field_validator("url_env")
    @classmethod
    def _url_env(cls, v: str | None, info: ValidationInfo) -> str | None:
        if not v and info.data.get("backend") == "postgres":
            raise ValueError("required when checkpoint.backend is postgres")
        return v


class PulseConfig(StrictModel):
    output_folder: Path = Path("_bmad-output")
    reports_folder: Path = Path(".spec/reports/production-monitoring")
    state_dir: Path = Path(".pulse")
    llm: LLMConfig = Field(default_factory=LLMConfig)
    window: WindowConfig = Field(default_factory=WindowConfig)
    signals: Path | None = None  # shorthand: one file source named "default"
    sources: dict[str, SourceConfig] = Field(default_factory=dict)
    portfolio: list[ExperimentConfig] = Field(default_factory=list)
    alerting: AlertingConfig = Field(default_factory=AlertingConfig)
    checkpoint: CheckpointConfig = Field(default_factory=CheckpointConfig)
    # Where the config came from; relative paths above are resolved against its folder.
    path: Path | None = Field(None, exclude=True)

    def all_sources(self) -> dict[str, SourceConfig]:
        out: dict[str, SourceConfig] = dict(self.sources)
        if self.signals is not None:
            out.setdefault("default", FileSourceConfig(path=self.signals))
        return out


_UNION_NOISE = {
    "FileSourceConfig", "PrometheusSourceConfig", "DatadogSourceConfig",
    "file", "prometheus", "datadog",
}  # fmt: skip


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in _UNION_NOISE:
            continue  # discriminated-union noise
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _resolve(base: Path, p: Path | None) -> Path | None:
    if p is None:
        return None
    p = p.expanduser()
    return p if p.is_absolute() else (base / p)


def load_config(path: str | Path) -> PulseConfig:
    """Read, validate and resolve a config file. Raises ConfigError with one clear line."""
    p = Path(path)
    raw = yamlsafe.read_file(p)
    return config_from_dict(raw if raw is not None else {}, p)


def validation_line(exc: ValidationError) -> str:
    """'field.path: what was expected' for the first problem of a settings file. An unknown
    key comes first: a misspelt key also makes the real one "missing"."""
    err = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    return f"{_loc(tuple(err['loc']))}: {msg}"


def config_from_dict(raw: Any, path: Path | None = None) -> PulseConfig:
    name = str(path) if path else "config"
    if not isinstance(raw, dict):
        raise ConfigError(f"{name}: expected a mapping at the top level")
    try:
        cfg = PulseConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{name}: {validation_line(exc)}") from None
    base = path.resolve().parent if path else Path.cwd()
    cfg.path = path.resolve() if path else None
    cfg.output_folder = output_root(_resolve(base, cfg.output_folder) or cfg.output_folder)
    cfg.reports_folder = _resolve(base, cfg.reports_folder) or cfg.reports_folder
    cfg.state_dir = _resolve(base, cfg.state_dir) or cfg.state_dir
    cfg.signals = _resolve(base, cfg.signals)
    cfg.checkpoint.path = _resolve(base, cfg.checkpoint.path) or cfg.checkpoint.path
    for src in cfg.sources.values():
        if isinstance(src, FileSourceConfig):
            src.path = _resolve(base, src.path) or src.path
    for exp in cfg.portfolio:
        exp.hc4 = _resolve(base, exp.hc4)
    for sink in cfg.alerting.sinks:
        sink.path = _resolve(base, sink.path)
    names = set(cfg.all_sources())
    for i, exp in enumerate(cfg.portfolio):
        for mname, ref in exp.metric_refs().items():
            wanted = ref.source or "default"
            if wanted not in names:
                raise ConfigError(
                    f"{name}: portfolio[{i}].metrics.{mname}.source: unknown source {wanted!r}"
                    f" (defined: {', '.join(sorted(names)) or 'none'})"
                )
    ids = [e.id for e in cfg.portfolio]
    dup = sorted(i for i, n in Counter(ids).items() if n > 1)  # linear in the portfolio
    if dup:
        raise ConfigError(f"{name}: portfolio: duplicate experiment id {dup[0]!r}")
    known = set(ids)
    for i, exp in enumerate(cfg.portfolio):
        for j, other in enumerate(exp.related):
            if other not in known:
                raise ConfigError(
                    f"{name}: portfolio[{i}].related[{j}]: unknown experiment {other!r}"
                    " (expected an id of this portfolio)"
                )
    if cfg.checkpoint.backend == "sqlite" and cfg.checkpoint.path.is_dir():
        raise ConfigError(
            f"{name}: checkpoint.path: {cfg.checkpoint.path} is a folder, expected a file path"
        )
    register_config(cfg)  # every secret this config names is masked in every output
    return cfg
