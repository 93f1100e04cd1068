"""`pulse validate`: readable and --json output, exit codes 0 / 1 / 2, one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner
from vortex_pulse.pulse.cli import app

from tests.support.contract_files import FIXTURES

BUSY = FIXTURES / "hc4-busy-parents-2026-03-01.md"
HC5S = [
    FIXTURES / "hc5-busy-parents-2026-03-01.md",
    FIXTURES / "hc5-example-decision-eliminator.md",
]


def validate(*args: str | Path) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, ["validate", *map(str, args)])
    return res.exit_code, res.stdout, res.stderr


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_json_shape_for_hc4() -> None:
    code, out, err = validate("--json", BUSY)
    assert (code, err) == (0, "")
    (item,) = json.loads(out)
    assert list(item) == [
        "path",
        "contract",
        "compliant",
        "readiness",
        "missing",
        "findings",
        "baselines",
    ]
    assert (item["contract"], item["compliant"], item["readiness"]) == ("HC4", "Yes", "Ready")
    action = next(b for b in item["baselines"] if b["metric"] == "Action rate")
    assert {
        k: action[k]
        for k in (
            "unit",
            "expected_low",
            "expected_high",
            "investigate_op",
            "investigate_value",
            "persistence",
            "higher_is_better",
            "source",
        )
    } == {
        "unit": "%",
        "expected_low": 60.0,
        "expected_high": 75.0,
        "investigate_op": "<",
        "investigate_value": 50.0,
        "persistence": None,
        "higher_is_better": True,
        "source": "hc4",
    }
    tta = next(b for b in item["baselines"] if b["metric"] == "Time-to-action")
    assert (tta["investigate_op"], tta["investigate_value"], tta["unit"]) == (">", 10.0, "min")
    assert tta["expected_low"] is None
    for finding in item["findings"]:
        assert set(finding) == {"level", "field", "message"}


def test_json_for_hc5_has_no_readiness_or_baselines() -> None:
    code, out, _ = validate("--json", *HC5S)
    assert code == 0
    items = json.loads(out)
    assert [(i["contract"], i["compliant"], i["readiness"], i["baselines"]) for i in items] == [
        ("HC5", "Yes", None, None),
        ("HC5", "Yes", None, None),
    ]


def test_one_non_compliant_file_exits_1() -> None:
    code, out, _ = validate("--json", BUSY, FIXTURES / "hc5-strategy.md")
    assert code == 1
    items = json.loads(out)
    assert [i["compliant"] for i in items] == ["Yes", "No"]
    assert any("We recommend pivoting" in f["message"] for f in items[1]["findings"])


def test_readable_output() -> None:
    code, out, err = validate(FIXTURES / "hc4-multicolumn-thresholds.md")
    assert (code, err) == (1, "")
    assert "HC4  compliant: Partial  readiness: Ready" in out
    assert "missing: Production Readiness.Metrics to Monitor" in out
    assert "baseline Checkout completion: expected 80-90%; investigate < 70% for 2+ days" in out
    assert 'Support escalations: threshold kept as text: "Any consultant stops mid-' in out


def test_contract_detected_from_content_without_frontmatter(tmp_path: Path) -> None:
    hc5 = tmp_path / "report.md"
    hc5.write_text(HC5S[0].read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")
    hc4 = FIXTURES / "hc4-partial.md"
    other = tmp_path / "notes.md"
    other.write_text("# Shopping list\n\n- eggs\n", encoding="utf-8")
    code, out, _ = validate("--json", hc5, hc4, other)
    assert code == 1
    items = json.loads(out)
    assert [(i["contract"], i["compliant"]) for i in items] == [
        ("HC5", "No"),
        ("HC4", "No"),
        ("unknown", "No"),
    ]
    assert items[2]["findings"][0]["field"] == "Frontmatter.contract"


def _unreadable(tmp_path: Path, kind: str) -> Path:
    if kind == "missing":
        return tmp_path / "missing.md"
    if kind == "broken-yaml":
        return FIXTURES / "hc4-broken-yaml.md"
    path = tmp_path / f"{kind}.md"
    path.write_bytes(b"\x89PNG\x00\x00" if kind == "binary" else b"caf\xe9")
    return path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("missing", "missing.md: no such file"),
        ("binary", "binary.md: binary file"),
        ("latin", "latin.md: not UTF-8"),
        ("broken-yaml", "hc4-broken-yaml.md: frontmatter: invalid YAML at line 4"),
    ],
)
def test_unreadable_input_exits_2_with_one_line(tmp_path: Path, kind: str, expected: str) -> None:
    code, out, err = validate(BUSY, _unreadable(tmp_path, kind))
    assert code == 2
    assert out == ""  # nothing half-printed for the readable file
    line = one_line(err)
    assert line.startswith("pulse: ") and expected in line


def test_usage_error_without_files() -> None:
    code, _, err = validate()
    assert code == 2
    assert "Traceback" not in err


def test_console_script(tmp_path: Path) -> None:
    pulse = Path(sys.executable).parent / "pulse"
    if not pulse.exists():
        pytest.skip("console script not installed")
    target = tmp_path / "hc4.md"
    shutil.copy(BUSY, target)
    done = subprocess.run(
        [str(pulse), "validate", str(target)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert f"{target}  HC4  compliant: Yes  readiness: Ready" in done.stdout


def test_file_content_is_not_rich_markup(tmp_path: Path) -> None:
    text = BUSY.read_text(encoding="utf-8").replace(
        "Action rate (target", "[red]Action[/red] rate (target"
    )
    target = tmp_path / "markup.md"
    target.write_text(text, encoding="utf-8")
    code, out, err = validate(target)
    assert code == 0, err
    assert "baseline [red]Action[/red] rate: expected 60-75%" in out


def test_hc10_and_maxs_brief_validate_and_other_files_are_not_contracts(tmp_path: Path) -> None:
    from datetime import date

    from vortex_pulse.pulse.pipeline import run_pass
    from vortex_pulse.signals.synthetic import generate

    from tests.graphs.test_branches import service_config

    r = run_pass(
        service_config(tmp_path, generate("step_drop").to_series("svc")), date=date(2026, 3, 2)
    )
    (hc10,) = r.hc10_paths
    assert r.brief_path is not None
    code, out, _ = validate("--json", hc10, r.brief_path)
    assert code == 0, out
    results = json.loads(out)
    assert [(x["contract"], x["compliant"]) for x in results] == [("HC10", "Yes"), ("brief", "Yes")]
    broken = tmp_path / "broken-hc10.md"
    text = hc10.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("- isla", "- max").split("## Discovery Focus")[0], encoding="utf-8"
    )
    code, out, _ = validate("--json", broken)
    assert code == 1
    fields = {f["field"] for f in json.loads(out)[0]["findings"]}
    assert {"Frontmatter.target_agents", "Discovery Focus"} <= fields
    code, _, err = validate(r.json_path)
    assert code == 2 and "not a contract file" in one_line(err)
    renamed = tmp_path / "report.md"
    renamed.write_text(r.json_path.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = validate(renamed)
    assert code == 2 and "not a contract file" in one_line(err)


def test_a_toml_file_is_not_a_contract_file_and_not_called_json(tmp_path: Path) -> None:
    toml = tmp_path / "pyproject.toml"
    toml.write_text('[build-system]\nrequires = ["setuptools"]\n', encoding="utf-8")
    code, _, err = validate(toml)
    assert code == 2 and "not a contract file" in one_line(err) and "JSON" not in err
    # a markdown file that opens with a bracket is read as markdown, not refused as JSON
    md = tmp_path / "notes.md"
    md.write_text("[draft] notes\n", encoding="utf-8")
    code, _, err = validate(md)
    assert code == 1 and "JSON" not in err


def test_a_markdown_file_of_nested_brackets_is_one_finding_not_an_internal_error(
    tmp_path: Path,
) -> None:
    """Deeper than JSON's parser goes: not JSON, so read as markdown (no contract found)."""
    deep = tmp_path / "deep.md"
    deep.write_text("[" * 200_000, encoding="utf-8")
    code, out, err = validate(deep)
    assert code == 1 and "internal error" not in err + out and "compliant: No" in out
