"""A BMAD project as a configuration (docs/bmad.md).

Inside a BMAD project `pulse run` needs no config.yaml: the output folder, user name and
language come from `_bmad/bme/_vortex/config.yaml` (BMAD's own file, read, never written),
the experiments from the HC4 files already sitting in the output folder, and everything BMAD
does not know (signal sources, metric maps that the naming convention misses, services
without an HC4) from a sidecar `pulse.yaml` at the project root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from vortex_pulse.core import yamlsafe
from vortex_pulse.core.config import (
    ExperimentConfig,
    PulseConfig,
    config_from_dict,
    load_config,
    validation_line,
)
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.core.files import read_head
from vortex_pulse.core.paths import ARTIFACTS, output_root

VORTEX_CONFIG = Path("_bmad/bme/_vortex/config.yaml")
SIDECAR = "pulse.yaml"
PROJECT_ROOT = "{project-root}"
_DATE_SUFFIX = re.compile(r"[-_]\d{4}-\d{2}-\d{2}$")
_ID_NOISE = {"hc4", "experiment", "context"}  # words upstream file names add around the id


@dataclass
class DiscoveredHC4:
    id: str
    path: Path
    frontmatter: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Addressee:
    """Whom Noah greets: BMAD's `user_name` and `communication_language` (docs/bmad.md)."""

    user_name: str | None = None
    language: str | None = None


def _short(value: Any) -> str | None:
    """A name-like config value: one line, bounded (it is shown, never interpreted)."""
    text = " ".join(str(value).split())[:60] if value is not None else ""
    return text or None


def _addressee(raw: dict[str, Any]) -> Addressee:
    user = _short(raw.get("user_name"))
    return Addressee(
        # "{user}" is the installer's unfilled placeholder, not a name
        user_name=None if user is None or user.startswith("{") else user,
        language=_short(raw.get("communication_language")),
    )


@dataclass
class BmadProject:
    root: Path
    output_folder: Path  # the folder above vortex-artifacts/
    addressee: Addressee = field(default_factory=Addressee)
    hc4s: list[DiscoveredHC4] = field(default_factory=list)

    @property
    def artifacts_dir(self) -> Path:
        return self.output_folder / ARTIFACTS

    @property
    def sidecar(self) -> Path:
        return self.root / SIDECAR


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `_bmad/bme/_vortex/config.yaml`."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / VORTEX_CONFIG).is_file():
            return folder
    return None


def expand_root(text: str, root: Path) -> Path:
    """`{project-root}/x` -> ROOT/x; a relative path is relative to the project root."""
    p = Path(text.replace(PROJECT_ROOT, str(root))).expanduser()
    return p if p.is_absolute() else root / p


