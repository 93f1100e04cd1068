"""`pulse rules`: valid under `promtool check rules`, and firing as the baseline says."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from vortex_pulse.pulse.cli import main as cli_main
from vortex_pulse.pulse.rules import prom_duration

from tests.support.promstack import PROMTOOL as _PROMTOOL

REPO = Path(__file__).resolve().parents[2]
needs_promtool = pytest.mark.skipif(not _PROMTOOL, reason="Debian package 'prometheus' missing")
PROMTOOL = _PROMTOOL or "promtool"
ACTION = 'pulse_signal{experiment="dinner",metric="action_rate"}'

Q = 'pulse_signal{experiment="{id}",metric="%s"}'
ERRORS = 'sum(rate(errs{svc="gw"}[5m])) / sum(rate(reqs{svc="gw"}[5m])) * 100'
CONFIG = {
    "signals": "signals.csv",
    "sources": {"prom": {"type": "prometheus", "url": "http://127.0.0.1:9"}},
    "portfolio": [
        {
            "id": "dinner",
            "name": "Dinner",
            "metrics": {
                "Action rate": {"source": "prom", "query": Q % "action_rate"},
                "Time-to-action": {"source": "prom", "query": Q % "tta"},
            },
            "baselines": {
                "Action rate": {"expected": [60, 75], "investigate_below": 50,
                                "persistence": "for 2+ days", "unit": "%"},
                "Time-to-action": {"expected": [None, 5], "investigate_above": 10,
                                   "persistence": "2+ consecutive", "unit": "min"},
            },
        },
        {
            "id": "gateway",
            "name": "API gateway",
            "metrics": {"Error rate": {"source": "prom", "query": ERRORS}, "Logins": "logins"},
            "baselines": {
                "Error rate": {"expected": [0, 1], "investigate_above": 2,
                               "persistence": "for 2+ hours", "unit": "%"},
            },
        },
    ],
}  # fmt: skip


def _rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    out = tmp_path / "rules" / "pulse.rules.yml"
    with pytest.raises(SystemExit) as done:
        cli_main(["rules", str(cfg), "-o", str(out)])
    assert done.value.code == 0
    assert capsys.readouterr().err.strip() == (
        "pulse rules: skipped gateway/Logins: no PromQL query (not a Prometheus metric)"
    )
    return out


def test_durations() -> None:
    assert [prom_duration(s) for s in (172800, 7200, 5400, 90, 0.4)] == [
        "2d", "2h", "90m", "90s", "1s",
    ]  # fmt: skip


def test_rules_from_baselines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = yaml.safe_load(_rules(tmp_path, capsys).read_text())
    dinner, gateway = doc["groups"]
    assert [g["name"] for g in doc["groups"]] == ["pulse-dinner", "pulse-gateway"]
    crit, warn, tta_crit, tta_warn = dinner["rules"]
    assert crit["expr"] == f"({ACTION}) < 50" and crit["for"] == "2d"
    assert crit["labels"]["severity"] == "critical" and warn["labels"]["severity"] == "warning"
    assert warn["expr"] == f"({ACTION}) < 60 or ({ACTION}) > 75"
    assert "for" not in tta_crit and "is a count" in tta_crit["annotations"]["description"]
    assert tta_warn["expr"].endswith(" > 5") and " < " not in tta_warn["expr"]
    assert gateway["rules"][0]["for"] == "2h"
    assert gateway["rules"][0]["expr"].endswith(") > 2")


@needs_promtool
def test_promtool_accepts_the_rules_and_they_fire_after_the_persistence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = _rules(tmp_path, capsys)
    check = subprocess.run(
        [PROMTOOL, "check", "rules", str(rules)], capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "SUCCESS: 6 rules found" in check.stdout

    # hourly: 67 % for 6 hours, then 42 %. Both rules are pending from 6h and fire at 54h.
    labels = {"alertname": "PulseSignalBreach", "experiment": "dinner",
              "metric": "action_rate", "source": "pulse-rules"}  # fmt: skip
    fired = [
        {"exp_labels": {**labels, "severity": "critical"},
         "exp_annotations": {"summary": "Dinner: Action rate at 42% (< 50%)",
                             "description": "Action rate of dinner breaches its investigate"
                             " threshold < 50% for 2+ days.", "target": "< 50%"}},
        {"exp_labels": {**labels, "severity": "warning"},
         "exp_annotations": {"summary": "Dinner: Action rate at 42%, expected 60-75%",
                             "description": "Action rate of dinner left its expected band"
                             " 60-75%.", "target": "60-75%"}},
    ]  # fmt: skip
    unit = {
        "rule_files": [str(rules)],
        "evaluation_interval": "1h",
        "tests": [
            {
                "interval": "1h",
                "input_series": [{"series": ACTION, "values": "67x5 42x100"}],
                "alert_rule_test": [
                    {"eval_time": "53h", "alertname": "PulseSignalBreach", "exp_alerts": []},
                    {"eval_time": "54h", "alertname": "PulseSignalBreach", "exp_alerts": fired},
                ],
            }
        ],
    }
    test_file = tmp_path / "rules.test.yml"
    test_file.write_text(yaml.safe_dump(unit), encoding="utf-8")
    run = subprocess.run(
        [PROMTOOL, "test", "rules", str(test_file)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stdout + run.stderr


@needs_promtool
def test_rules_from_an_hc4(tmp_path: Path) -> None:
    hc4 = REPO / "examples" / "portfolio" / "hc4-dinner-suggestions.md"
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "sources: {prom: {type: prometheus, url: 'http://127.0.0.1:9'}}\n"
        "portfolio:\n"
        f"  - id: dinner\n    hc4: {hc4}\n    metrics:\n"
        "      'Action rate': {source: prom, query: 'pulse_signal{metric=\"action_rate\"}'}\n",
        encoding="utf-8",
    )
    out = tmp_path / "rules.yml"
    with pytest.raises(SystemExit) as done:
        cli_main(["rules", str(cfg), "-o", str(out)])
    assert done.value.code == 0
    crit = yaml.safe_load(out.read_text())["groups"][0]["rules"][0]
    # the HC4 says "Action rate <50% for 2+ days: investigate suggestion quality"
    assert crit["expr"].endswith(" < 50") and crit["for"] == "2d"
    check = subprocess.run([PROMTOOL, "check", "rules", str(out)], capture_output=True, timeout=60)
    assert check.returncode == 0


@needs_promtool
def test_the_slo_example_rules_pass_promtool(tmp_path: Path) -> None:
    out = tmp_path / "slo.rules.yml"
    with pytest.raises(SystemExit) as done:
        cli_main(["rules", str(REPO / "examples" / "slo" / "config.yaml"), "-o", str(out)])
    assert done.value.code == 0
    check = subprocess.run(
        [PROMTOOL, "check", "rules", str(out)], capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0 and "SUCCESS: 6 rules found" in check.stdout
