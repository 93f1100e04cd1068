"""One monitoring pass over a SmartSpec spec: resolve, parse, query, judge (no writing here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from vortex_pulse.contracts.smartspec.nfr import NfrParse, parse_nfrs
from vortex_pulse.contracts.smartspec.observability import (
    ObservabilityConfig,
    find_observability,
    load_observability,
)
from vortex_pulse.contracts.smartspec.resolve import ResolvedSpec, resolve_spec
from vortex_pulse.core.config import parse_duration
from vortex_pulse.core.errors import ConfigError, InputError
from vortex_pulse.signals.series import SeriesKey, SeriesRequest, Source, SourceError, Window
from vortex_pulse.signals.slo.evaluate import SloResult, evaluate
from vortex_pulse.signals.slo.objectives import Slo, SloFinding, slos_from_nfrs
from vortex_pulse.signals.slo.status import SpecStatus, spec_status


@dataclass(frozen=True, slots=True)
class Monitored:
    """Everything read once per start: the spec, its NFRs, observability.yaml, the SLOs."""

    project: Path
    spec: ResolvedSpec
    nfrs: NfrParse
    obs: ObservabilityConfig
    obs_path: Path
    slos: tuple[Slo, ...]
    unmapped: tuple[SloFinding, ...]

    @property
    def service(self) -> str:
        return self.obs.service or self.spec.spec_id

    @property
    def period_s(self) -> float:
        return parse_duration(self.obs.slo.compliance_period).total_seconds()

    @property
    def stale_after_s(self) -> float:
        return parse_duration(self.obs.slo.stale_after).total_seconds()


@dataclass(slots=True)
class Pass:
    evaluated_at: datetime
    window: Window
    results: list[SloResult]
    status: SpecStatus
    source_findings: list[str] = field(default_factory=list)


def load_monitored(project: Path, spec_id: str, observability: Path | None) -> Monitored:
    project = project.resolve()
    if not project.is_dir():
        raise InputError(f"{project}: project folder not found")
    spec = resolve_spec(project, spec_id)
    try:
        text = spec.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{spec.path}: cannot read the spec ({type(exc).__name__})") from None
    nfrs = parse_nfrs(text)
    obs_path = observability or find_observability(project, spec.folder)
    if obs_path is None:
        raise ConfigError(
            f"--spec-id {spec_id}: no observability.yaml (looked in the spec's folder, .spec/"
            " and the project root; or pass --observability PATH)"
        )
    obs = load_observability(obs_path)
    slos, unmapped = slos_from_nfrs(nfrs.nfrs, obs)
    return Monitored(project, spec, nfrs, obs, obs_path.resolve(), tuple(slos), tuple(unmapped))


def evaluation_end(m: Monitored, source: Source, until: datetime | None) -> datetime:
    """`--until` when given; the newest sample for files (a fixed data set); now otherwise."""
    if until is not None:
        return until
    if m.obs.provider == "file":
        try:
            latest = source.latest(requests(m))
        except SourceError as exc:  # the file named in observability.yaml: a user's input
            raise InputError(f"{m.obs_path}: path: {exc}") from None
        if latest is not None:
            return latest
    return datetime.now(UTC)


def requests(m: Monitored) -> list[SeriesRequest]:
    seen: dict[str, SeriesRequest] = {}
    for slo in m.slos:
        seen.setdefault(
            slo.metric, SeriesRequest(m.spec.spec_id, slo.metric, m.obs.provider, slo.query)
        )
    return list(seen.values())


def run_pass(m: Monitored, source: Source, end: datetime) -> Pass:
    window = Window(end - timedelta(seconds=m.period_s), end)
    findings: list[str] = []
    series = {}
    if m.slos:
        try:
            loaded = source.load(requests(m), window)
            series = loaded.series
            findings.extend(f.message if f.metric is None else f"{f.metric}: {f.message}"
                            for f in loaded.findings)  # fmt: skip
        except SourceError as exc:
            findings.append(str(exc))
    t = end.timestamp()
    results = [
        evaluate(
            slo,
            series.get(SeriesKey(m.spec.spec_id, slo.metric)),
            t,
            period_s=m.period_s,
            stale_after_s=m.stale_after_s,
        )
        for slo in m.slos
    ]
    return Pass(end, window, results, spec_status(r.status for r in results), findings)