def frontmatter(path: Path) -> dict[str, Any] | None:
    """The YAML frontmatter of a markdown file, or None when it has none (or a broken one)."""
    try:
        # A peek, bounded and regular files only: a FIFO or /dev/zero named *.md is skipped.
        head = read_head(path).decode("utf-8", errors="replace").splitlines(keepends=True)
    except OSError:
        return None
    if not head or head[0].strip() != "---":
        return None
    lines: list[str] = []
    for line in head[1:201]:  # frontmatter is short; a missing closing line is not one
        if line.strip() in ("---", "..."):
            break
        lines.append(line)
    else:
        return None
    try:
        data = yamlsafe.load("".join(lines))
    except (yaml.YAMLError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def experiment_id(path: Path, fm: dict[str, Any]) -> str:
    """Frontmatter `experiment_id` (or `id`) when present; otherwise the file name without
    its date and the words upstream names add (`hc4`, `experiment`, `context`):
    `forge-experiment-hc4-shadow-2026-03-21.md` -> `forge-shadow`."""
    for key in ("experiment_id", "id"):
        if isinstance(fm.get(key), str | int) and str(fm[key]).strip():
            return str(fm[key]).strip()
    stem = _DATE_SUFFIX.sub("", path.stem.casefold())
    words = [w for w in re.split(r"[^0-9a-z]+", stem) if w and w not in _ID_NOISE]
    return "-".join(words) or path.stem


def discover_hc4s(folder: Path) -> list[DiscoveredHC4]:
    """Every markdown file under `folder` whose frontmatter says `contract: HC4`, any name."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        fm = frontmatter(path)
        if fm is not None and str(fm.get("contract", "")).strip().upper() == "HC4":
            found.append(DiscoveredHC4(id=experiment_id(path, fm), path=path, frontmatter=fm))
    return found


def read_project(root: Path) -> BmadProject:
    """Read BMAD's module config and discover the HC4s in its output folder."""
    where = root / VORTEX_CONFIG
    raw = yamlsafe.read_file(where)
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping at the top level")
    folder = raw.get("output_folder")
    if not isinstance(folder, str) or not folder.strip():
        raise ConfigError(f"{where}: output_folder: expected a folder path")
    out = output_root(expand_root(folder.strip(), root))
    project = BmadProject(root=root, output_folder=out, addressee=_addressee(raw))
    project.hc4s = discover_hc4s(project.artifacts_dir)
    return project


def _sidecar(project: BmadProject) -> dict[str, Any]:
    path = project.sidecar
    if not path.is_file():
        return {}
    raw = yamlsafe.read_file(path)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    if "output_folder" in raw:
        raise ConfigError(
            f"{path}: output_folder: set it in {VORTEX_CONFIG} (BMAD's config), not here"
        )
    return dict(raw)


def _override(path: Path, exp_id: str, ov: Any) -> dict[str, Any]:
    where = f"{path}: experiments.{exp_id}"
    if ov is None:
        return {}
    if not isinstance(ov, dict):
        raise ConfigError(f"{where}: expected a mapping of overrides")
    ov = dict(ov)
    skip = ov.pop("skip", False)
    if not isinstance(skip, bool):
        raise ConfigError(f"{where}.skip: expected true or false")
    try:
        ExperimentConfig.model_validate({"id": exp_id, **ov})
    except ValidationError as exc:
        raise ConfigError(f"{where}.{validation_line(exc)}") from None
    return {**ov, "skip": skip}


def portfolio_entries(project: BmadProject, side: dict[str, Any]) -> list[dict[str, Any]]:
    """Discovered HC4s (with the sidecar's `experiments:` overrides) plus its `portfolio:`."""
    path = project.sidecar
    overrides = side.pop("experiments", None) or {}
    if not isinstance(overrides, dict):
        raise ConfigError(f"{path}: experiments: expected a mapping of experiment id to overrides")
    seen: dict[str, Path] = {}
    for hc4 in project.hc4s:
        if hc4.id in seen:
            raise ConfigError(
                f"{hc4.path}: experiment id {hc4.id!r} is also derived from {seen[hc4.id].name}"
                f" (set experiment_id in one HC4's frontmatter)"
            )
        seen[hc4.id] = hc4.path
    unknown = sorted(set(map(str, overrides)) - set(seen))
    if unknown:
        raise ConfigError(
            f"{path}: experiments.{unknown[0]}: no HC4 with this id in {project.artifacts_dir}"
            f" (found: {', '.join(sorted(seen)) or 'none'})"
        )
    entries = []
    for hc4 in project.hc4s:
        ov = _override(path, hc4.id, overrides.get(hc4.id))
        if ov.pop("skip", False):
            continue
        entries.append({"id": hc4.id, "hc4": str(hc4.path), **ov})
    extra = side.pop("portfolio", None) or []
    if not isinstance(extra, list):
        raise ConfigError(f"{path}: portfolio: expected a list of experiments")
    return entries + list(extra)


def load_bmad_config(root: Path) -> PulseConfig:
    """The PulseConfig a BMAD project describes. Paths in pulse.yaml are relative to the
    project root; errors name the file they come from."""
    project = read_project(root)
    side = _sidecar(project)
    entries = portfolio_entries(project, side)  # takes experiments: and portfolio: out
    raw = {**side, "portfolio": entries}
    raw["output_folder"] = str(project.output_folder)
    if not raw["portfolio"]:
        raise ConfigError(
            f"{project.artifacts_dir}: no HC4 found (markdown with frontmatter `contract: HC4`);"
            f" add one, or list experiments under portfolio: in {project.sidecar}"
        )
    return config_from_dict(raw, project.sidecar)


def addressee(cfg: PulseConfig) -> Addressee:
    """Whom Noah greets for `cfg`: the BMAD project's user and language when `cfg` is a BMAD
    project's (its path is the project's sidecar), else nobody in particular."""
    if cfg.path is None or cfg.path.name != SIDECAR:
        return Addressee()
    where = cfg.path.parent / VORTEX_CONFIG
    raw = yamlsafe.read_file(where) if where.is_file() else None
    return _addressee(raw) if isinstance(raw, dict) else Addressee()


def load_any(path: Path) -> PulseConfig:
    """What `pulse run CONFIG` reads: a config file; a BMAD project folder; or, when the
    default ./config.yaml does not exist, the BMAD project around the working directory."""
    if path.is_dir():
        root = find_root(path)
        if root is None:
            raise ConfigError(f"{path}: not a BMAD project (no {VORTEX_CONFIG}) and not a file")
        return load_bmad_config(root)
    if not path.exists() and path.name == "config.yaml" and path.parent == Path():
        root = find_root(Path.cwd())
        if root is not None:
            return load_bmad_config(root)
    return load_config(path)
