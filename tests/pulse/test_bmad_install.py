"""`pulse bmad install|uninstall` on a tree built from the upstream BMAD files."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner
from vortex_pulse.pulse.bmad.install import MENU_TRIGGER, OWNED, WORKFLOW_DIR
from vortex_pulse.pulse.cli import app

from tests.support.bmad import bmad_project, step_problems, upstream


def pulse(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def folders(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir()}


def test_install_then_uninstall_gives_back_every_byte(tmp_path: Path) -> None:
    root = bmad_project(tmp_path)
    before, dirs = snapshot(root), folders(root)

    code, out, err = pulse("bmad", "install", str(root), "--dry-run")
    assert code == 0, err
    assert snapshot(root) == before  # a dry run writes nothing...
    planned = {line.split()[-1] for line in out.splitlines() if not line.startswith("dry run")}
    assert set(OWNED.values()) <= planned  # ...and lists every file it would touch

    code, out, err = pulse("bmad", "install", str(root))
    assert code == 0, err
    after = snapshot(root)
    touched = {k for k in after if after[k] != before.get(k)}
    assert touched == planned
    # upstream content files are never edited: only registration files and new files change
    assert {k for k in touched if k in before} == {
        "_bmad/_config/workflow-manifest.csv",
        "_bmad/_config/agents/bme-noah.customize.yaml",
    }
    noah = yaml.safe_load(after["_bmad/_config/agents/bme-noah.customize.yaml"])
    (item,) = noah["menu"]
    assert item["trigger"] == MENU_TRIGGER
    assert item["exec"] == f"{{project-root}}/{WORKFLOW_DIR}/workflow.md"
    assert (root / item["exec"].removeprefix("{project-root}/")).is_file()
    rows = after["_bmad/_config/workflow-manifest.csv"].decode().splitlines()
    assert rows[-1].endswith(f'"{WORKFLOW_DIR}/workflow.md","bmad-vortex-pulse"')
    assert rows[:-1] == before["_bmad/_config/workflow-manifest.csv"].decode().splitlines()
    skill = (root / ".claude/skills/bmad-vortex-pulse/SKILL.md").read_text(encoding="utf-8")
    assert f"{{project-root}}/{WORKFLOW_DIR}/workflow.md" in skill

    code, out, err = pulse("bmad", "install", str(root))  # second install: no change
    assert code == 0, err
    assert "nothing to do" in out
    assert snapshot(root) == after

    code, out, err = pulse("bmad", "uninstall", str(root))
    assert code == 0, err
    assert snapshot(root) == before
    assert folders(root) == dirs


def test_a_user_edited_file_is_refused_with_one_line_and_nothing_written(tmp_path: Path) -> None:
    root = bmad_project(tmp_path)
    assert pulse("bmad", "install", str(root))[0] == 0
    step = root / WORKFLOW_DIR / "steps" / "step-02-explore.md"
    step.write_text(step.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    edited = snapshot(root)

    for command in ("install", "uninstall"):
        code, out, err = pulse("bmad", command, str(root))
        assert code == 2
        (line,) = err.strip().splitlines()
        assert str(step) in line and "changed since pulse installed it" in line
        assert snapshot(root) == edited


def test_install_refuses_a_folder_that_is_not_a_bmad_project(tmp_path: Path) -> None:
    code, _, err = pulse("bmad", "install", str(tmp_path))
    assert code == 2
    assert err.strip() == f"pulse: {tmp_path.resolve()}: not a BMAD project (no _bmad/ folder)"


def test_a_customize_file_with_items_of_its_own_keeps_them(tmp_path: Path) -> None:
    root = bmad_project(tmp_path)
    noah = root / "_bmad/_config/agents/bme-noah.customize.yaml"
    mine = noah.read_text(encoding="utf-8").replace(
        "menu: []",
        'menu:\n  - trigger: XX\n    action: "#mine"\n    description: "[XX] Mine"',
    )
    noah.write_text(mine, encoding="utf-8")
    assert pulse("bmad", "install", str(root))[0] == 0
    menu = yaml.safe_load(noah.read_text(encoding="utf-8"))["menu"]
    assert [m["trigger"] for m in menu] == [MENU_TRIGGER, "XX"]
    assert pulse("bmad", "uninstall", str(root))[0] == 0
    assert noah.read_text(encoding="utf-8") == mine


def test_the_step_check_holds_for_upstream_steps_and_catches_a_broken_one(tmp_path: Path) -> None:
    """The structural check is derived from upstream: every upstream production-monitoring
    and portfolio-status step passes it; a step missing a convention does not."""
    base = upstream() / "_bmad" / "bme"
    for step in sorted((base / "_vortex/workflows/production-monitoring/steps").glob("*.md")):
        assert step_problems(step, "production-monitoring") == []
    broken = tmp_path / "step-09-broken.md"
    good = base / "_vortex/workflows/production-monitoring/steps/step-03-monitoring.md"
    text = good.read_text(encoding="utf-8")
    broken.write_text(text.replace("## Your Turn", "## Over to you"), encoding="utf-8")
    assert any("Your Turn" in p for p in step_problems(broken, "production-monitoring"))
    cli = "```\npulse run x\n```\nShow the output verbatim.\n"
    broken.write_text(text.replace("## Your Turn", cli + "\n## Your Turn"), encoding="utf-8")
    assert any("HALT" in p for p in step_problems(broken, "production-monitoring"))


def test_installed_steps_follow_bmad_step_conventions(tmp_path: Path) -> None:
    root = bmad_project(tmp_path)
    assert pulse("bmad", "install", str(root))[0] == 0
    steps = sorted((root / WORKFLOW_DIR / "steps").glob("step-*.md"))
    assert len(steps) == 3
    for step in steps:
        assert step_problems(step, "vortex-pulse", root) == []
    workflow = (root / WORKFLOW_DIR / "workflow.md").read_text(encoding="utf-8")
    assert f"{{project-root}}/{WORKFLOW_DIR}/steps/step-01-run.md" in workflow
    assert "{project-root}/_bmad/bme/_vortex/config.yaml" in workflow
    run = steps[0].read_text(encoding="utf-8")
    assert 'pulse run "{project-root}" --json' in run
