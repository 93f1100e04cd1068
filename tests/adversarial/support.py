"""Helpers for the adversarial suite: bounded calls, the example config, subprocess CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner
from vortex_pulse.pulse.cli import app

REPO = Path(__file__).resolve().parents[2]
DATE = "2026-11-19"


def bounded(fn: Callable[[], Any], seconds: float) -> tuple[bool, Any]:
    """(finished in time, result or exception). A call that hangs is left on its daemon
    thread: on code without the fix the test fails instead of hanging the suite."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["v"] = fn()
        except BaseException as exc:
            box["v"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    return (not t.is_alive()), box.get("v")


def example_raw(tmp: Path) -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    raw["signals"] = str(REPO / raw["signals"])
    for exp in raw["portfolio"]:
        if "hc4" in exp:
            exp["hc4"] = str(REPO / exp["hc4"])
    raw["output_folder"] = str(tmp / "out")
    raw["reports_folder"] = str(tmp / "reports")
    raw["state_dir"] = str(tmp / ".pulse")
    raw["checkpoint"] = {"backend": "sqlite", "path": str(tmp / ".pulse" / "cp.sqlite")}
    return raw


def write_config(tmp: Path, raw: dict[str, Any], name: str = "config.yaml") -> Path:
    path = tmp / name
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def run_cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """In-process `pulse ...` (CliRunner): exit code, stdout, stderr."""
    old = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        res = CliRunner().invoke(app, list(args))
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return res.exit_code, res.stdout, res.stderr


def run_proc(
    *args: str, timeout: float, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`pulse ...` in a subprocess, killed after `timeout` (raises TimeoutExpired)."""
    return subprocess.run(
        [sys.executable, "-m", "vortex_pulse.pulse.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def files_under(*roots: Path) -> list[Path]:
    out: list[Path] = []
    for r in roots:
        if r.is_file():
            out.append(r)
        elif r.is_dir():
            out += [p for p in r.rglob("*") if p.is_file()]
    return out
