"""A BMAD project as the configuration: install, drop HC4s and signals, `pulse run` from the
project root (no config.yaml) writes a valid HC5 into `_bmad-output/vortex-artifacts/`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from vortex_pulse.contracts.hc5_validate import validate_hc5

from tests.support.bmad import bmad_project, drop_example

DATE = "2026-11-23"
PULSE = Path(sys.executable).parent / "pulse"


def test_pulse_run_from_a_bmad_root_writes_a_valid_hc5_in_the_artifacts_folder(
    tmp_path: Path,
) -> None:
    root = bmad_project(tmp_path)
    env = {**os.environ, "NO_COLOR": "1"}
    subprocess.run([PULSE, "bmad", "install", root], check=True, capture_output=True, env=env)
    drop_example(root)
    # upstream spells the artifacts folder itself; an HC4 may have any name
    cfg = (root / "_bmad/bme/_vortex/config.yaml").read_text(encoding="utf-8")
    assert 'output_folder: "{project-root}/_bmad-output/vortex-artifacts"' in cfg
    art = root / "_bmad-output" / "vortex-artifacts"
    renamed = art / "forge-experiment-hc4-dinner-suggestions-2026-10-02.md"
    (art / "hc4-dinner-suggestions.md").rename(renamed)

    res = subprocess.run(
        [PULSE, "run", "--date", DATE, "--json"], cwd=root, capture_output=True, text=True, env=env
    )
    assert res.returncode == 0, res.stderr
    hc5 = art / f"hc5-portfolio-report-{DATE}.md"
    assert f"HC5:   {hc5}" in res.stderr
    assert not (art / "vortex-artifacts").exists()
    result = validate_hc5(hc5.read_text(encoding="utf-8"), str(hc5))
    assert result.compliant == "Yes", result
    report = json.loads(res.stdout)
    ids = {e["id"] for e in report["experiments"]}
    # derived from the file names: the date and the upstream words hc4/experiment dropped
    assert ids == {
        "forge-dinner-suggestions",
        "meal-planner",
        "checkout-latency",
        "onboarding-nudges",
        "weekly-digest",
    }
    # the second run reads the project again: its own HC5 is not mistaken for an HC4
    res = subprocess.run(
        [PULSE, "run", root, "--date", DATE], capture_output=True, text=True, env=env
    )
    assert res.returncode == 0, res.stderr
