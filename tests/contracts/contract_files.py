"""Where the contract tests find their files: our fixtures and the shared artifacts."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "contracts"
SHARED = Path("/work/shared/reference/artifacts")


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")
