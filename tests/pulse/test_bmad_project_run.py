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


def test_chat_in_a_bmad_project_greets_its_user_in_its_language(tmp_path: Path) -> None:
    """`pulse chat` from the project root (no config.yaml) reads BMAD's user name and
    language: the greeting line is French; the menu and the answers stay English."""
    root = bmad_project(tmp_path)
    drop_example(root)
    where = root / "_bmad/bme/_vortex/config.yaml"
    cfg = where.read_text(encoding="utf-8")
    assert 'user_name: "{user}"' in cfg and "communication_language: en" in cfg
    # the installer's placeholder is not a name; English greets as before
    chat = [PULSE, "chat", "--date", DATE]
    res = subprocess.run(chat, cwd=root, input="DA\n", capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Noah: 📡 Noah here, production intelligence.")
    cfg = cfg.replace('user_name: "{user}"', "user_name: Amélie")
    where.write_text(
        cfg.replace("communication_language: en", "communication_language: Français"),
        encoding="utf-8",
    )
    res = subprocess.run(chat, cwd=root, input="SI dinner\ns\nDA\n", capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    first = res.stdout.splitlines()[0]
    assert first.startswith("Noah: 📡 Noah ici, Amélie, intelligence de production.")
    assert "(Le menu, les réponses et les rapports sont en anglais.)" in first
    assert "[SI] Signal Interpretation" in res.stdout  # the menu: English
    assert "Signal interpretation — 4 PM Dinner Suggestions" in res.stdout  # read the project
    where.write_text(
        cfg.replace("communication_language: en", "communication_language: Klingon"),
        encoding="utf-8",
    )
    res = subprocess.run(chat, cwd=root, input="DA\n", capture_output=True, text=True)
    assert "Noah here, Amélie" in res.stdout
    assert "(No greeting in Klingon yet: this session is in English.)" in res.stdout
