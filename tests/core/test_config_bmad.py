"""core/config_bmad.py: BMAD's module config, HC4 discovery, the pulse.yaml sidecar."""

from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.core.config import load_config
from vortex_pulse.core.config_bmad import experiment_id, load_any, load_bmad_config
from vortex_pulse.core.errors import ConfigError

HC4 = "---\ncontract: HC4\ntype: artifact\n---\n\n# HC4 Experiment Context: {name}\n"


def project(tmp: Path, output_folder: str, sidecar: str | None = "signals: s.csv\n") -> Path:
    cfg = tmp / "_bmad/bme/_vortex/config.yaml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f'output_folder: "{output_folder}"\nuser_name: Ana\n', encoding="utf-8")
    if sidecar is not None:
        (tmp / "pulse.yaml").write_text(sidecar, encoding="utf-8")
    return tmp


def hc4(folder: Path, name: str, text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text or HC4.format(name=name), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "spelled",
    ["{project-root}/_bmad-output/vortex-artifacts", "{project-root}/_bmad-output", "_bmad-output"],
)
def test_the_output_folder_means_the_same_place_however_it_is_spelled(
    tmp_path: Path, spelled: str
) -> None:
    root = project(tmp_path, spelled)
    hc4(root / "_bmad-output/vortex-artifacts", "hc4-alpha-2026-02-20.md")
    cfg = load_bmad_config(root)
    assert cfg.output_folder == root / "_bmad-output"
    assert cfg.checkpoint.path == root / ".pulse/checkpoints.sqlite"
    assert cfg.signals == root / "s.csv"


def test_a_plain_config_naming_the_artifacts_folder_is_not_doubled(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("output_folder: out/vortex-artifacts\n", encoding="utf-8")
    assert load_config(path).output_folder == tmp_path / "out"


def test_hc4s_are_found_by_frontmatter_whatever_their_name(tmp_path: Path) -> None:
    root = project(tmp_path, "{project-root}/_bmad-output/vortex-artifacts")
    art = root / "_bmad-output/vortex-artifacts"
    hc4(art, "forge-experiment-hc4-shadow-2026-03-21.md")
    hc4(art, "notes.md", "---\ncontract: HC4\nexperiment_id: pricing\n---\n# x\n")
    hc4(art, "hc5-portfolio-report-2026-03-01.md", "---\ncontract: HC5\n---\n# HC5\n")
    hc4(art, "readme.md", "# no frontmatter\n")
    hc4(art, "broken.md", "---\ncontract: [HC4\n---\n")
    cfg = load_bmad_config(root)
    assert sorted((e.id, e.hc4.name if e.hc4 else None) for e in cfg.portfolio) == [
        ("forge-shadow", "forge-experiment-hc4-shadow-2026-03-21.md"),
        ("pricing", "notes.md"),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("hc4-experiment-alpha-2026-02-20.md", "alpha"),
        ("hc4-dinner-suggestions.md", "dinner-suggestions"),
        ("forge-experiment-hc4-shadow-2026-03-21.md", "forge-shadow"),
        ("Checkout_Latency HC4.md", "checkout-latency"),
    ],
)
def test_experiment_ids_come_from_the_file_name(name: str, expected: str) -> None:
    assert experiment_id(Path(name), {}) == expected


def test_the_sidecar_overrides_skips_and_adds(tmp_path: Path) -> None:
    side = (
        "signals: s.csv\n"
        "experiments:\n"
        "  alpha: {scope: wide, metrics: {'Action rate': rate}}\n"
        "  beta: {skip: true}\n"
        "portfolio:\n"
        "  - {id: api, baselines: {availability: {expected: [99.5, 100]}}}\n"
    )
    root = project(tmp_path, "_bmad-output", side)
    art = root / "_bmad-output/vortex-artifacts"
    hc4(art, "hc4-alpha.md")
    hc4(art, "hc4-beta.md")
    cfg = load_bmad_config(root)
    assert [e.id for e in cfg.portfolio] == ["alpha", "api"]
    assert cfg.portfolio[0].scope == "wide"
    assert cfg.portfolio[0].metric_refs()["Action rate"].series == "rate"


@pytest.mark.parametrize(
    ("side", "message"),
    [
        ("experiments: {gamma: {scope: wide}}\n", "experiments.gamma: no HC4 with this id"),
        ("experiments: {alpha: {scoop: wide}}\n", "experiments.alpha.scoop: unknown key"),
        ("experiments: {alpha: {skip: maybe}}\n", "experiments.alpha.skip: expected true or false"),
        # list positions read as in config.yaml ("related[0]"), not "related.0"
        ("experiments: {alpha: {related: [{}]}}\n", "experiments.alpha.related[0]: "),
        ("output_folder: x\n", "output_folder: set it in _bmad/bme/_vortex/config.yaml"),
        ("window: {lookbak: 2d}\n", "window.lookbak: unknown key"),
        ("signals: [\n", "invalid YAML at line"),
    ],
)
def test_sidecar_mistakes_are_one_line_naming_the_file_and_field(
    tmp_path: Path, side: str, message: str
) -> None:
    root = project(tmp_path, "_bmad-output", side)
    hc4(root / "_bmad-output/vortex-artifacts", "hc4-alpha.md")
    with pytest.raises(ConfigError) as exc:
        load_bmad_config(root)
    assert str(exc.value).startswith(str(root / "pulse.yaml"))
    assert message in str(exc.value)


def test_two_hc4s_deriving_one_id_are_named(tmp_path: Path) -> None:
    root = project(tmp_path, "_bmad-output")
    art = root / "_bmad-output/vortex-artifacts"
    hc4(art, "hc4-alpha-2026-01-01.md")
    hc4(art, "hc4-alpha-2026-02-01.md")
    with pytest.raises(ConfigError, match="also derived from hc4-alpha-2026-01-01.md"):
        load_bmad_config(root)


def test_no_hc4_and_no_portfolio_says_what_to_do(tmp_path: Path) -> None:
    root = project(tmp_path, "_bmad-output")
    with pytest.raises(ConfigError, match="no HC4 found"):
        load_bmad_config(root)


def test_load_any_finds_the_project_from_a_subfolder_or_takes_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path, "_bmad-output")
    hc4(root / "_bmad-output/vortex-artifacts", "hc4-alpha.md")
    sub = root / "docs"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert [e.id for e in load_any(Path("config.yaml")).portfolio] == ["alpha"]
    assert [e.id for e in load_any(root).portfolio] == ["alpha"]
    with pytest.raises(ConfigError, match="config file not found"):
        load_any(Path("other.yaml"))
