"""`pulse smartspec` on examples/smartspec: summary shape, exit codes, the incident hook
(once per new breach, resolved once), the write scope, one-line errors."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.support.smartspec_project import (
    AT_CALM,
    AT_END,
    AT_PAGE,
    REPORTS,
    SPEC_DIR,
    SPEC_ID,
    incidents,
    project,
    runs,
    smartspec,
)


def test_run_once_writes_the_smartspec_summary_and_exits_3_when_unhealthy(tmp_path: Path) -> None:
    proj = project(tmp_path)
    code, out, err = smartspec(proj, "--run-once", "--json")
    assert code == 3, err
    doc = json.loads(out)
    (run,) = runs(proj)
    assert re.fullmatch(r"\d{8}-\d{6}Z", run.name) and doc["run_id"] == run.name
    on_disk = json.loads((run / "summary.json").read_text())
    assert on_disk == doc
    assert {k: doc[k] for k in ("workflow", "version", "spec_id", "status")} == {
        "workflow": "smartspec_production_monitor",
        "version": "1.0.0",
        "spec_id": SPEC_ID,
        "status": "unhealthy",
    }
    assert doc["evaluated_at"] == AT_END and doc["generated_at"].endswith("Z")
    by_name = {m["name"]: m for m in doc["metrics"]}
    for m in doc["metrics"]:
        assert {"name", "value", "slo", "status"} <= set(m)
    lat = by_name["api_latency_p99"]
    assert (lat["status"], lat["slo"], lat["alert"]) == ("unhealthy", 200.0, "breach")
    assert lat["value"] > 200 and lat["breach_s"] >= 300
    assert by_name["authentication_response_time"]["status"] == "degraded"
    err_rate = by_name["api_error_rate"]
    assert err_rate["status"] == "healthy" and err_rate["kind"] == "ratio"
    # the 3 % hour spent about half of the budget; burn rates for every window
    assert 0.4 < err_rate["budget_remaining"] < 0.6
    assert set(err_rate["burn_rates"]) == {"5m", "30m", "1h", "6h", "3d"}
    report = (run / "report.md").read_text()
    assert report.startswith(f"# Production monitoring: {SPEC_ID}")
    # the story: how long each breach has lasted, against what it must hold
    assert "p99 Latency (`api_latency_p99`) is unhealthy: target missed for 19 minutes;" in report
    assert "target missed for 2 minutes, less than the 5 minutes it must hold" in report
    assert "| Error Rate | `api_error_rate` | < 0.1% | 0.0176% | healthy | 49% left |" in report
    summaries = proj / REPORTS / "summaries" / SPEC_ID
    assert sorted(p.name for p in summaries.iterdir()) == [
        f"daily-{doc['generated_at'][:10]}.json",
        f"weekly-{doc['generated_at'][:4]}-W{_week(doc['generated_at'])}.json",
    ]


def _week(stamp: str) -> str:
    from datetime import datetime

    return f"{datetime.fromisoformat(stamp.replace('Z', '+00:00')).isocalendar()[1]:02d}"


def test_healthy_exits_0(tmp_path: Path) -> None:
    code, out, err = smartspec(project(tmp_path), "--run-once", "--until", AT_CALM, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["status"] == "healthy"
    assert {m["status"] for m in doc["metrics"]} == {"healthy"}


def test_incident_hook_gets_one_payload_per_new_breach_and_one_resolution(tmp_path: Path) -> None:
    proj = project(tmp_path)
    assert smartspec(proj, "--run-once", "--until", AT_PAGE)[0] == 3
    assert smartspec(proj, "--run-once", "--until", AT_PAGE)[0] == 3
    first = incidents(proj)
    assert len(first) == 1  # two runs, one breach: one payload
    (page,) = first
    assert {k: page[k] for k in ("source", "spec_id", "metric", "slo", "severity", "status")} == {
        "source": "production_monitor",
        "spec_id": SPEC_ID,
        "metric": "api_error_rate",
        "slo": 0.1,
        "severity": "SEV-2",
        "status": "firing",
    }
    assert page["service"] == "auth-service" and page["target"] == "< 0.1%"
    assert page["value"] > 1 and page["current"].endswith("%")
    # later: the error rate recovered (resolved once), the latency breach is new (fired once)
    smartspec(proj, "--run-once", "--until", AT_END)
    smartspec(proj, "--run-once", "--until", AT_END)
    later = incidents(proj)[1:]
    assert sorted((p["metric"], p["status"]) for p in later) == [
        ("api_error_rate", "resolved"),
        ("api_latency_p99", "firing"),
    ]


def test_a_failed_hook_is_retried_next_run(tmp_path: Path) -> None:
    proj = project(tmp_path)
    obs = proj / SPEC_DIR / "observability.yaml"
    good = obs.read_text()
    obs.write_text(good.replace("command: [python3, incident_response.py]", 'command: ["false"]'))
    code, _, err = smartspec(proj, "--run-once", "--until", AT_PAGE)
    assert code == 3 and "alert not delivered: incident-response command exited 1" in err
    obs.write_text(good)
    smartspec(proj, "--run-once", "--until", AT_PAGE)
    assert [p["metric"] for p in incidents(proj)] == ["api_error_rate"]


def _tree(root: Path) -> dict[str, float]:
    return {str(p.relative_to(root)): p.stat().st_mtime for p in root.rglob("*") if p.is_file()}


def test_nothing_is_written_outside_the_reports_folder(tmp_path: Path) -> None:
    proj = project(tmp_path)
    obs = proj / SPEC_DIR / "observability.yaml"
    obs.write_text(obs.read_text().split("incident_response:")[0])  # no hook: only our writes
    before = _tree(proj)
    smartspec(proj, "--run-once")
    smartspec(proj, "--run-once", "--until", AT_PAGE)
    after = _tree(proj)
    changed = {p for p in after if before.get(p) != after[p]}
    assert changed and all(p.startswith(str(REPORTS) + os.sep) for p in changed), changed
    assert set(before) <= set(after)


def test_a_reports_folder_linked_elsewhere_is_a_hard_failure(tmp_path: Path) -> None:
    proj = project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (proj / REPORTS).parent.mkdir(parents=True, exist_ok=True)
    (proj / REPORTS).symlink_to(outside, target_is_directory=True)
    code, _, err = smartspec(proj, "--run-once")
    assert code == 2
    assert "outside .spec/reports/production-monitoring/" in err
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "edit", "message"),
    [
        (["--spec-id", "NOPE"], None, "--spec-id: 'NOPE' is not a spec id"),
        (["--spec-id", "spec-missing-999"], None, "--spec-id spec-missing-999: no spec found"),
        ([], ("provider: file", "provider: splunk"), "observability.yaml: provider:"),
        ([], ("path: signals.csv.gz", "path: gone.csv"), "gone.csv"),
        (["--until", "yesterday"], None, "--until: expected"),
        (["--daemon", "--run-once"], None, "--run-once and --daemon: choose one"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    tmp_path: Path, args: list[str], edit: tuple[str, str] | None, message: str
) -> None:
    proj = project(tmp_path)
    if edit:
        obs = proj / SPEC_DIR / "observability.yaml"
        obs.write_text(obs.read_text().replace(*edit))
    from typer.testing import CliRunner
    from vortex_pulse.pulse.cli import app

    base = ["smartspec", "--project", str(proj)]
    if "--spec-id" not in args:
        base += ["--spec-id", SPEC_ID]
    res = CliRunner().invoke(app, [*base, *args])
    assert res.exit_code == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in res.stderr
    assert not (proj / REPORTS).exists()


def test_daemon_runs_passes_and_alerts_once(tmp_path: Path) -> None:
    proj = project(tmp_path)
    code, out, err = smartspec(
        proj, "--daemon", "--interval", "0.01", "--max-runs", "3", "--until", AT_PAGE
    )
    assert code == 3, err
    assert len(runs(proj)) == 3
    assert out.count(f"{SPEC_ID}: unhealthy") == 3
    assert len(incidents(proj)) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_an_alert_state_that_is_not_a_file_is_one_line_exit_2(tmp_path: Path) -> None:
    """The state file is read bounded: a FIFO in its place is one line, not a hung monitor."""
    proj = project(tmp_path)
    (proj / REPORTS).mkdir(parents=True)
    os.mkfifo(proj / REPORTS / "alert-state.json")
    code, _, err = smartspec(proj, "--run-once", "--until", AT_END)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "alert-state.json" in lines[0], err
    assert "Traceback" not in err
