"""How paths are shown in reports, where artifacts go, file names derived from untrusted
text, and confinement of every derived path to its folder."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

ARTIFACTS = "vortex-artifacts"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class PathEscape(ValueError):
    """A derived path would leave its configured folder."""


def slug(text: str, limit: int = 80) -> str:
    """A file-name-safe form of `text`: ASCII letters, digits, '.', '_', '-'; never empty,
    never '.', '..' or hidden. Distinct texts that slug alike get a short hash suffix."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = _UNSAFE.sub("-", ascii_text).strip(".-_")[:limit] or "item"
    if out != text:
        out += "-" + hashlib.sha256(text.encode()).hexdigest()[:6]
    return out


def confined(folder: Path, name: str) -> Path:
    """`folder / name`, refusing any result outside `folder` (a '..', an absolute name, a
    symlink that points elsewhere)."""
    base = folder.resolve()
    target = (base / name).resolve()
    if target.parent != base and base not in target.parents:
        raise PathEscape(f"{name!r} would be written outside {base}")
    return base / name


def display_path(path: Path | str | None, base: Path | None) -> str | None:
    """A path relative to the config's folder when it lies inside it (stable across machines)."""
    return _display(path, None if base is None else base.resolve())


def display_paths(paths: Iterable[Path | str | None], base: Path | None) -> list[str | None]:
    """`display_path` of many paths against one base, resolved once (a portfolio's HC4s)."""
    root = None if base is None else base.resolve()
    return [_display(p, root) for p in paths]


def _display(path: Path | str | None, root: Path | None) -> str | None:
    if path is None:
        return None
    p = Path(path)
    if root is not None:
        try:
            return str(p.resolve().relative_to(root))
        except ValueError:
            pass
    return str(p)


def output_root(folder: Path) -> Path:
    """The folder *above* `vortex-artifacts/`. BMAD's own config names the artifacts folder
    itself (`{project-root}/_bmad-output/vortex-artifacts`); both spellings mean the same
    place, so artifacts never land in `vortex-artifacts/vortex-artifacts/`."""
    return folder.parent if folder.name == ARTIFACTS else folder
