"""What `pip install .` puts into site-packages: one import name, `vortex_pulse`.

The wheel is built from the repository as pip would (isolated build, no dependencies) and
imported from a folder outside the repository with the site directory disabled, so neither
the editable install nor the working directory can answer for it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.architecture.imports import FLOORS

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    (found,) = out.glob("vortex_pulse-*.whl")
    return found


def test_the_wheel_holds_only_vortex_pulse_with_its_templates_and_schema(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith((".dist-info", ".data"))} == {"vortex_pulse"}
    assert {n.split("/")[1] for n in names if n.startswith("vortex_pulse/")} == set(FLOORS) | {
        "prompts"
    }
    assert "vortex_pulse/prompts/hc5.md.j2" in names
    assert "vortex_pulse/report/report.schema.json" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "pulse = vortex_pulse.pulse.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_installed_only_the_namespaced_names_import(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)

    def imports(name: str) -> bool:
        run = subprocess.run(
            [sys.executable, "-S", "-c", f"import {name}"],
            cwd=tmp_path,
            env={"PYTHONPATH": str(site)},
            capture_output=True,
            timeout=60,
        )
        return run.returncode == 0

    assert imports("vortex_pulse.agents")
    assert imports("vortex_pulse.graphs")
    for bare in ("agents", "graphs", "contracts", "signals", "pulse", "prompts", "core", "report"):
        assert not imports(bare), f"`import {bare}` works: it is installed at the top level"
