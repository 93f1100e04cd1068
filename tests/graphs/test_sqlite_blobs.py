"""The SQLite checkpointer stores each channel value once per version, reads back what the
plain SqliteSaver would, and resumes a pass an older saver's database left unfinished."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import END, START, StateGraph
from typing_extensions import TypedDict
from vortex_pulse.core.config import CheckpointConfig
from vortex_pulse.graphs.checkpoint import open_checkpointer, strict_serde
from vortex_pulse.graphs.sqlite_blobs import JOURNAL_MODE, SqliteBlobSaver

BIG = "x" * 50_000


class S(TypedDict, total=False):
    big: str
    steps: list[str]
    n: int


def _graph(saver: BaseCheckpointSaver[str], fail_at: str | None = None) -> Any:
    calls: list[str] = []

    def node(name: str) -> Any:
        def run(state: S) -> dict[str, Any]:
            calls.append(name)
            if name == fail_at:
                raise RuntimeError("died")
            out: dict[str, Any] = {"steps": [*state.get("steps", []), name]}
            if name == "a":
                out["big"] = BIG
            out["n"] = state.get("n", 0) + 1
            return out

        return run

    g = StateGraph(S)
    for name in "abcd":
        g.add_node(name, node(name))
    g.add_edge(START, "a")
    g.add_edge("a", "b")
    g.add_edge("b", "c")
    g.add_edge("c", "d")
    g.add_edge("d", END)
    compiled = g.compile(checkpointer=saver)
    compiled.calls = calls
    return compiled


CFG = {"configurable": {"thread_id": "t"}}


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "cp.sqlite"


def _blob_saver(db: Path) -> Any:
    return open_checkpointer(CheckpointConfig(backend="sqlite", path=db))


def test_a_value_is_written_once_and_read_back_at_every_checkpoint(db: Path) -> None:
    with _blob_saver(db) as saver:
        assert isinstance(saver, SqliteBlobSaver)
        final = _graph(saver).invoke({"n": 0}, CFG, durability="sync")
        history = [c.checkpoint["channel_values"] for c in saver.list(CFG)]
    assert final == {"big": BIG, "steps": ["a", "b", "c", "d"], "n": 4}
    with sqlite3.connect(db) as conn:
        big_rows = conn.execute(
            "SELECT count(*) FROM checkpoint_blobs WHERE channel = 'big'"
        ).fetchone()[0]
        inline = conn.execute("SELECT max(length(checkpoint)) FROM checkpoints").fetchone()[0]
    assert big_rows == 1  # written by a, unchanged by b, c, d
    assert inline < len(BIG) // 10  # checkpoint rows hold versions, not values
    # Every checkpoint after a still reads the value back, as SqliteSaver would give it.
    assert sum(1 for v in history if v.get("big") == BIG) == 4
    assert [v.get("n") for v in history] == [4, 3, 2, 1, 0, None]


def test_it_reads_what_the_plain_saver_reads(tmp_path: Path) -> None:
    def history(saver: BaseCheckpointSaver[str]) -> list[dict[str, Any]]:
        _graph(saver).invoke({"n": 0}, CFG, durability="sync")
        return [c.checkpoint["channel_values"] for c in saver.list(CFG)]

    with sqlite3.connect(tmp_path / "plain.sqlite", check_same_thread=False) as conn:
        plain = history(SqliteSaver(conn, serde=strict_serde()))
    with _blob_saver(tmp_path / "blobs.sqlite") as saver:
        assert history(saver) == plain


def test_a_pass_left_by_the_plain_saver_resumes(db: Path) -> None:
    with sqlite3.connect(db, check_same_thread=False) as conn:
        died = _graph(SqliteSaver(conn, serde=strict_serde()), fail_at="c")
        with pytest.raises(RuntimeError):
            died.invoke({"n": 0}, CFG, durability="sync")
    with _blob_saver(db) as saver:
        again = _graph(saver)
        final = again.invoke(None, CFG, durability="sync")
        assert again.calls == ["c", "d"]  # a and b are not run again
        assert final == {"big": BIG, "steps": ["a", "b", "c", "d"], "n": 4}
        # The values that were inline in the old rows are blobs now, so a later resume
        # from the new checkpoints finds them.
        last = saver.get_tuple(CFG)
        assert last is not None and last.checkpoint["channel_values"]["big"] == BIG
    with sqlite3.connect(db) as conn:
        assert (
            conn.execute("SELECT count(*) FROM checkpoint_blobs WHERE channel = 'big'").fetchone()[
                0
            ]
            == 1
        )


def test_a_pass_that_died_resumes_from_its_blobs(db: Path) -> None:
    with _blob_saver(db) as saver, pytest.raises(RuntimeError):
        _graph(saver, fail_at="c").invoke({"n": 0}, CFG, durability="sync")
    with _blob_saver(db) as saver:  # a new process: nothing known in memory
        again = _graph(saver)
        assert again.invoke(None, CFG, durability="sync") == {
            "big": BIG,
            "steps": ["a", "b", "c", "d"],
            "n": 4,
        }
        assert again.calls == ["c", "d"]
        saver.delete_thread("t")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM checkpoint_blobs").fetchone()[0] == 0
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal"  # WAL would stay


def test_a_step_serializes_each_value_once_whichever_call_comes_first() -> None:
    """put_writes and put meet the same node output, in either order or at once: one
    serialization, the same bytes for both; a new step forgets the older values."""
    import threading

    from vortex_pulse.graphs.sqlite_blobs import _StepSerde

    calls: list[int] = []
    gate = threading.Event()

    class Inner:
        def dumps_typed(self, obj: object) -> tuple[str, bytes]:
            calls.append(id(obj))
            gate.wait(1)  # hold the first caller so the second one arrives meanwhile
            return ("msgpack", repr(obj).encode())

        def loads_typed(self, data: tuple[str, bytes]) -> object:
            return data

    serde = _StepSerde(Inner())
    value = {"experiments": [1, 2, 3]}
    got: list[tuple[str, bytes]] = []
    threads = [threading.Thread(target=lambda: got.append(serde.dumps_typed(value)))
               for _ in range(2)]  # fmt: skip
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert calls == [id(value)] and got[0] == got[1]
    assert serde.dumps_typed(dict(value)) == got[0] and len(calls) == 2  # equal, not same
    serde.end_step()
    assert serde.dumps_typed(value) == got[0] and len(calls) == 2  # the step before: kept
    serde.end_step()
    serde.end_step()
    assert serde.dumps_typed(value) == got[0] and len(calls) == 3  # older: serialized again
    assert serde.dumps_typed("text") and len(calls) == 4  # scalars are never kept


def test_passes_share_one_database_whatever_its_journal(db: Path) -> None:
    """Two savers on one file at once (`pulse batch` with two configs in one folder, a daemon
    beside a chat) both finish, each open keeping the journal it finds: a database an older
    version left in WAL mode, held open by another connection, is used as it is; once no
    one holds it, the next open makes it a rollback journal."""
    import threading
    from contextlib import closing

    with closing(sqlite3.connect(db, check_same_thread=False)) as plain:  # an older WAL db
        SqliteSaver(plain, serde=strict_serde()).setup()
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with _blob_saver(db) as saver:  # the WAL database is in use: it stays WAL
            assert _graph(saver).invoke({"n": 0}, CFG, durability="sync")["n"] == 4
            assert saver.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with _blob_saver(db) as saver:
        assert saver.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # lazily set
        saver.get_tuple(CFG)
        assert saver.conn.execute("PRAGMA journal_mode").fetchone()[0] == JOURNAL_MODE

    errors: list[BaseException] = []

    def one(thread: str) -> None:
        try:
            with _blob_saver(db) as saver:
                for _ in range(3):
                    config = {"configurable": {"thread_id": thread}}
                    assert _graph(saver).invoke({"n": 0}, config, durability="sync")["n"] == 4
        except BaseException as exc:  # noqa: BLE001 - reported below, on the test's thread
            errors.append(exc)

    workers = [threading.Thread(target=one, args=(f"t{i}",)) for i in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert not errors
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
        done = conn.execute("SELECT count(DISTINCT thread_id) FROM checkpoints").fetchone()[0]
    assert done == 4  # t and the three concurrent threads
