"""`pulse rules --spec-id`: the burn-rate rules pass `promtool check rules`, and `promtool test
rules` shows the page alert firing and resetting at the minutes the burn-rate rule predicts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner
from vortex_pulse.pulse.cli import app

from tests.support.smartspec_project import SPEC_DIR, SPEC_ID, project

PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(not PROMTOOL, reason="Debian package 'prometheus' missing")


def rules_for(proj: Path, tmp_path: Path) -> tuple[Path, dict]:  # type: ignore[type-arg]
    out = tmp_path / "rules.yml"
    res = CliRunner().invoke(app, ["rules", "--spec-id", SPEC_ID, "--project", str(proj),
                                   "-o", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.stderr
    return out, yaml.safe_load(out.read_text())


def test_rules_cover_every_ratio_window_and_threshold(tmp_path: Path) -> None:
    _, doc = rules_for(project(tmp_path), tmp_path)
    rules = doc["groups"][0]["rules"]
    records = {(r["labels"]["metric"], r["record"]) for r in rules if "record" in r}
    for metric in ("api_error_rate", "api_uptime", "login_success_rate"):
        for w in ("5m", "30m", "1h", "6h", "3d"):
            assert (metric, f"smartspec:slo_bad_fraction:avg{w}") in records
    alerts = [(r["alert"], r["labels"]["metric"], r["labels"]["severity"], r.get("for"))
              for r in rules if "alert" in r]  # fmt: skip
    assert ("SmartSpecErrorBudgetPage", "api_error_rate", "page", None) in alerts
    assert ("SmartSpecErrorBudgetTicket", "api_error_rate", "ticket", None) in alerts
    assert ("SmartSpecThresholdBreach", "api_latency_p99", "page", "5m") in alerts
    assert ("SmartSpecThresholdBreach", "login_page_load", "page", "10m") in alerts
    page = next(r for r in rules if r.get("labels", {}).get("severity") == "page"
                and r["labels"]["metric"] == "api_error_rate")  # fmt: skip
    # 14.4 x (1 - 0.999) and 6 x (1 - 0.999), exactly
    assert "avg1h{" in page["expr"] and "> 0.0144 and" in page["expr"]
    assert "> 0.006 and" in page["expr"]


def test_datadog_queries_are_not_promql(tmp_path: Path) -> None:
    proj = project(tmp_path)
    res = CliRunner().invoke(app, [
        "rules", "--spec-id", SPEC_ID, "--project", str(proj),
        "--observability", str(proj / SPEC_DIR / "observability.datadog.yaml"),
    ])  # fmt: skip
    assert res.exit_code == 2 and "not PromQL" in res.stderr


@needs_promtool
def test_promtool_check_and_page_fires_and_resets(tmp_path: Path) -> None:
    assert PROMTOOL
    path, doc = rules_for(project(tmp_path), tmp_path)
    check = subprocess.run([PROMTOOL, "check", "rules", str(path)], capture_output=True,
                           text=True, timeout=60)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    page = next(r for r in doc["groups"][0]["rules"]
                if r.get("alert") == "SmartSpecErrorBudgetPage"
                and r["labels"]["metric"] == "api_error_rate")  # fmt: skip
    # 8 h at 0.02 % errors (more than the 6h window: a shorter history would average the
    # incident over fewer points), 90 min at 2 % (20x the budget), then 0.02 % again.
    # The 1h window (61 one-minute points in Prometheus 2.x) passes 14.4x with 44 bad
    # points: 43 minutes after the start (minute 523). The 5m window (6 points) holds 5 bad
    # points until 1 minute after the last bad sample (minute 569): the page stops at 571,
    # while the 1h window alone is still at ~19x.
    # promtool evaluates every rule each minute: keep the error-rate SLO's rules only
    mine = [r for r in doc["groups"][0]["rules"] if r["labels"]["metric"] == "api_error_rate"]
    path = tmp_path / "error-rate-rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{**doc["groups"][0], "rules": mine}]}))
    labels = page["labels"]
    exp = [{"exp_labels": labels, "exp_annotations": page["annotations"]}]
    test = {
        "rule_files": [str(path)],
        "evaluation_interval": "1m",
        "tests": [
            {
                "interval": "1m",
                "input_series": [
                    {
                        "series": 'api_error_rate{service="auth"}',
                        "values": "0.02x479 2x89 0.02x200",
                    },
                ],  # fmt: skip
                "alert_rule_test": [
                    {"eval_time": "522m", "alertname": page["alert"], "exp_alerts": []},
                    {"eval_time": "523m", "alertname": page["alert"], "exp_alerts": exp},
                    {"eval_time": "570m", "alertname": page["alert"], "exp_alerts": exp},
                    {"eval_time": "571m", "alertname": page["alert"], "exp_alerts": []},
                ],
            }
        ],
    }
    test_file = tmp_path / "test.yml"
    test_file.write_text(yaml.safe_dump(test, sort_keys=False))
    run = subprocess.run([PROMTOOL, "test", "rules", str(test_file)], capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
