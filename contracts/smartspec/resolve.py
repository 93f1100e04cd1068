"""Where a spec lives: `--spec-id` to its `spec.md` (docs/smartspec.md, "Finding the spec").

Rules, in order:
1. the id must match `^[a-z0-9_\\-]{3,64}$` (SmartSpec's `safety.spec_id_regex`);
2. the first SPEC_INDEX.json found in `.spec/`, the project root, `.smartspec/`, `specs/`
   is the index (first hit wins; later ones are not read);
3. the index entry's `path` may name the spec file or its folder (then `<folder>/spec.md`);
4. without an index, without an entry for the id, or when the entry's path does not exist:
   the canonical layout `specs/<category>/<spec-id>/spec.md` (exactly one match);
5. every path stays inside the project root.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from vortex_pulse.core.errors import InputError

SPEC_ID = re.compile(r"^[a-z0-9_\-]{3,64}$")
INDEX_LOCATIONS = (
    ".spec/SPEC_INDEX.json",
    "SPEC_INDEX.json",
    ".smartspec/SPEC_INDEX.json",
    "specs/SPEC_INDEX.json",
)


@dataclass(frozen=True, slots=True)
class ResolvedSpec:
    spec_id: str
    path: Path  # the spec.md
    index: Path | None  # the SPEC_INDEX.json consulted, if any
    rule: str  # how it was found, in words
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def folder(self) -> Path:
        return self.path.parent


def check_spec_id(spec_id: str) -> str:
    if not SPEC_ID.match(spec_id):
        raise InputError(
            f"--spec-id: {spec_id[:80]!r} is not a spec id"
            r" (expected lower-case letters, digits, '_' or '-', 3 to 64 of them)"
        )
    return spec_id


def find_index(root: Path) -> Path | None:
    for rel in INDEX_LOCATIONS:
        p = root / rel
        if p.is_file():
            return p
    return None


def _inside(root: Path, p: Path, where: str) -> Path:
    resolved = p.resolve()
    try:
        resolved.relative_to(root.resolve())
    except ValueError:
        raise InputError(f"{where}: {p} is outside the project folder") from None
    return resolved


def _index_entry(index: Path, spec_id: str) -> tuple[int, dict[str, object]] | None:
    try:
        raw = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{index}: not readable JSON ({type(exc).__name__})") from None
    specs = raw.get("specs") if isinstance(raw, dict) else None
    if not isinstance(specs, list):
        raise InputError(f"{index}: specs: expected a list of spec entries")
    for i, entry in enumerate(specs):
        if isinstance(entry, dict) and entry.get("id") == spec_id:
            return i, entry
    return None


def _canonical(root: Path, spec_id: str) -> list[Path]:
    specs = root / "specs"
    if not specs.is_dir():
        return []
    return sorted(p for p in specs.glob(f"*/{spec_id}/spec.md") if p.is_file())


def resolve_spec(root: Path, spec_id: str) -> ResolvedSpec:
    """The spec.md of `spec_id` under the project `root` (rules in the module docstring)."""
    check_spec_id(spec_id)
    notes: list[str] = []
    index = find_index(root)
    if index is not None:
        hit = _index_entry(index, spec_id)
        if hit is None:
            notes.append(f"{index.relative_to(root)} has no entry for {spec_id}")
        else:
            i, entry = hit
            where = f"{index}: specs[{i}].path"
            raw_path = entry.get("path")
            if not isinstance(raw_path, str) or not raw_path.strip():
                raise InputError(f"{where}: expected the spec file or folder")
            target = _inside(root, root / raw_path, where)
            if target.is_dir():
                target = target / "spec.md"
            if target.is_file():
                rule = f"{index.relative_to(root)} entry {spec_id}"
                return ResolvedSpec(spec_id, target, index, rule, tuple(notes))
            notes.append(f"{where} {raw_path!r} does not exist")
    found = _canonical(root, spec_id)
    if len(found) > 1:
        names = ", ".join(str(p.relative_to(root)) for p in found)
        raise InputError(f"--spec-id {spec_id}: more than one spec matches ({names})")
    if not found:
        detail = "; ".join(notes) or "no SPEC_INDEX.json"
        raise InputError(
            f"--spec-id {spec_id}: no spec found ({detail}; nothing at"
            f" specs/<category>/{spec_id}/spec.md)"
        )
    path = _inside(root, found[0], f"--spec-id {spec_id}")
    return ResolvedSpec(
        spec_id, path, index, "canonical layout specs/<category>/<spec-id>/", tuple(notes)
    )
