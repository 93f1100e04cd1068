"""config.yaml loading: the contract keys, path resolution and one-line errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.core.config import load_config, parse_duration, parse_timestamp
from vortex_pulse.core.errors import ConfigError


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "config.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_issue6_contract_block_loads(tmp_path: Path) -> None:
    cfg = load_config(
        _write(
            tmp_path,
            """
window: {lookback: 21d, end: now}
sources:
  prom: {type: prometheus, url: "http://127.0.0.1:9090"}
portfolio:
  - id: onboarding
    metrics:
      "Action rate":
        source: prom
        query: 'pulse_signal{experiment="onboarding",metric="action_rate"}'
alerting:
  sinks:
    - {type: alertmanager, url: "http://127.0.0.1:9093"}
    - {type: webhook, url: "http://127.0.0.1:1/hook", format: slack}
    - {type: file, path: .pulse/alerts.jsonl}
""",
        )
    )
    assert cfg.window.lookback_td.days == 21
    ref = cfg.portfolio[0].metric_refs()["Action rate"]
    assert ref.source == "prom" and "onboarding" in (ref.query or "")
    assert [s.type for s in cfg.alerting.sinks] == ["alertmanager", "webhook", "file"]
    # relative paths resolve from the config's folder, not the working directory
    assert cfg.alerting.sinks[2].path == tmp_path / ".pulse/alerts.jsonl"


def test_relative_paths_resolve_from_config_folder(tmp_path: Path) -> None:
    cfg = load_config(
        _write(tmp_path, "signals: data/s.csv\nportfolio:\n  - {id: a, hc4: docs/a.md}\n")
    )
    assert cfg.signals == tmp_path / "data/s.csv"
    assert cfg.portfolio[0].hc4 == tmp_path / "docs/a.md"
    assert cfg.output_folder == tmp_path / "_bmad-output"
    assert "default" in cfg.all_sources()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("portfolio:\n  - {id: a, scope: huge}\n", "portfolio[0].scope"),
        ("window: {lookback: soon}\n", "window.lookback"),
        ("window: {end: yesterday-ish}\n", "window.end"),
        ("sources:\n  p: {type: prometheus}\n", "sources.p.url"),
        ("sources:\n  p: {type: prometheus, url: 'http://h', step: 5x}\n", "sources.p.step"),
        ("window: {learn: forever}\n", "window.learn: expected a duration like 14d, or off"),
        ("sources:\n  d: {type: datadog}\n", "sources.d.api_key_env: Field required"),
        ("sources:\n  d: {type: datadog, api_key_env: K, site: 'x y'}\n", "sources.d.site"),
        ("sources:\n  d: {type: datadog, api_key_env: K, url: 'ftp://h'}\n", "sources.d.url"),
        ("sources:\n  d: {type: datadog, api_key_env: K, max_retries: 99}\n", "d.max_retries"),
        ("sources:\n  d: {type: datadog, api_key_env: K, api_key: s}\n", "d.api_key: unknown key"),
        ("checkpoint: {backend: postgres}\n", "checkpoint.url_env: required"),
        ("colour: blue\n", "colour: unknown key"),
        ("portfolio:\n  - {id: a, metrics: {X: {source: nope}}}\n", "metrics.X.source"),
        ("portfolio:\n  - {id: a}\n  - {id: a}\n", "duplicate experiment id 'a'"),
        ("- just\n- a list\n", "expected a mapping"),
        ("a: [unclosed\n", "invalid YAML at line"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    p = _write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    msg = str(exc.value)
    assert needle in msg
    assert str(p) in msg
    assert "\n" not in msg


def test_missing_and_binary_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
    b = tmp_path / "bin.yaml"
    b.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(ConfigError, match="not a text file"):
        load_config(b)


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    p = _write(tmp_path, "output_folder: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(p)


def test_durations_and_timestamps() -> None:
    assert parse_duration("36h").total_seconds() == 36 * 3600
    assert parse_duration("2w").days == 14
    with pytest.raises(ValueError):
        parse_duration("21 days")
    ts = parse_timestamp("2026-03-01T12:00:00Z")
    assert ts.utcoffset() is not None and ts.hour == 12
    assert parse_timestamp("2026-03-01").tzinfo is not None


def test_secrets_are_named_not_stored(tmp_path: Path) -> None:
    cfg = load_config(
        _write(
            tmp_path,
            "sources:\n  prom: {type: prometheus, url: 'http://127.0.0.1:9', "
            "bearer_token_env: PROM_TOKEN}\n",
        )
    )
    assert "PROM_TOKEN" in repr(cfg)  # the variable's name, never its value


def test_a_missing_secret_names_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vortex_pulse.signals.sources.build import build_sources

    monkeypatch.delenv("PROM_TOKEN", raising=False)
    p = _write(
        tmp_path,
        "sources:\n  prom: {type: prometheus, url: 'http://127.0.0.1:9', "
        "bearer_token_env: PROM_TOKEN}\n",
    )
    with pytest.raises(ConfigError) as exc:
        build_sources(load_config(p))
    assert str(exc.value) == (
        f"{p}: sources.prom.bearer_token_env: environment variable PROM_TOKEN is not set"
    )


def test_a_datadog_source_is_built_with_keys_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vortex_pulse.signals.sources.build import build_sources

    p = _write(
        tmp_path,
        "sources:\n  dd: {type: datadog, site: datadoghq.eu, api_key_env: DD_K,"
        " app_key_env: DD_A}\n",
    )
    monkeypatch.delenv("DD_A", raising=False)
    monkeypatch.setenv("DD_K", "k-canary-0123456789")
    with pytest.raises(ConfigError) as exc:
        build_sources(load_config(p))
    assert str(exc.value) == f"{p}: sources.dd.app_key_env: environment variable DD_A is not set"
    monkeypatch.setenv("DD_A", "a-canary-0123456789")
    src = build_sources(load_config(p))["dd"]
    assert getattr(src, "live", False) is True  # a resumed pass never reuses its old window
    assert src.where == "https://api.datadoghq.eu"  # type: ignore[attr-defined]
    assert "canary" not in repr(src)


def test_window_learn_spans() -> None:
    from vortex_pulse.core.config import WindowConfig

    assert WindowConfig().learn_seconds == 14 * 86400
    assert WindowConfig(learn="36h").learn_seconds == 36 * 3600
    assert WindowConfig.model_validate({"learn": False}).learn_seconds == 0  # YAML's `off`
    assert WindowConfig.model_validate({"learn": 0}).learn_seconds == 0


def test_a_misspelt_key_is_named_before_the_key_it_hides(tmp_path: Path) -> None:
    # `url` misspelt: the real key is also "missing"; the line names the misspelling.
    p = _write(tmp_path, "sources:\n  p: {type: prometheus, ulr: 'http://h'}\n")
    with pytest.raises(ConfigError, match=r"sources\.p\.ulr: unknown key"):
        load_config(p)
