"""How paths are shown in reports, where artifacts go, file names derived from untrusted
text, and confinement of every derived path to its folder."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

ARTIFACTS = "vortex-artifacts"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SEPARATORS = {c for c in (os.sep, os.altsep, "\0") if c}


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


def confined_all(folder: Path, names: Sequence[str]) -> list[Path]:
    """`confined` for many names in one folder, the folder resolved once (a pass files
    ~800 HC10 flags). A plain file name (no separator, not '.' or '..') that is not a
    symlink resolves to itself inside the resolved folder; any other name gets
    `confined`'s full check."""
    base = folder.resolve()
    out = []
    for name in names:
        target = base / name
        plain = name not in ("", ".", "..") and not any(c in name for c in _SEPARATORS)
        out.append(target if plain and not target.is_symlink() else confined(folder, name))
    return out


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
