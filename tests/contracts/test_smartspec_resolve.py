"""Spec resolution: one test per rule of contracts/smartspec/resolve.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vortex_pulse.contracts.smartspec.resolve import INDEX_LOCATIONS, resolve_spec
from vortex_pulse.core.errors import InputError

SID = "spec-core-001-auth"


def _spec(root: Path, rel: str) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("# spec\n", encoding="utf-8")
    return p


def _index(root: Path, rel: str, entries: list[dict[str, str]]) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps({"version": "5.0", "specs": entries}), encoding="utf-8")
    return p


@pytest.mark.parametrize("bad", ["AB", "Spec-Upper", "x" * 65, "../etc", "a b c", "spec/1"])
def test_spec_id_must_match_the_smartspec_pattern(tmp_path: Path, bad: str) -> None:
    with pytest.raises(InputError, match="--spec-id"):
        resolve_spec(tmp_path, bad)


def test_canonical_layout_without_an_index(tmp_path: Path) -> None:
    want = _spec(tmp_path, f"specs/core/{SID}/spec.md")
    got = resolve_spec(tmp_path, SID)
    assert got.path == want.resolve() and got.index is None


@pytest.mark.parametrize("location", INDEX_LOCATIONS)
def test_each_index_location_is_read(tmp_path: Path, location: str) -> None:
    want = _spec(tmp_path, "elsewhere/auth/spec.md")
    _index(tmp_path, location, [{"id": SID, "path": "elsewhere/auth/spec.md"}])
    got = resolve_spec(tmp_path, SID)
    assert got.path == want.resolve() and got.index == tmp_path / location


def test_first_index_found_wins(tmp_path: Path) -> None:
    first = _spec(tmp_path, "a/spec.md")
    _spec(tmp_path, "b/spec.md")
    _index(tmp_path, ".spec/SPEC_INDEX.json", [{"id": SID, "path": "a/spec.md"}])
    _index(tmp_path, "specs/SPEC_INDEX.json", [{"id": SID, "path": "b/spec.md"}])
    assert resolve_spec(tmp_path, SID).path == first.resolve()


def test_a_later_index_is_not_read_when_the_first_lacks_the_id(tmp_path: Path) -> None:
    _spec(tmp_path, "b/spec.md")
    _index(tmp_path, ".spec/SPEC_INDEX.json", [{"id": "other-spec", "path": "x"}])
    _index(tmp_path, "specs/SPEC_INDEX.json", [{"id": SID, "path": "b/spec.md"}])
    with pytest.raises(InputError, match="no spec found"):
        resolve_spec(tmp_path, SID)


def test_index_path_may_name_the_folder(tmp_path: Path) -> None:
    want = _spec(tmp_path, "specs/specs/infra/auth/spec.md")
    _index(tmp_path, ".smartspec/SPEC_INDEX.json", [{"id": SID, "path": "specs/specs/infra/auth"}])
    assert resolve_spec(tmp_path, SID).path == want.resolve()


def test_missing_index_path_falls_back_to_the_canonical_layout(tmp_path: Path) -> None:
    want = _spec(tmp_path, f"specs/feature/{SID}/spec.md")
    _index(tmp_path, "SPEC_INDEX.json", [{"id": SID, "path": "specs/gone/spec.md.md"}])
    got = resolve_spec(tmp_path, SID)
    assert got.path == want.resolve()
    assert any("does not exist" in n for n in got.notes)


def test_index_path_outside_the_project_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "project"
    _spec(tmp_path, "outside/spec.md")
    _index(root, ".spec/SPEC_INDEX.json", [{"id": SID, "path": "../outside/spec.md"}])
    with pytest.raises(InputError, match="outside the project"):
        resolve_spec(root, SID)


def test_two_canonical_matches_are_ambiguous(tmp_path: Path) -> None:
    _spec(tmp_path, f"specs/core/{SID}/spec.md")
    _spec(tmp_path, f"specs/feature/{SID}/spec.md")
    with pytest.raises(InputError, match="more than one"):
        resolve_spec(tmp_path, SID)


def test_broken_index_names_the_file(tmp_path: Path) -> None:
    p = tmp_path / ".spec/SPEC_INDEX.json"
    p.parent.mkdir()
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="SPEC_INDEX.json: not readable JSON"):
        resolve_spec(tmp_path, SID)
