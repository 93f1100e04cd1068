"""How paths are shown in reports."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path | str | None, base: Path | None) -> str | None:
    """A path relative to the config's folder when it lies inside it (stable across machines)."""
    if path is None:
        return None
    p = Path(path)
    if base is not None:
        try:
            return str(p.resolve().relative_to(base.resolve()))
        except ValueError:
            pass
    return str(p)
