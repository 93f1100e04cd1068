"""The floors of the house (docs/architecture.md): every import runs down, nothing circles.

core -> contracts -> signals -> report -> agents -> graphs -> pulse, bottom to top. The
checks run on the real tree and, to show they can fail, on planted trees."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.architecture.imports import (
    FLOORS,
    NO_LANGGRAPH,
    cycles,
    imports,
    module_graph,
    package_graph,
    upward,
)

REPO = Path(__file__).resolve().parents[2]


def _violations(root: Path) -> list[str]:
    edges, external = imports(root)
    found = [f"{e.source}:{e.line} imports {e.target} (a floor above)" for e in upward(edges)]
    found += [f"module cycle: {' -> '.join(c)}" for c in cycles(module_graph(edges))]
    found += [f"package cycle: {' -> '.join(c)}" for c in cycles(package_graph(edges))]
    found += [
        f"{mod}:{line} imports {name} (LangGraph wiring belongs in graphs/)"
        for mod, name, line in external
        if name.split(".")[0] == "langgraph" and mod.split(".")[0] in NO_LANGGRAPH
    ]
    return found


def test_the_product_has_no_upward_import_no_cycle_and_langgraph_only_in_graphs() -> None:
    assert _violations(REPO) == []


def test_every_floor_exists_and_nothing_else_is_installed() -> None:
    setup = (REPO / "setup.py").read_text(encoding="utf-8")
    for floor in FLOORS:
        assert (REPO / floor / "__init__.py").is_file(), floor
        assert f'"{floor}"' in setup, f"setup.py does not install {floor}/"


def _plant(root: Path, files: dict[str, str]) -> Path:
    for floor in FLOORS:
        (root / floor).mkdir(parents=True, exist_ok=True)
        (root / floor / "__init__.py").write_text("")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (  # a lazy import inside a function counts too
            {
                "core/config.py": "def f():\n    from vortex_pulse.pulse.cli import main\n",
                "pulse/cli.py": "def main(): ...\n",
            },
            "core.config:2 imports pulse.cli (a floor above)",
        ),
        (
            {
                "signals/a.py": "from vortex_pulse.signals.b import x\n",
                "signals/b.py": "from vortex_pulse.signals.a import y\n",
            },
            "module cycle: signals.a -> signals.b",
        ),
        (
            {
                "agents/x/m.py": "from vortex_pulse.agents.y.n import b\n",
                "agents/y/n.py": "from vortex_pulse.agents.x.o import c\n",
                "agents/x/o.py": "",
            },
            "package cycle: agents.x -> agents.y",
        ),
        (
            {"agents/node.py": "from langgraph.runtime import Runtime\n"},
            "agents.node:1 imports langgraph.runtime.Runtime (LangGraph wiring belongs in graphs/)",
        ),
    ],
)
def test_a_planted_violation_is_reported(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    assert expected in _violations(_plant(tmp_path, files))


def test_a_clean_planted_tree_passes(tmp_path: Path) -> None:
    root = _plant(tmp_path, {"pulse/cli.py": "from vortex_pulse.core.config import x\n",
                             "core/config.py": "x = 1\n"})  # fmt: skip
    assert _violations(root) == []
