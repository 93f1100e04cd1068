"""Fixtures for the contract tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.contract_files import FIXTURES, SHARED


@pytest.fixture(params=["own", "shared"])
def artifacts(request: pytest.FixtureRequest) -> Path:
    """The folder of human-written artifacts: our copy, and the shared one when it exists."""
    if request.param == "shared":
        if not SHARED.is_dir():
            pytest.skip(f"{SHARED} does not exist on this machine")
        return SHARED
    return FIXTURES
