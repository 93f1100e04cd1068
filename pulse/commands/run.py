"""`pulse run`: one monitoring pass, a progress display on a terminal, a summary, exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from vortex_pulse.core.config_bmad import load_any
from vortex_pulse.core.errors import InputError
from vortex_pulse.core.paths import output_root
from vortex_pulse.core.redact import redact
from vortex_pulse.pulse.alerts import process_alerts
from vortex_pulse.pulse.alerts.sinks import build_sinks
from vortex_pulse.pulse.commands.terminal import Update, day_option, progress_bar
from vortex_pulse.pulse.pipeline import ProgressFn, RunResult, run_pass
from vortex_pulse.signals.facts import PRIORITY_ORDER
from vortex_pulse.signals.series import SourceError

EXIT_GATE = 3


def _gate(fail_on: str | None) -> str | None:
    if fail_on is None:
        return None
    gate = fail_on.strip().upper()
    if gate not in ("P1", "P2"):
        raise InputError(f"--fail-on: expected P1 or P2, got {fail_on!r}")
    return gate


def _steps(bar: Update) -> ProgressFn:
    """The pass's progress (step label, done, total) on the bar."""
    return lambda label, done, total: bar(description=label, completed=done, total=total)


def summary(result: RunResult) -> list[str]:
    r = result.report
    counts = ", ".join(f"{p}: {n}" for p, n in r.priority_counts.items())
    names = {e.id: e.name for e in r.experiments}
    lines = [f"{len(r.experiments)} experiments ({counts}); severity {r.portfolio.severity}"]
    if result.p1:
        lines.append("P1: " + ", ".join(f"{names[i]} ({i})" for i in result.p1))
    for route in r.routes:
        lines.append(f"route: {route.agent} / {route.workflow}: {route.reason}")
    lines.append(f"HC5:   {result.hc5_path}")
    lines.append(f"JSON:  {result.json_path}")
    if result.html_path:
        lines.append(f"HTML:  {result.html_path}")
    if result.brief_path:
        lines.append(f"Brief: {result.brief_path}")
    lines += [f"HC10:  {p}" for p in result.hc10_paths]
    lines += [f"Deep dive: {d['path']}" for d in result.deep_dives if d.get("path")]
    return lines


def main(
    config: Path,
    *,
    date: str | None,
    output_dir: Path | None,
    model: str | None,
    json_out: bool,
    fail_on: str | None,
    until: str | None,
    thread_id: str | None,
) -> int:
    day, gate = day_option("--date", date), _gate(fail_on)
    cfg = load_any(config)
    if output_dir is not None:
        cfg.output_folder = output_root(output_dir.resolve())
    sinks = build_sinks(cfg.alerting, where=f"{config}: alerting")  # a broken sink fails now
    err = Console(stderr=True)
    try:
        with progress_bar(err, "pulse run") as bar:
            progress = _steps(bar) if bar else None
            result = run_pass(
                cfg, date=day, model=model, until=until, thread_id=thread_id, progress=progress
            )
    except SourceError as exc:
        raise InputError(f"signals: {redact(str(exc))}") from None
    lines = summary(result)
    if sinks:  # the same alert state as `pulse watch`: a breach is announced once
        lines += process_alerts(cfg, result, sinks=sinks).lines()
    if json_out:
        sys.stdout.write(redact(result.report.model_dump_json(indent=2)) + "\n")
        for line in lines:
            print(redact(line), file=sys.stderr)
    else:
        for line in lines:
            print(redact(line))
    if gate is not None and any(
        PRIORITY_ORDER[e.priority] <= PRIORITY_ORDER[gate] for e in result.report.experiments
    ):
        print(f"pulse: --fail-on {gate}: a {gate} or higher signal was found", file=sys.stderr)
        return EXIT_GATE
    return 0
