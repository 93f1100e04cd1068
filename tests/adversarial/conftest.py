"""After the adversarial suite: no secret canary anywhere under the project (outputs,
`.pulse/`, reports), whatever the tests did."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CANARIES = (b"CanarySecretValueXyzzy42", b"canaryTOKENabcdefXYZ987")
SKIP = {".venv", ".git", "build", "__pycache__", ".mypy_cache", ".ruff_cache"}


def _files(root: Path) -> Iterator[Path]:
    for p in root.iterdir():
        if p.name in SKIP or p.is_symlink():
            continue
        if p.is_dir():
            yield from _files(p)
        elif p.is_file() and p.stat().st_size < 50_000_000:
            yield p


@pytest.fixture(scope="session", autouse=True)
def _no_canary_left_in_the_project() -> Iterator[None]:
    yield
    tests = ROOT / "tests" / "adversarial"
    leaks = [
        p
        for p in _files(ROOT)
        if tests not in p.parents and any(c in p.read_bytes() for c in CANARIES)
    ]
    assert leaks == [], f"secret canary left in {leaks}"
