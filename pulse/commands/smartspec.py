"""`pulse smartspec --spec-id ID [--run-once | --daemon]`: SmartSpec's production monitor.

Exit codes: 0 healthy or degraded, 3 unhealthy, 1 no SLO could be read (the platform failed),
2 bad input (nothing written).
Daemon: a pass every `--interval` seconds until interrupted; its exit code is the last pass's.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from vortex_pulse.core.config import parse_timestamp
from vortex_pulse.core.errors import InputError
from vortex_pulse.pulse.alerts.sinks import build_sinks
from vortex_pulse.pulse.smartspec.incidents import dispatch
from vortex_pulse.pulse.smartspec.monitor import Monitored, evaluation_end, load_monitored, run_pass
from vortex_pulse.pulse.smartspec.rollup import write_rollups
from vortex_pulse.pulse.smartspec.runid import run_id as new_run_id
from vortex_pulse.pulse.smartspec.scope import REPORTS, ReportsDir, WriteScopeError
from vortex_pulse.pulse.smartspec.summary import build_summary, reason_text, report_md, to_json
from vortex_pulse.signals.series import Source
from vortex_pulse.signals.sources.build import build_observability_source

EXIT_UNHEALTHY = 3
EXIT_BLIND = 1


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def one_pass(
    m: Monitored, source: Source, reports: ReportsDir, *, until: datetime | None, json_out: bool
) -> int:
    sinks = build_sinks(m.obs.alerting, where=f"{m.obs_path}: alerting")
    now = datetime.now(UTC)
    end = evaluation_end(m, source, until)
    p = run_pass(m, source, end)
    reports.root.mkdir(parents=True, exist_ok=True)
    rid = new_run_id(now, reports.root)
    doc = build_summary(m, p, rid, now)
    summary = reports.write(Path(rid) / "summary.json", to_json(doc))
    report = reports.write(Path(rid) / "report.md", report_md(doc, p))
    rolled = write_rollups(reports, m.spec.spec_id, doc, now)
    delivery = dispatch(
        p.results, reports=reports, spec_id=m.spec.spec_id, service=m.service, run_id=rid,
        report_path=str(report), now=now, hook=m.obs.incident_response, sinks=sinks,
    )  # fmt: skip
    for err in delivery.errors:
        _say(f"pulse smartspec: alert not delivered: {err}")
    for line in p.source_findings:
        _say(f"pulse smartspec: {line}")
    if json_out:
        sys.stdout.write(to_json(doc))
    else:
        print(f"{m.spec.spec_id}: {p.status} ({len(p.results)} SLOs, run {rid})")
        for r in p.results:
            print(f"  {r.status:<9} {r.slo.name} [{r.slo.metric}]: {reason_text(r)}")
        for f in doc["findings"]:
            print(f"  not monitored: {f['text']}: {f['reason']}")
        print(f"  sent {len(delivery.sent)} incident alert(s)")
        for path in (summary, report, *rolled):
            print(f"  wrote {path.relative_to(reports.project)}")
    if p.status == "unhealthy":
        return EXIT_UNHEALTHY
    if p.source_findings and p.results and all(r.status == "unknown" for r in p.results):
        return EXIT_BLIND  # the platform could not be read: not a health anyone has seen
    return 0


def main(
    spec_id: str,
    *,
    project: Path,
    observability: Path | None,
    run_once: bool,
    daemon: bool,
    interval: float,
    json_out: bool,
    until: str | None,
    max_runs: int | None,
) -> int:
    if run_once and daemon:
        raise InputError("--run-once and --daemon: choose one")
    if interval <= 0:
        raise InputError("--interval: expected a positive number of seconds")
    try:
        end = parse_timestamp(until) if until else None
    except ValueError as exc:
        raise InputError(f"--until: {exc}") from None
    m = load_monitored(project, spec_id, observability)
    reports = ReportsDir(m.project)
    for i, sink in enumerate(m.obs.alerting.sinks):
        if sink.path is not None:  # a file sink writes; only inside the reports folder
            try:
                reports.check(sink.path)
            except WriteScopeError:
                raise InputError(
                    f"{m.obs_path}: alerting.sinks[{i}].path: must lie inside {REPORTS}/"
                ) from None
    source = build_observability_source(m.obs)
    try:
        if not daemon:
            return one_pass(m, source, reports, until=end, json_out=json_out)
        code, runs = 0, 0
        while max_runs is None or runs < max_runs:
            code = one_pass(m, source, reports, until=end, json_out=json_out)
            runs += 1
            if max_runs is not None and runs >= max_runs:
                break
            time.sleep(interval)
        return code
    finally:
        close = getattr(source, "close", None)
        if callable(close):
            close()
