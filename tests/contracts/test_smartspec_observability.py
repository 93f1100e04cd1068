"""observability.yaml: upstream's shape reads; secrets are only env references, never echoed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from vortex_pulse.contracts.smartspec.observability import env_ref, load_observability
from vortex_pulse.core.errors import ConfigError

CANARY = "dd-canary-7f3a9c0e55b1"

UPSTREAM = """provider: datadog
api_key: "{{env.DATADOG_API_KEY}}"
metrics:
  - name: api_latency_p99
    query: "avg:trace.rack.request.duration{service:my-api,env:prod}.p99"
  - name: api_error_rate
    query: "sum:trace.rack.request.errors{service:my-api,env:prod}.as_rate()"
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "observability.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_upstream_example_reads(tmp_path: Path) -> None:
    cfg = load_observability(_write(tmp_path, UPSTREAM))
    assert cfg.provider == "datadog" and cfg.api_key == "DATADOG_API_KEY"
    assert [m.name for m in cfg.metrics] == ["api_latency_p99", "api_error_rate"]


@pytest.mark.parametrize(
    ("text", "name"),
    [("{{env.DD_KEY}}", "DD_KEY"), ("{{ env.DD_KEY }}", "DD_KEY"), ("env:DD_KEY", "DD_KEY"),
     ("DD_KEY", None), ("{{env.}}", None), ("$DD_KEY", None)],
)  # fmt: skip
def test_env_references(text: str, name: str | None) -> None:
    assert env_ref(text) == name


def test_a_literal_key_is_refused_without_repeating_it(tmp_path: Path) -> None:
    p = _write(tmp_path, UPSTREAM.replace('"{{env.DATADOG_API_KEY}}"', CANARY))
    with pytest.raises(ConfigError) as err:
        load_observability(p)
    assert "api_key" in str(err.value) and CANARY not in str(err.value)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("provider: splunk\nmetrics: [{name: a, query: b}]\n", "provider"),
        ("provider: file\npath: x.csv\nmetrics: []\n", "metrics"),
        ("provider: file\npath: x.csv\nmetrics: [{name: a}]\n", "metrics[0].query"),
        ("provider: file\npath: x.csv\nmetric: [{name: a, query: b}]\n", "metric"),
        ("provider: file\nmetrics: [{name: a, query: b}]\n", "path"),
        ("provider: prometheus\nmetrics: [{name: a, query: b}]\n", "url"),
        (
            "provider: file\npath: x\nslo: {compliance_period: month}\n"
            "metrics: [{name: a, query: b}]\n",
            "slo.compliance_period",
        ),
        (
            "provider: file\npath: x\nmetrics: [{name: a, query: b}, {name: a, query: c}]\n",
            "metrics",
        ),
    ],
)
def test_bad_files_name_the_field(tmp_path: Path, text: str, field: str) -> None:
    with pytest.raises(ConfigError, match="observability.yaml: " + re.escape(field) + ":"):
        load_observability(_write(tmp_path, text))


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid YAML at line 2"):
        load_observability(_write(tmp_path, "provider: file\napi_key: {{env.X}}\n"))


@pytest.mark.parametrize("value", [".inf", ".nan"])
def test_a_timeout_is_a_finite_number(tmp_path: Path, value: str) -> None:
    # An infinite timeout would let one stuck provider hold a pass forever.
    text = f"provider: file\npath: x\ntimeout_s: {value}\nmetrics: [{{name: a, query: b}}]\n"
    with pytest.raises(ConfigError, match=r"observability.yaml: timeout_s:"):
        load_observability(_write(tmp_path, text))
