"""Secrets never leak: a mistyped Postgres URL, a secret echoed into any report field, a
log line with a driver's message. A canary secret in the environment must not appear in
stderr, any written file, the checkpoints or a log record."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from vortex_pulse.core import redact
from vortex_pulse.core.atomic import write_text

from tests.adversarial.support import example_raw, files_under, one_line, run_cli, write_config

CANARY = "CanarySecretValueXyzzy42"


@pytest.fixture(autouse=True)
def _forget() -> object:
    yield
    redact.clear()


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql//pulse:{CANARY}@127.0.0.1/db",  # missing ':' after the scheme
        f"pulse:{CANARY}@127.0.0.1/db",  # no scheme at all
        f"postgresql://pulse:{CANARY}@127.0.0.1:notaport/db",
    ],
)
def test_a_mistyped_postgres_url_never_prints_its_password(tmp_path: Path, url: str) -> None:
    raw = example_raw(tmp_path)
    raw["checkpoint"] = {"backend": "postgres", "url_env": "PULSE_ADV_PG"}
    cfg = write_config(tmp_path, raw)
    code, out, err = run_cli("run", str(cfg), "--date", "2026-11-19", env={"PULSE_ADV_PG": url})
    assert code == 2
    line = one_line(err)
    assert CANARY not in line + out and "PULSE_ADV_PG" in line


def test_a_secret_in_any_report_field_is_masked_everywhere(tmp_path: Path) -> None:
    """The canary is the model key (OPENAI_API_KEY); a server or model echoing it lands it in
    report text. Here it arrives through an experiment's display name, which reaches the
    HC5, the brief, the JSON and HTML reports, the HC10s and the checkpoints."""
    raw = example_raw(tmp_path)
    raw["portfolio"][0]["name"] = f"Dinner Bearer {CANARY}"
    cfg = write_config(tmp_path, raw)
    code, out, err = run_cli(
        "run", str(cfg), "--date", "2026-11-19", "--json", env={"OPENAI_API_KEY": CANARY}
    )
    assert code == 0, err
    assert CANARY not in out + err
    written = files_under(tmp_path / "out", tmp_path / "reports", tmp_path / ".pulse")
    assert any(p.suffix == ".sqlite" for p in written) and len(written) >= 4
    leaks = [p for p in written if CANARY.encode() in p.read_bytes()]
    assert leaks == []
    hc5 = next(p for p in written if p.name.startswith("hc5-"))
    assert "Dinner Bearer ***" in hc5.read_text()


def test_write_text_masks_registered_secrets_and_url_passwords(tmp_path: Path) -> None:
    redact.register(CANARY)
    p = write_text(tmp_path / "x.md", f"key={CANARY} url=postgres://u:hunter2hunter@h/db\n")
    text = p.read_text()
    assert CANARY not in text and "hunter2hunter" not in text and "u:***@h" in text


def test_log_records_are_redacted_traceback_included(caplog: pytest.LogCaptureFixture) -> None:
    redact.register(CANARY)
    log = logging.getLogger("pulse.adv")
    f = redact.RedactingFilter()
    log.addFilter(f)
    try:
        with caplog.at_level(logging.INFO):
            try:
                raise RuntimeError(f"driver said postgresql://u:{CANARY}@h/db")
            except RuntimeError:
                log.exception("pass failed: %s", CANARY)
    finally:
        log.removeFilter(f)
    text = caplog.text
    assert "pass failed" in text and CANARY not in text


def test_secret_echoed_into_checkpoint_state_is_masked() -> None:
    from vortex_pulse.graphs.checkpoint import strict_serde

    redact.register(CANARY)
    serde = strict_serde()
    kind, data = serde.dumps_typed({"findings": [f"HTTP 400: Bearer {CANARY}"]})
    assert CANARY.encode() not in data
    assert "***" in str(serde.loads_typed((kind, data)))


def test_internal_errors_are_one_redacted_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from vortex_pulse.pulse import cli
    from vortex_pulse.pulse.commands import validate

    redact.register(CANARY)

    def boom(*a: object, **k: object) -> int:
        raise RuntimeError(f"driver failure with {CANARY}")

    monkeypatch.setattr(validate, "main", boom)
    code, _out, err = run_cli("validate", "x.md")
    assert code == 1
    assert "internal error" in one_line(err) and CANARY not in err
    assert cli is not None
