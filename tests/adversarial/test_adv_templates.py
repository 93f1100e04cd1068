"""HC4 text is data in every output language: Prometheus templates, Markdown, HTML, paths."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.core.paths import PathEscape, confined, slug
from vortex_pulse.pulse.rules import rule_groups, template_text, to_yaml
from vortex_pulse.signals.facts import ExperimentSpec, MetricSpec

HOSTILE = [
    '{{ with query "up" }}{{ . }}{{ end }}',
    "{{ range }}",
    "{{",
    "ends with a brace {",
    "}} closes nothing {{- /* comment */ -}}",
]


def _spec(name: str) -> ExperimentSpec:
    b = Baseline(
        metric=name, unit=name[:8] or "%", expected_low=60.0, expected_high=75.0,
        investigate_op="<", investigate_value=50.0, persistence=f"for 2+ days {name}",
        persistence_seconds=172800.0, higher_is_better=True,
    )  # fmt: skip
    m = MetricSpec(name=name, series="rate", query='up{job="x"}', baseline=b)
    return ExperimentSpec(id="exp", name=f"Exp {name}", metrics=[m])


def _annotation_texts(doc: dict) -> list[str]:
    return [
        v
        for g in doc["groups"]
        for r in g["rules"]
        for v in [*r["annotations"].values(), *r["labels"].values()]
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_template_text_leaves_no_action_of_its_own(text: str) -> None:
    out = template_text(text)
    # Remove our escapes: what is left must hold no '{' at all.
    assert "{" not in out.replace('{{ "{" }}', "")


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed")
def test_hostile_hc4_names_give_rules_promtool_accepts(tmp_path: Path) -> None:
    doc, _ = rule_groups([_spec(t) for t in HOSTILE[:1]] + [_spec(HOSTILE[1])])
    # one group per experiment id: make the ids distinct
    for i, g in enumerate(doc["groups"]):
        g["name"] = f"g{i}"
    f = tmp_path / "rules.yml"
    f.write_text(to_yaml(doc))
    res = subprocess.run(
        ["promtool", "check", "rules", str(f)], capture_output=True, text=True, timeout=60
    )
    assert res.returncode == 0, res.stdout + res.stderr
    texts = _annotation_texts(yaml.safe_load(f.read_text()))
    assert not any("{{ with" in t or "{{ range" in t for t in texts)


def test_slug_and_confinement(tmp_path: Path) -> None:
    assert slug("dinner-suggestions") == "dinner-suggestions"
    s = slug("../../../../PWNED")
    assert "/" not in s and not s.startswith(".")
    assert slug("a/b") != slug("a_b") and slug("").startswith("item")
    base = tmp_path / "confine"
    with pytest.raises(PathEscape):
        confined(base, "../escape.md")
    with pytest.raises(PathEscape):
        confined(base, "/etc/passwd")
    assert confined(base, "hc10-x.md") == base.resolve() / "hc10-x.md"


def test_symlink_escape_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "artifacts"
    folder.mkdir()
    (folder / "hc10-x.md").symlink_to(tmp_path.parent / "elsewhere.md")
    with pytest.raises(PathEscape):
        confined(folder, "hc10-x.md")


def test_hostile_names_stay_text_in_the_hc5_table_and_the_html(tmp_path: Path) -> None:
    from tests.adversarial.support import example_raw, run_cli, write_config

    raw = example_raw(tmp_path)
    hostile = 'Dinner | <script>alert(1)</script> {{ with query "up" }} ### x'
    raw["portfolio"][0]["name"] = hostile
    code, _out, err = run_cli("run", str(write_config(tmp_path, raw)), "--date", "2026-11-19")
    assert code == 0, err  # the HC5 was validated before it was written
    html = next((tmp_path / "reports").glob("*.html")).read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    hc5 = next((tmp_path / "out" / "vortex-artifacts").glob("hc5-*.md")).read_text()
    row = next(ln for ln in hc5.splitlines() if ln.startswith("| P") and "alert(1)" in ln)
    header = next(ln for ln in hc5.splitlines() if ln.startswith("| Priority"))
    # the pipe in the name is escaped: the row has as many cells as the header
    assert row.replace("\\|", "").count("|") == header.count("|")
