"""The Postgres checkpointer for real: a throwaway PostgreSQL 15 cluster on 127.0.0.1.

Resume after a failure must work there exactly as with SQLite, and the URL (which may hold
a password) is read from the environment variable the config names, never from the config.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from vortex_pulse.core.config import PulseConfig
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.graphs.nodes import noah as noah_nodes
from vortex_pulse.pulse.pipeline import run_pass

from tests.support.graph_fixtures import CountingSource

PG_BIN = next(
    (p for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
     if (p / "initdb").is_file()),
    None,
)  # fmt: skip
pytestmark = [
    pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL server binaries are not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    assert PG_BIN is not None
    # Not tmp_path: pytest's temp root is private to root, and the cluster runs as postgres.
    with tempfile.TemporaryDirectory(prefix="pulse-pg-") as tmp:
        yield from _cluster(PG_BIN, Path(tmp))


def _cluster(pg_bin: Path, root: Path) -> Iterator[str]:
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser")
        user = "postgres" if _user_exists("postgres") else "nobody"
        run_as = ["runuser", "-u", user, "--"]
        root.chmod(0o755)
        shutil.chown(sock, user)
        data.mkdir()
        shutil.chown(data, user)
    port = _free_port()
    subprocess.run(
        [*run_as, str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
         "-E", "UTF8", "--locale=C.UTF-8"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    subprocess.run(
        [*run_as, str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(sock / "log"), "-w",
         "-o", f"-p {port} -k {sock} -c listen_addresses=127.0.0.1", "start"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*run_as, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def test_resume_after_failure_with_postgres(
    pg_url: str,
    example_cfg: PulseConfig,
    counting: CountingSource,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PULSE_TEST_PG_URL", pg_url)
    example_cfg.checkpoint.backend = "postgres"
    example_cfg.checkpoint.url_env = "PULSE_TEST_PG_URL"
    real = noah_nodes.assess_portfolio
    monkeypatch.setattr(noah_nodes, "assess_portfolio", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        run_pass(example_cfg, date=date(2026, 11, 19), thread_id="pg-1",
                 sources={"default": counting})  # fmt: skip
    monkeypatch.setattr(noah_nodes, "assess_portfolio", real)
    r = run_pass(example_cfg, date=date(2026, 11, 19), thread_id="pg-1",
                 sources={"default": counting})  # fmt: skip
    assert r.resumed and counting.loads == 1
    assert r.hc5_path.is_file()
    assert pg_url not in repr(example_cfg)


def test_postgres_without_the_env_var_is_a_config_error(
    example_cfg: PulseConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PULSE_TEST_PG_MISSING", raising=False)
    example_cfg.checkpoint.backend = "postgres"
    example_cfg.checkpoint.url_env = "PULSE_TEST_PG_MISSING"
    with pytest.raises(ConfigError, match="PULSE_TEST_PG_MISSING"):
        run_pass(example_cfg, date=date(2026, 11, 19))


def test_unreachable_postgres_names_the_variable_not_the_url(
    example_cfg: PulseConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_url = f"postgresql://u:s3cret@127.0.0.1:{_free_port()}/x?connect_timeout=2"
    monkeypatch.setenv("PULSE_TEST_PG_DOWN", secret_url)
    example_cfg.checkpoint.backend = "postgres"
    example_cfg.checkpoint.url_env = "PULSE_TEST_PG_DOWN"
    with pytest.raises(ConfigError) as err:
        run_pass(example_cfg, date=date(2026, 11, 19))
    assert "PULSE_TEST_PG_DOWN" in str(err.value) and "s3cret" not in str(err.value)
