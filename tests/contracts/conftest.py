"""Fixtures for the contract tests: our own files, and the shared human-written ones."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "contracts"
SHARED = Path("/work/shared/reference/artifacts")


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(params=["own", "shared"])
def artifacts(request: pytest.FixtureRequest) -> Path:
    """The folder of human-written artifacts: our copy, and the shared one when it exists."""
    if request.param == "shared":
        if not SHARED.is_dir():
            pytest.skip(f"{SHARED} does not exist on this machine")
        return SHARED
    return FIXTURES
