"""Step 1 keeps an HC4's verdict as lines (contracts/hc4_validate.hc4_verdict): the same
verdict, missing fields and finding lines as the full ContractResult of validate_hc4."""

from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.contracts.hc4 import read_hc4
from vortex_pulse.contracts.hc4_validate import hc4_verdict, validate_hc4

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "examples").rglob("*.md")) + sorted(
    (ROOT / "tests" / "fixtures" / "contracts").glob("*.md")
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_verdict_is_the_validation_result_in_lines(path: Path) -> None:
    doc = read_hc4(path.read_text(encoding="utf-8"), str(path))
    full = validate_hc4(doc)
    short = hc4_verdict(doc)
    assert (short.compliant, short.readiness, short.missing) == (
        full.compliant,
        full.readiness,
        full.missing,
    )
    assert short.findings == [str(f) for f in full.findings]
    assert [f"{f.level}: {f.field}: {f.message}" for f in full.findings] == short.findings


def test_the_files_compared_have_findings_to_compare() -> None:
    docs = [read_hc4(p.read_text(encoding="utf-8"), str(p)) for p in FILES]
    assert sum(len(hc4_verdict(d).findings) for d in docs) >= 20
