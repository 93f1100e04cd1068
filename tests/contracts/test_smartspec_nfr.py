"""NFR parsing: each written form, ids, categories, findings, upstream's own sample spec."""

from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.contracts.smartspec.nfr import (
    Threshold,
    derived_id,
    parse_nfrs,
    parse_threshold,
)

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / ".." / "shared" / "reference" / "smartspec"
EXAMPLE = ROOT / "examples/smartspec/specs/core/spec-core-001-authentication/spec.md"

TABLE = """
### Non-Functional Requirements

| Category | Requirement | Metric | Target |
|---|---|---|---|
| Performance | p99 Latency | `api_latency_p99` | < 200ms |
| Reliability | Error Rate | `api_error_rate` | < 0.1% |
| Availability | Uptime | `api_uptime` | > 99.9% |
"""


def test_table_form() -> None:
    got = parse_nfrs(TABLE)
    assert [(n.metric, n.category, n.threshold, n.form) for n in got.nfrs] == [
        ("api_latency_p99", "latency", Threshold("<", 200, "ms"), "table"),
        ("api_error_rate", "error_rate", Threshold("<", 0.1, "%"), "table"),
        ("api_uptime", "availability", Threshold(">", 99.9, "%"), "table"),
    ]
    assert got.findings == ()


def test_table_with_an_id_column_keeps_the_ids() -> None:
    text = (
        "## NFR\n\n| ID | Requirement | Target | Notes |\n|---|---|---|---|\n"
        "| NFR-1 | API latency | <= 300 ms | p95 |\n| NFR-2 | Throughput | >= 500 rps | |\n"
    )
    got = parse_nfrs(text)
    assert [(n.id, n.category, n.threshold) for n in got.nfrs] == [
        ("NFR-1", "latency", Threshold("<=", 300, "ms")),
        ("NFR-2", "throughput", Threshold(">=", 500, "rps")),
    ]
    assert not any(n.id_derived for n in got.nfrs)


def test_bullet_form_under_performance_and_reliability() -> None:
    text = (
        "### Non-Functional Requirements\n\n#### Performance\n"
        "- Authentication response time < 500ms\n- Support 1000 concurrent users\n"
        "- Database query optimization\n\n#### Reliability\n- 99.9% uptime SLA\n"
        "- Automatic failover\n\n#### Security\n- JWT tokens with 1-hour expiration\n"
    )
    got = parse_nfrs(text)
    assert [(n.requirement, n.category, n.threshold, n.form) for n in got.nfrs] == [
        ("Authentication response time", "latency", Threshold("<", 500, "ms"), "bullet"),
        ("Support concurrent users", "throughput", Threshold(">=", 1000, "users"), "bullet"),
        ("uptime SLA", "availability", Threshold(">=", 99.9, "%"), "bullet"),
    ]
    # measurable sections without a target are findings; Security is not monitored at all
    assert [(f.text, f.reason) for f in got.findings] == [
        ("Database query optimization", "no measurable target"),
        ("Automatic failover", "no measurable target"),
    ]


def test_bold_field_form() -> None:
    text = (
        "## SLO\n\n- **Recovery time:** < 5 minutes\n- **Login page load:** under 2 s\n"
        "- **NFR-UX-7 First paint:** <= 1.5s\n"
    )
    got = parse_nfrs(text)
    assert [(n.requirement, n.category, n.threshold, n.form) for n in got.nfrs] == [
        ("Recovery time", "reliability", Threshold("<", 5, "min"), "field"),
        ("Login page load", "ux", Threshold("<", 2, "s"), "field"),
        ("NFR-UX-7 First paint", "ux", Threshold("<=", 1.5, "s"), "field"),
    ]


@pytest.mark.parametrize(
    ("section", "bullet", "category"),
    [
        ("Performance", "API p95 under 300 ms", "latency"),
        ("Performance", "Throughput at least 200 rps", "throughput"),
        ("Reliability", "Error rate below 0.5%", "error_rate"),
        ("SLA", "Availability >= 99.95%", "availability"),
        ("UX Performance", "Largest contentful paint < 2.5s", "ux"),
        ("Reliability", "MTTR < 30 minutes", "reliability"),
        ("SLO", "Queue depth < 100", "other"),
    ],
)
def test_categories(section: str, bullet: str, category: str) -> None:
    got = parse_nfrs(f"## {section}\n- {bullet}\n")
    assert [n.category for n in got.nfrs] == [category]


def test_explicit_ids_are_kept_and_missing_ids_are_stable() -> None:
    text = "## Performance\n- NFR-PERF-01: Search latency < 100ms\n- Checkout latency < 250ms\n"
    first = parse_nfrs(text).nfrs
    assert first[0].id == "NFR-PERF-01" and not first[0].id_derived
    assert first[1].id.startswith("NFR-LAT-") and first[1].id_derived
    # editing another line, re-ordering or re-spacing keeps the derived id
    moved = "## Performance\n- Checkout   latency < 250ms\n- Login latency < 90ms\n"
    assert parse_nfrs(moved).nfrs[0].id == first[1].id
    assert derived_id("latency", "Checkout latency") == first[1].id


def test_same_wording_twice_gets_two_ids() -> None:
    got = parse_nfrs("## SLO\n- Latency < 100ms\n- Latency < 100ms\n")
    ids = [n.id for n in got.nfrs]
    assert len(set(ids)) == 2 and ids[1] == f"{ids[0]}-2"


def test_code_blocks_and_other_sections_are_ignored() -> None:
    text = (
        "## Constraints\n- API response time must be < 500ms\n\n"
        "## Performance\n```\n- x < 1ms\n```\n"
    )
    got = parse_nfrs(text)
    assert got.nfrs == () and got.findings == ()


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("< 200ms", Threshold("<", 200, "ms")),
        ("≤ 1,500 ms", Threshold("<=", 1500, "ms")),
        ("> 99.9%", Threshold(">", 99.9, "%")),
        ("at least 50 req/s", Threshold(">=", 50, "rps")),
        ("within 2 seconds", Threshold("<=", 2, "s")),
        ("no more than 0.1 %", Threshold("<=", 0.1, "%")),
        ("fast", None),
    ],
)
def test_thresholds(text: str, want: Threshold | None) -> None:
    assert parse_threshold(text) == want


def test_the_example_spec_has_every_form() -> None:
    got = parse_nfrs(EXAMPLE.read_text(encoding="utf-8"))
    assert {n.form for n in got.nfrs} == {"table", "bullet", "field"}


def test_upstream_sample_spec() -> None:
    sample = UPSTREAM / "examples/validators/good/sample-spec-from-prompt.md"
    if not sample.is_file():
        pytest.skip("the shared SmartSpec reference is not on this machine")
    got = parse_nfrs(sample.read_text(encoding="utf-8"))
    assert [(n.requirement, n.category, n.threshold.text) for n in got.nfrs] == [
        ("Authentication response time", "latency", "< 500 ms"),
        ("Support concurrent users", "throughput", ">= 1000 users"),
        ("uptime SLA", "availability", ">= 99.9%"),
    ]
