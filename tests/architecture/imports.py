"""The import graph of the product, read from the source with `ast` (nothing is imported).

Used by the layer test; kept apart so a test can run the same checks on a planted tree."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

NAMESPACE = "vortex_pulse"
# Bottom to top (docs/architecture.md). An import may go down or stay on its floor.
FLOORS: tuple[str, ...] = ("core", "contracts", "signals", "report", "agents", "graphs", "pulse")
# Floors below graphs/ hold plain logic: the LangGraph wiring lives in graphs/ only.
NO_LANGGRAPH: tuple[str, ...] = ("core", "contracts", "signals", "report", "agents")


@dataclass(frozen=True)
class Edge:
    source: str  # module, dotted, without the namespace: "agents.noah.assemble"
    target: str
    line: int


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for floor in FLOORS:
        for path in sorted((root / floor).rglob("*.py")):
            found[module_name(root, path)] = path
    return found


def _resolve(name: str, known: Iterable[str]) -> str:
    """The longest known module that `name` (a module or a module.attribute) starts with."""
    parts = name.split(".")
    known = set(known)
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in known:
            return candidate
    return name


def imports(root: Path) -> tuple[list[Edge], list[tuple[str, str, int]]]:
    """Edges between product modules, and (module, third-party name, line) for the rest."""
    mods = modules(root)
    edges: list[Edge] = []
    external: list[tuple[str, str, int]] = []
    for mod, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if name.startswith(NAMESPACE + "."):
                    target = _resolve(name[len(NAMESPACE) + 1 :], mods)
                    edges.append(Edge(mod, target, node.lineno))
                else:
                    external.append((mod, name, node.lineno))
    return edges, external


def floor_of(module: str) -> int:
    return FLOORS.index(module.split(".")[0])


def upward(edges: list[Edge]) -> list[Edge]:
    return [e for e in edges if floor_of(e.target) > floor_of(e.source)]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def module_graph(edges: list[Edge]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for e in edges:
        if e.source != e.target:
            graph.setdefault(e.source, set()).add(e.target)
    return graph


def package_graph(edges: list[Edge]) -> dict[str, set[str]]:
    """Edges between packages (folders): a module belongs to the package that holds it."""

    def package(m: str) -> str:
        return m.rsplit(".", 1)[0] if "." in m else m

    graph: dict[str, set[str]] = {}
    for e in edges:
        a, b = package(e.source), package(e.target)
        # A package importing its own subpackage (or the reverse) is one room, not a cycle.
        if a == b or a.startswith(b + ".") or b.startswith(a + "."):
            continue
        graph.setdefault(a, set()).add(b)
    return graph
