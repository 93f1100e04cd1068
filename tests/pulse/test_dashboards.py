"""`pulse dashboards --spec-id`: the Grafana JSON loads back through the SDK's own model, and
every panel's query and thresholds are the SLO's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from grafana_foundation_sdk.models.dashboard import Dashboard
from typer.testing import CliRunner
from vortex_pulse.contracts.smartspec.observability import load_observability
from vortex_pulse.pulse.cli import app

from tests.support.smartspec_project import SPEC_DIR, SPEC_ID, project

TARGETS = {  # the example spec's targets by metric: (op side, value)
    "api_latency_p99": ("below", 200.0),
    "api_error_rate": ("below", 0.1),
    "api_uptime": ("above", 99.9),
    "authentication_response_time": ("below", 500.0),
    "login_success_rate": ("above", 99.5),
    "login_page_load": ("below", 2.0),
}


def _dashboard(tmp_path: Path, obs_name: str) -> tuple[dict, Path]:  # type: ignore[type-arg]
    proj = project(tmp_path)
    out = tmp_path / "dash.json"
    obs = proj / SPEC_DIR / obs_name
    res = CliRunner().invoke(app, ["dashboards", "--spec-id", SPEC_ID, "--project", str(proj),
                                   "--observability", str(obs), "-o", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.stderr
    return json.loads(out.read_text()), obs


@pytest.mark.parametrize(
    ("obs_name", "plugin", "query_key"),
    [("observability.prometheus.yaml", "prometheus", "expr"),
     ("observability.datadog.yaml", "grafana-datadog-datasource", "query")],
)  # fmt: skip
def test_every_panel_has_its_slo_query_and_thresholds(
    tmp_path: Path, obs_name: str, plugin: str, query_key: str
) -> None:
    raw, obs_path = _dashboard(tmp_path, obs_name)
    model = Dashboard.from_json(raw)  # the SDK's own reader accepts what we wrote
    assert model.uid and model.title and SPEC_ID in model.title
    (var,) = raw["templating"]["list"]
    assert (var["type"], var["name"], var["query"]) == ("datasource", "datasource", plugin)
    queries = {m.name: m.query for m in load_observability(obs_path).metrics}
    slo_panels = [p for p in raw["panels"] if "burn rate" not in p["title"]]
    seen = set()
    for p in slo_panels:
        assert p["datasource"] == {"type": plugin, "uid": "${datasource}"}
        metric = p["description"].rsplit("metric ", 1)[1]
        (target,) = p["targets"]
        assert target[query_key] == queries[metric]
        side, value = TARGETS[metric]
        steps = p["fieldConfig"]["defaults"]["thresholds"]["steps"]
        good, bad = ("green", "red") if side == "below" else ("red", "green")
        assert steps == [{"value": None, "color": good}, {"value": value, "color": bad}]
        assert p["fieldConfig"]["defaults"]["custom"]["thresholdsStyle"]["mode"] == "line+area"
        seen.add(metric)
    assert seen == set(TARGETS)
    burn = [p for p in raw["panels"] if "burn rate" in p["title"]]
    if plugin == "prometheus":  # one burn-rate panel per ratio SLO, over the recorded rules
        assert len(burn) == 3
        for p in burn:
            assert [t["expr"].split("{")[0] for t in p["targets"]] == [
                f"smartspec:slo_bad_fraction:avg{w}" for w in ("1h", "6h", "3d")
            ]
            steps = [s["value"] for s in p["fieldConfig"]["defaults"]["thresholds"]["steps"]]
            assert steps == [None, 1.0, 6.0, 14.4]
    else:
        assert burn == []
