"""Fixtures for the observability unit tests: a local webhook receiver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.promstack import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()
    yield rec
    rec.close()
