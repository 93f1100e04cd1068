"""The README's mermaid diagram is the graph the code builds."""

from __future__ import annotations

import re
from pathlib import Path

from vortex_pulse.graphs.graph import graph

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_mermaid_matches_the_compiled_graph() -> None:
    blocks = re.findall(r"```mermaid\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "README.md needs exactly one mermaid block"
    assert blocks[0].strip() == graph.get_graph().draw_mermaid().strip()
