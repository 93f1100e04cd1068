"""Grafana dashboards for a SmartSpec spec's SLOs, built with the official
`grafana-foundation-sdk` (`pulse dashboards --spec-id`).

One time-series panel per SLO: its metric's query, the target drawn as a threshold (green on
the good side, red on the other), the unit of the target. Ratio SLOs on Prometheus also get
a burn-rate panel over the recording rules of `pulse rules --spec-id` (1h, 6h and 3d burn
rates, thresholds at 1x, 6x and 14.4x). The datasource is a dashboard variable
(`$datasource`) of the observability provider's type, so one file serves every instance.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from grafana_foundation_sdk.builders import common as common_b
from grafana_foundation_sdk.builders import dashboard as dash_b
from grafana_foundation_sdk.builders import prometheus as prom_b
from grafana_foundation_sdk.builders import timeseries
from grafana_foundation_sdk.cog import builder as cogbuilder
from grafana_foundation_sdk.cog import variants as cogvariants
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.cog.runtime import UnknownDataquery
from grafana_foundation_sdk.models import common as common_m
from grafana_foundation_sdk.models import dashboard as dash_m
from vortex_pulse.pulse.slo_rules import RECORD
from vortex_pulse.signals.slo.burn import WINDOW_PAIRS
from vortex_pulse.signals.slo.objectives import Slo

DATASOURCE_VAR = "datasource"
PLUGIN = {"prometheus": "prometheus", "datadog": "grafana-datadog-datasource"}
GRAFANA_UNIT = {"ms": "ms", "s": "s", "min": "m", "h": "h", "%": "percent", "rps": "reqps"}
GOOD, BAD, WARN = "green", "red", "orange"
BURN_WINDOWS = ("1h", "6h", "3d")


class DatadogQuery(cogbuilder.Builder[cogvariants.Dataquery]):
    """A Datadog target: the SDK has no Datadog builder, and keeps unknown queries as
    `UnknownDataquery` (its own bag for other plugins' queries)."""

    def __init__(self, query: str, ref_id: str = "A") -> None:
        self._internal = UnknownDataquery({"refId": ref_id, "queryText": query, "query": query})

    def build(self) -> cogvariants.Dataquery:
        return self._internal


def _ref(provider: str) -> dash_m.DataSourceRef:
    return dash_m.DataSourceRef(type_val=PLUGIN[provider], uid=f"${{{DATASOURCE_VAR}}}")


def steps_for(slo: Slo) -> list[dash_m.Threshold]:
    """Grafana colours from a step's value upwards: the base step (value None) covers below."""
    if slo.op in ("<", "<="):
        return [dash_m.Threshold(None, GOOD), dash_m.Threshold(slo.target, BAD)]
    return [dash_m.Threshold(None, BAD), dash_m.Threshold(slo.target, GOOD)]


def _thresholds(steps: list[dash_m.Threshold]) -> dash_b.ThresholdsConfig:
    return dash_b.ThresholdsConfig().mode(dash_m.ThresholdsMode.ABSOLUTE).steps(steps)


def _style() -> common_b.GraphThresholdsStyleConfig:
    return common_b.GraphThresholdsStyleConfig().mode(
        common_m.GraphTresholdsStyleMode.LINE_AND_AREA
    )


def slo_panel(slo: Slo, provider: str) -> timeseries.Panel:
    target: cogbuilder.Builder[Any]
    if provider == "datadog":
        target = DatadogQuery(slo.query)
    else:
        target = prom_b.Dataquery().expr(slo.query).legend_format(slo.metric).ref_id("A")
    text = slo.target_text
    panel = (
        timeseries.Panel()
        .title(f"{slo.name}: target {text}")
        .description(f"{slo.id} ({slo.category}); metric {slo.metric}")
        .datasource(_ref(provider))
        .with_target(target)
        .thresholds(_thresholds(steps_for(slo)))
        .thresholds_style(_style())
        .height(8)
        .span(12)
    )
    if slo.unit in GRAFANA_UNIT:
        panel = panel.unit(GRAFANA_UNIT[slo.unit])
    return panel


def burn_panel(slo: Slo, spec_id: str) -> timeseries.Panel:
    assert slo.budget is not None
    budget = f"{slo.budget:.12g}"
    panel = (
        timeseries.Panel()
        .title(f"{slo.name}: error budget burn rate")
        .description(
            "1x spends the budget exactly over the period; page above 14.4x (1h)"
            " or 6x (6h), ticket above 1x (3d)"
        )  # fmt: skip
        .datasource(_ref("prometheus"))
        .thresholds(
            _thresholds(
                [
                    dash_m.Threshold(None, GOOD),
                    *(
                        dash_m.Threshold(p.factor, BAD if p.severity == "page" else WARN)
                        for p in sorted(WINDOW_PAIRS, key=lambda p: p.factor)
                    ),
                ]
            )
        )  # fmt: skip
        .thresholds_style(_style())
        .height(8)
        .span(12)
    )
    for i, w in enumerate(BURN_WINDOWS):
        sel = f'spec_id="{spec_id}",slo="{slo.id}"'
        panel = panel.with_target(
            prom_b.Dataquery()
            .expr(f"{RECORD.format(window=w)}{{{sel}}} / {budget}")
            .legend_format(f"burn rate {w}")
            .ref_id(chr(ord("A") + i))
        )
    return panel


def dashboard(
    spec_id: str, service: str, provider: str, slos: list[Slo] | tuple[Slo, ...]
) -> dict[str, Any]:
    if provider not in PLUGIN:
        raise ValueError(provider)
    uid = "smartspec-" + hashlib.sha256(spec_id.encode()).hexdigest()[:16]
    variable = dash_b.DatasourceVariable(DATASOURCE_VAR).label("Data source").type(PLUGIN[provider])
    builder = (
        dash_b.Dashboard(f"SmartSpec SLOs: {service} ({spec_id})")
        .uid(uid)
        .tags(["smartspec", "slo", spec_id])
        .time("now-7d", "now")
        .with_variable(variable)
    )
    for slo in slos:
        builder = builder.with_panel(slo_panel(slo, provider))
        if slo.kind == "ratio" and provider == "prometheus":
            builder = builder.with_panel(burn_panel(slo, spec_id))
    out: dict[str, Any] = json.loads(json.dumps(builder.build(), cls=JSONEncoder))
    return out
