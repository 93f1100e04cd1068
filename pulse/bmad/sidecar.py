"""`pulse init`: write the sidecar `pulse.yaml` of a BMAD project from what pulse finds in
it — the HC4s, their metrics, and which of those the signal file holds under the naming
convention (the slug of the HC4 metric name: "Time-to-action" -> time_to_action). Every
metric it cannot map gets a commented line saying so, for a person to fill in."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from vortex_pulse.agents.noah.assemble import slug
from vortex_pulse.contracts.errors import ContractInputError
from vortex_pulse.contracts.hc4 import read_hc4_file
from vortex_pulse.core.atomic import write_text
from vortex_pulse.core.config import FileSourceConfig, PulseConfig
from vortex_pulse.core.config_bmad import SIDECAR, find_root, read_project
from vortex_pulse.core.errors import InputError
from vortex_pulse.signals.series import SeriesRequest, SourceError
from vortex_pulse.signals.sources.build import build_sources


@dataclass
class Mapped:
    id: str
    hc4: str  # relative to the project root
    metrics: dict[str, str | None] = field(default_factory=dict)  # HC4 name -> series or None
    error: str | None = None


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML-safe double-quoted scalar


def discover(root: Path, signals: Path | None) -> list[Mapped]:
    project = read_project(root)
    source = None
    if signals is not None:
        cfg = PulseConfig(sources={"default": FileSourceConfig(path=signals)})
        source = build_sources(cfg)["default"]
    out = []
    for found in project.hc4s:
        m = Mapped(found.id, str(found.path.relative_to(root)))
        try:
            names = [b.metric for b in read_hc4_file(found.path).baselines]
        except ContractInputError as exc:
            m.error = str(exc)
            names = []
        for name in names:
            series = slug(name)
            ok = False
            if source is not None:
                try:
                    ok = source.latest([SeriesRequest(found.id, series)]) is not None
                except SourceError as exc:
                    raise InputError(f"--signals: {exc}") from None
            m.metrics[name] = series if ok else None
        out.append(m)
    return out


def render(root: Path, signals: Path | None, mapped: list[Mapped]) -> str:
    lines = [
        "# vortex-pulse settings for this BMAD project (docs/bmad.md), written by `pulse init`.",
        "# BMAD's own files stay as they are: the output folder, user name and language come",
        "# from _bmad/bme/_vortex/config.yaml; experiments are the HC4s in the output folder.",
        "# Metric -> series: the slug of the HC4 metric name unless mapped here.",
    ]
    if signals is not None:
        try:
            shown = str(signals.resolve().relative_to(root))
        except ValueError:
            shown = str(signals.resolve())
        lines.append(f"signals: {_q(shown)}")
    else:
        lines.append("# signals: path/to/signals.csv   # or sources: (see docs/bmad.md)")
    if not mapped:
        lines.append(
            "# no HC4 found yet: experiments appear here when HC4s are in the output folder"
        )
    lines.append("experiments:" if mapped else "# experiments:")
    for m in mapped:
        lines.append(f"  {m.id}:  # {m.hc4}")
        if m.error:
            lines.append(f"    # could not read: {m.error}")
        if not m.metrics:
            lines.append(
                "    # the HC4 names no metric with a baseline: add metrics: and baselines:"
            )
            lines.append("    {}")
            continue
        lines.append("    metrics:")
        for name, series in m.metrics.items():
            if series is not None:
                lines.append(f"      {_q(name)}: {series}")
            else:
                why = "not in the signal data" if signals is not None else "no signal source given"
                why += ", not monitored until its series is named here"
                lines.append(f"      # {_q(name)}: {slug(name)}   # {why}")
        if all(s is None for s in m.metrics.values()):
            lines.append("      {}")
    return "\n".join(lines) + "\n"


def init(root: Path, signals: Path | None, *, force: bool) -> tuple[Path, list[Mapped]]:
    found = find_root(root)
    if found is None:
        raise InputError(f"{root}: not a BMAD project (no _bmad/bme/_vortex/config.yaml)")
    path = found / SIDECAR
    if path.exists() and not force:
        raise InputError(f"{path}: exists; pulse init never overwrites it (--force replaces it)")
    if signals is not None and not signals.is_file():
        raise InputError(f"--signals: {signals}: file not found")
    mapped = discover(found, signals)
    write_text(path, render(found, signals, mapped))
    return path, mapped
