"""Step 2: the portfolio as scoring sees it — HC4 metric names mapped to series, baselines
from the HC4 with config overrides on top, scope, relations and earlier HC5 reports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date as Date
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from vortex_pulse.agents.noah.monitor import requests_by_source
from vortex_pulse.agents.noah.validate import HC4Read
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.contracts.thresholds import find_persistence
from vortex_pulse.core.config import BaselineOverride, ExperimentConfig, MetricRef, parse_timestamp
from vortex_pulse.core.config_bmad import frontmatter
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.core.files import read_bytes
from vortex_pulse.report.names import HC5_PREFIX
from vortex_pulse.signals.facts import ExperimentSpec, MetricSpec, Scope
from vortex_pulse.signals.scope import scope_from_share
from vortex_pulse.signals.series import Source

_SCOPES: dict[str, Scope] = {"wide": "Wide", "moderate": "Moderate", "narrow": "Narrow"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def norm(name: str) -> str:
    """'Time-to-action (min)' -> 'time to action min': how names are compared."""
    return " ".join(_NOT_ALNUM.sub(" ", name.casefold()).split())


def slug(name: str) -> str:
    return norm(name).replace(" ", "_")


def scope_of(exp: ExperimentConfig) -> Scope | None:
    if exp.scope is not None:
        return _SCOPES[exp.scope]
    if exp.traffic_share is not None:
        return scope_from_share(exp.traffic_share)
    return None


def match_baseline(name: str, series: str, baselines: list[Baseline]) -> Baseline | None:
    """The HC4 baseline for a metric: same name, else one name containing the other."""
    return _match(name, series, [(norm(b.metric), b) for b in baselines])


def _match(name: str, series: str, named: list[tuple[str, Baseline]]) -> Baseline | None:
    """`match_baseline` over baselines whose names are already normalised."""
    keys = {norm(name), norm(series)}
    for nb, b in named:
        if nb in keys:
            return b
    for nb, b in named:
        if nb and any(k and (k in nb or nb in k) for k in keys):
            return b
    return None


def _persistence(text: str) -> dict[str, Any]:
    found = find_persistence(text)
    return {
        "persistence": text,
        "persistence_seconds": found.seconds if found else None,
        "persistence_count": found.count if found else None,
    }


def apply_override(metric: str, base: Baseline | None, ov: BaselineOverride) -> Baseline:
    """Config values replace the HC4's, field by field; provenance becomes "config"."""
    fields: dict[str, Any] = base.model_dump() if base is not None else {"metric": metric}
    fields["source"] = "config"
    if ov.expected is not None:
        fields["expected_low"], fields["expected_high"] = ov.expected
    if ov.investigate_below is not None:
        fields["investigate_op"], fields["investigate_value"] = "<", ov.investigate_below
        if fields.get("higher_is_better") is None:
            fields["higher_is_better"] = True
    if ov.investigate_above is not None:
        fields["investigate_op"], fields["investigate_value"] = ">", ov.investigate_above
        if fields.get("higher_is_better") is None:
            fields["higher_is_better"] = False
    if ov.persistence is not None:
        fields.update(_persistence(ov.persistence))
    if ov.unit is not None:
        fields["unit"] = ov.unit
    if ov.higher_is_better is not None:
        fields["higher_is_better"] = ov.higher_is_better
    return Baseline.model_validate(fields)


def metric_specs(exp: ExperimentConfig, baselines: list[Baseline]) -> list[MetricSpec]:
    """Config's metric map when given; otherwise every metric the HC4 has a baseline for."""
    refs: dict[str, MetricRef] = exp.metric_refs() or {b.metric: MetricRef() for b in baselines}
    out: list[MetricSpec] = []
    named = [(norm(b.metric), b) for b in baselines]  # once per experiment, not per metric
    for name, ref in refs.items():
        series = ref.series or slug(name)
        base = _match(name, series, named)
        ov = exp.baselines.get(series) or exp.baselines.get(name)
        if ov is not None:
            base = apply_override(name, base, ov)
        query = ref.query.replace("{id}", exp.id) if ref.query else None
        n_query = ref.n_query.replace("{id}", exp.id) if ref.n_query else None
        out.append(
            MetricSpec(
                name=name,
                series=series,
                source=ref.source or "default",
                query=query,
                n_query=n_query,
                unit=ref.unit,
                baseline=base,
            )
        )
    return out


