"""`pulse init`: the sidecar pulse.yaml from the HC4s found, unmapped metrics commented."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner
from vortex_pulse.core.config_bmad import load_bmad_config
from vortex_pulse.pulse.cli import app

from tests.support.bmad import bmad_project, drop_example


def test_init_maps_what_the_signals_hold_and_comments_the_rest(tmp_path: Path) -> None:
    root = bmad_project(tmp_path)
    drop_example(root, sidecar=False)
    res = CliRunner().invoke(app, ["init", str(root), "--signals", str(root / "signals.csv")])
    assert res.exit_code == 0, res.stderr
    assert "5 experiments, 5 of 8 metrics mapped" in res.stdout
    text = (root / "pulse.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert raw["signals"] == "signals.csv"
    assert raw["experiments"]["dinner-suggestions"]["metrics"] == {
        "Action rate": "action_rate",
        "Time-to-action": "time_to_action",
    }
    # the example's data names this series latency_p95, not the slug of the HC4 name
    assert '# "Checkout latency p95": checkout_latency_p95   # not in the signal data' in text
    cfg = load_bmad_config(root)  # what init wrote is a valid configuration
    assert {e.id for e in cfg.portfolio} == set(raw["experiments"])

    again = CliRunner().invoke(app, ["init", str(root)])
    assert again.exit_code == 2
    assert again.stderr.strip().endswith(
        "exists; pulse init never overwrites it (--force replaces it)"
    )


def test_init_outside_a_bmad_project_is_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["init", str(tmp_path)])
    assert res.exit_code == 2
    assert "not a BMAD project" in res.stderr and len(res.stderr.strip().splitlines()) == 1
