"""How paths are shown in reports, and where artifacts go."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = "vortex-artifacts"


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


def output_root(folder: Path) -> Path:
    """The folder *above* `vortex-artifacts/`. BMAD's own config names the artifacts folder
    itself (`{project-root}/_bmad-output/vortex-artifacts`); both spellings mean the same
    place, so artifacts never land in `vortex-artifacts/vortex-artifacts/`."""
    return folder.parent if folder.name == ARTIFACTS else folder