def build_spec(exp: ExperimentConfig, read: HC4Read) -> ExperimentSpec:
    return ExperimentSpec(
        id=exp.id,
        name=read.name,
        scope=scope_of(exp),
        scope_hint=read.scope_hint,
        related=list(exp.related),
        shared=list(read.shared),
        validated=read.validated,
        metrics=metric_specs(exp, read.baselines),
    )


def _hc5_date(path: Path) -> str | None:
    """The date of an HC5 in the artifacts folder, or None when the file is not an HC5:
    a `contract: HC5` frontmatter (any file name: other tools and people write HC5s too)
    dated by its `created`, or our own `hc5-portfolio-report-DATE.md` name."""
    fm = frontmatter(path)
    named = _DATE.search(path.stem)
    if fm is not None and str(fm.get("contract", "")).strip().upper() == "HC5":
        created = fm.get("created") or fm.get("date")
        if created is not None and _DATE.fullmatch(str(created)[:10]):
            return str(created)[:10]
        return named.group(0) if named else None
    if path.name.startswith(HC5_PREFIX) and named:
        return named.group(0)
    return None


def previous_reports(
    folder: Path, day: Date, names: dict[str, str], limit: int = 3
) -> dict[str, list[str]]:
    """Earlier HC5 reports (file names, newest first) that name each experiment."""
    found: dict[str, list[str]] = {i: [] for i in names}
    if not folder.is_dir():
        return found
    earlier = []
    for p in folder.glob("*.md"):
        stamp = _hc5_date(p)
        if stamp is not None and stamp < day.isoformat():
            earlier.append((stamp, p.name, p))
    for _, _, p in sorted(earlier, reverse=True):
        if all(len(v) >= limit for v in found.values()):
            break  # every experiment has its newest `limit`: older HC5s need not be read
        try:
            # A hostile file named like an HC5 (a FIFO, /dev/zero, 10 GB) is skipped.
            text = read_bytes(p, "markdown").decode("utf-8", errors="replace")
        except OSError:
            continue
        for exp_id, name in names.items():
            if len(found[exp_id]) < limit and (name in text or f"`{exp_id}`" in text):
                found[exp_id].append(p.name)
    return found


def resolve_end(
    end: str,
    sources: Mapping[str, Source],
    specs: list[ExperimentSpec],
    now: datetime,
    as_of: datetime | None = None,
) -> datetime:
    """`latest`: the newest point any source has for the portfolio (now if none has data);
    `now`; or an ISO 8601 timestamp. Stale data is then a data-quality finding, measured
    from `as_of` (the report date), not from this end.

    A window that ends after the report date is a user mistake (exit 2): the report would
    quote data from its own future."""
    if end == "now":
        resolved = now
    elif end != "latest":
        resolved = parse_timestamp(end)
    else:
        newest = [
            t
            for name, reqs in requests_by_source(specs).items()
            if (t := sources[name].latest(reqs)) is not None
        ]
        resolved = max(newest) if newest else min(now, as_of or now)
    if as_of is not None and resolved > as_of and end != "now":
        day = (as_of - timedelta(seconds=1)).date()
        raise ConfigError(
            f"--date: report date {day} is before the window end "
            f"{resolved:%Y-%m-%d %H:%M} UTC (window.end: {end}); expected a date on or after "
            f"{(resolved - timedelta(seconds=1)).date()} or an earlier --until"
        )
    return resolved
