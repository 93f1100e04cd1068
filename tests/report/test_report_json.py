"""The JSON report's text comes from the dump the pass's state holds (orjson) and must be
byte for byte what pydantic writes (decision 2241)."""

from __future__ import annotations

import json
import sys

import pydantic_core
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vortex_pulse.report.model import (
    PortfolioReport,
    PortfolioSummary,
    ReportExperiment,
    Window,
    report_json,
)

from tests.support.facts import critical


def _report(name: str, value: float | None, samples: int) -> PortfolioReport:
    e = critical("a").model_dump()
    e["name"] = name
    e["metrics"][0]["observed"] = value
    e["metrics"][0]["samples"] = samples
    e["metrics"][0]["notes"] = [name, "", name[::-1]]
    return PortfolioReport(
        created="2026-11-23T00:00:00+00:00",
        date="2026-11-23",
        window=Window(start="2026-10-30", end="2026-11-20"),
        portfolio=PortfolioSummary(severity="Critical", confidence="High", summary=name),
        experiments=[ReportExperiment(**e)],
        priority_counts={name: samples, "P1": 1},
        artifacts={"json": f"/x/{name}.json"},
    )


def _pydantic(report: PortfolioReport) -> str:
    return report.model_dump_json(indent=2) + "\n"


def test_text_and_data_are_pydantics() -> None:
    report = _report('A <b> "q" \\ \n\t\u2028 \u00e9 \U0001f600', 0.1, 3)
    data, text = report_json(report)
    assert text == _pydantic(report)
    assert data == report.model_dump(mode="json") == json.loads(text)


def test_every_character_is_written_as_pydantic_writes_it() -> None:
    # Every code point but the surrogates, in one string, then each control character alone.
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert report_json(_report(chars, 1.0, 1))[1] == _pydantic(_report(chars, 1.0, 1))
    for c in range(0x20):
        assert report_json(_report(chr(c), 1.0, 1))[1] == _pydantic(_report(chr(c), 1.0, 1))


_floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e-3, max_value=1e-3),
    st.integers(-(10**20), 10**20).map(float),
    st.sampled_from([0.0, -0.0, 1e16, 1e15, 1e21, 1e-5, 1e-7, 5e-324, 0.1, 100.0]),
)


@settings(max_examples=300, deadline=None)
@given(
    name=st.text(st.characters(codec=None), max_size=40),  # surrogates too: pydantic's path
    value=st.one_of(st.none(), _floats),
    samples=st.one_of(st.integers(0, 2**63), st.integers(2**63, 2**70)),  # past 64 bits too
)
def test_generated_reports_are_written_as_pydantic_writes_them(
    name: str, value: float | None, samples: int
) -> None:
    report = _report(name, value, samples)
    try:
        expected = _pydantic(report)
    except pydantic_core.PydanticSerializationError:  # a lone surrogate: refused either way
        with pytest.raises(pydantic_core.PydanticSerializationError):
            report_json(report)
        return
    data, text = report_json(report)
    assert text == expected
    assert data == report.model_dump(mode="json") or value != value  # NaN != NaN
