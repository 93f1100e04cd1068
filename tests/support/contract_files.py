"""Where the contract tests find their files: our fixtures and the shared artifacts."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "contracts"
# The human-written artifacts beside the repository, when this machine has them.
SHARED = REPO.parent / "shared" / "reference" / "artifacts"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")
