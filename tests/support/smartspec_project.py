"""A fresh copy of examples/smartspec for a test, and how to run `pulse smartspec` on it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner
from vortex_pulse.pulse.cli import app

ROOT = Path(__file__).resolve().parents[2]  # the repository
EXAMPLE = ROOT / "examples" / "smartspec"
SPEC_ID = "spec-core-001-authentication"
SPEC_DIR = Path("specs/core") / SPEC_ID
REPORTS = Path(".spec/reports/production-monitoring")
# the example's data: the error-rate page is on at 09:55, the latency breach at 12:00
AT_PAGE = "2026-11-30T09:55:00Z"
AT_END = "2026-11-30T12:00:00Z"
AT_CALM = "2026-11-29T12:00:00Z"


def project(tmp_path: Path) -> Path:
    dst = tmp_path / "project"
    shutil.copytree(EXAMPLE, dst, ignore=shutil.ignore_patterns("reports"))
    return dst


def smartspec(proj: Path, *args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(
        app, ["smartspec", "--spec-id", SPEC_ID, "--project", str(proj), *args]
    )
    return res.exit_code, res.stdout, res.stderr


def runs(proj: Path) -> list[Path]:
    root = proj / REPORTS
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name[0].isdigit())


def incidents(proj: Path) -> list[dict[str, Any]]:
    folder = proj / ".spec/reports/incidents"
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
