"""Suite-wide set-up: shared fixtures from tests/support, and the integration marker, which
comes from the folder (tests/integration/) rather than from each file."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = [
    "tests.support.contract_fixtures",
    "tests.support.graph_fixtures",
    "tests.support.prom_fixtures",
    "tests.support.receiver_fixtures",
    "tests.support.signal_fixtures",
]

_INTEGRATION = Path(__file__).resolve().parent / "integration"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _INTEGRATION in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.integration)
