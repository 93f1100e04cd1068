"""`pulse bmad install|uninstall [PROJECT_ROOT] [--dry-run]`."""

from __future__ import annotations

from pathlib import Path

from vortex_pulse.pulse.bmad.install import apply, plan_install, plan_uninstall


def install(root: Path, *, dry_run: bool) -> int:
    plan, _ = plan_install(root)
    return _report(plan.lines() if dry_run else apply(plan), dry_run, "installed", plan.root)


def uninstall(root: Path, *, dry_run: bool) -> int:
    plan = plan_uninstall(root)
    return _report(plan.lines() if dry_run else apply(plan), dry_run, "uninstalled", plan.root)


def _report(lines: list[str], dry_run: bool, verb: str, root: Path) -> int:
    for line in lines:
        print(line)
    if dry_run:
        print(f"dry run: nothing written in {root}")
    elif not lines:
        print(f"nothing to do: vortex-pulse already {verb} in {root}")
    return 0
