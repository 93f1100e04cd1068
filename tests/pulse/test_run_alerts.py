"""`pulse run` with alert sinks: a breach is announced once, not on every run."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner
from vortex_pulse.pulse.cli import app

from tests.support.example import example_config

DATE = "2026-11-19"


def test_run_alerts_the_p1_once_across_runs(tmp_path: Path) -> None:
    incidents = tmp_path / "alerts.jsonl"
    sink = {"type": "file", "path": str(incidents), "min_priority": "P1"}
    cfg = example_config(tmp_path, alerting={"sinks": [sink]})
    first = CliRunner().invoke(app, ["run", str(cfg), "--date", DATE])
    assert first.exit_code == 0, first.stderr
    records = [json.loads(line) for line in incidents.read_text().splitlines()]
    firing = [r for r in records if r.get("status") == "firing"]
    assert [(r["labels"]["experiment"], r["labels"]["priority"], r["new"]) for r in firing] == [
        ("dinner-suggestions", "P1", True)
    ]
    assert "alerts: " in first.stdout and "1 new" in first.stdout

    second = CliRunner().invoke(app, ["run", str(cfg), "--date", DATE])
    assert second.exit_code == 0, second.stderr
    assert "0 new" in second.stdout
    assert len(incidents.read_text().splitlines()) == len(records)  # nothing re-announced


def test_a_broken_sink_fails_before_the_pass(tmp_path: Path) -> None:
    sink = {"type": "webhook", "format": "slack", "url_env": "PULSE_TEST_UNSET_URL"}
    cfg = example_config(tmp_path, alerting={"sinks": [sink]})
    res = CliRunner().invoke(app, ["run", str(cfg), "--date", DATE])
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        f"pulse: {cfg}: alerting.sinks[0].url_env:"
        " environment variable PULSE_TEST_UNSET_URL is not set"
    )
    assert not (tmp_path / "out").exists()  # no pass ran
