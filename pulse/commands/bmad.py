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


def init(root: Path, *, signals: Path | None, force: bool) -> int:
    from vortex_pulse.pulse.bmad.sidecar import init as write_sidecar

    path, mapped = write_sidecar(root, signals, force=force)
    unmapped = sum(s is None for m in mapped for s in m.metrics.values())
    total = sum(len(m.metrics) for m in mapped)
    print(f"{len(mapped)} experiments, {total - unmapped} of {total} metrics mapped")
    if unmapped:
        print(f"{unmapped} metrics need a series: see the commented lines")
    print(f"wrote {path}")
    return 0


def _report(lines: list[str], dry_run: bool, verb: str, root: Path) -> int:
    for line in lines:
        print(line)
    if dry_run:
        print(f"dry run: nothing written in {root}")
    elif not lines:
        print(f"nothing to do: vortex-pulse already {verb} in {root}")
    return 0
