"""The SQLite checkpointer: LangGraph's SqliteSaver with each channel value stored once.

SqliteSaver writes the whole state inside every checkpoint row: a 1,000-experiment pass
holds about 26 MB at the end and checkpoints ten times, so it wrote ~160 MB per pass and
serialized unchanged values again at every step. Here, as LangGraph's Postgres and
in-memory savers do, a checkpoint row keeps only the channel versions, and each (channel,
version) value is written once to `checkpoint_blobs`, when it changes
(docs/decisions/2002-sqlite-checkpoints.md). Reading fills the values back in, so what
LangGraph sees (`get_tuple`, `list`) is what SqliteSaver would return.

A database written by the plain SqliteSaver still resumes: its rows carry their values
inline, which are kept, and written as blobs at the next checkpoint.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import (
    BaseCheckpointSaver,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    DeltaChannelHistory,
)
from langgraph.checkpoint.sqlite import SqliteSaver

_BLOBS_DDL = """
CREATE TABLE IF NOT EXISTS checkpoint_blobs (
    thread_id TEXT NOT NULL,
    checkpoint_ns TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    version TEXT NOT NULL,
    type TEXT NOT NULL,
    blob BLOB,
    PRIMARY KEY (thread_id, checkpoint_ns, channel, version)
)
"""
_Entry = tuple[Any, threading.Event, list[tuple[str, bytes]]]
_EMPTY = "empty"  # a channel that has no value at this version (as the Postgres saver)


class _StepSerde:
    """The saver's serializer, serializing each object once per step.

    In a step, `put_writes` serializes each node's output as a pending write and `put`
    stores the same objects as the channels' new values (LangGraph's channels keep the
    object a node returned); the two run on LangGraph's background executor, in either
    order. The bytes of a container are kept by identity, with a reference that keeps the
    id from being reused, for this step and the one before: at 1,000 experiments that
    halves 55 MB of serializing per pass."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self._lock = threading.Lock()
        # id -> (the object, set when its bytes are ready, [bytes] or [] if that failed)
        self._step: dict[int, _Entry] = {}
        self._before: dict[int, _Entry] = {}

    def dumps_typed(self, obj: Any) -> tuple[str, bytes]:
        if not isinstance(obj, dict | list):
            return cast(tuple[str, bytes], self.inner.dumps_typed(obj))
        with self._lock:
            entry = self._step.get(id(obj)) or self._before.get(id(obj))
            mine = entry is None or entry[0] is not obj
            if mine:
                entry = self._step[id(obj)] = (obj, threading.Event(), [])
        assert entry is not None
        if mine:
            try:
                entry[2].append(self.inner.dumps_typed(obj))
            finally:
                entry[1].set()
        else:  # put_writes and put may serialize the same object at the same time
            entry[1].wait()
            if not entry[2]:  # the first attempt raised: let this one raise (or not) too
                return cast(tuple[str, bytes], self.inner.dumps_typed(obj))
        return entry[2][0]

    def loads_typed(self, data: tuple[str, bytes]) -> Any:
        return self.inner.loads_typed(data)

    def end_step(self) -> None:
        with self._lock:
            self._before, self._step = self._step, {}


JOURNAL_MODE = "truncate"  # a rollback journal emptied, not deleted, after each commit
_WAL_PRAGMA = "PRAGMA journal_mode=WAL;"


class _KeepJournal:
    """The connection, for SqliteSaver.setup only: its script runs without the statement
    that would switch the database to WAL. Flipping a database between journal modes on
    every open fails ("database is locked") while another connection has it open, so the
    mode is chosen once, in `SqliteBlobSaver.setup`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def executescript(self, script: str) -> sqlite3.Cursor:
        return self._conn.executescript(script.replace(_WAL_PRAGMA, ""))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


class SqliteBlobSaver(SqliteSaver):
    def __init__(self, conn: sqlite3.Connection, **kwargs: Any) -> None:
        super().__init__(conn, **kwargs)
        self._serde = _StepSerde(self.serde)
        self.serde = self._serde
        # (thread, ns, channel, version) known to be in checkpoint_blobs: written or read
        # by this saver. A value inline in an older row is not, so it is written once.
        self._stored: set[tuple[str, str, str, str]] = set()

    def setup(self) -> None:
        if self.is_setup:
            return
        # A rollback journal, each commit synced (FULL): a committed checkpoint survives
        # the process dying and power loss. WAL, which SqliteSaver's own setup switches
        # on, writes every page twice (into the log, then into the database when the log
        # is checkpointed): about twice the CPU for the ~55 MB a 1,000-experiment pass
        # stores (docs/decisions/2260-rollback-journal.md).
        # A WAL database another connection has open stays WAL: it works the same.
        with contextlib.suppress(sqlite3.OperationalError):
            self.conn.execute(f"PRAGMA journal_mode={JOURNAL_MODE}")
        self.conn.execute("PRAGMA synchronous=FULL")
        real = self.conn
        self.conn = cast(sqlite3.Connection, _KeepJournal(real))
        try:
            super().setup()
        finally:
            self.conn = real
        self.conn.execute(_BLOBS_DDL)
        self.conn.commit()

    def put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        thread_id = str(config["configurable"]["thread_id"])
        ns = str(config["configurable"].get("checkpoint_ns", ""))
        values = checkpoint["channel_values"]
        versions = checkpoint["channel_versions"]
        todo = {
            ch: str(v)
            for ch, v in versions.items()
            if ch in new_versions
            or (ch in values and (thread_id, ns, ch, str(v)) not in self._stored)
        }
        rows = []
        for ch, v in todo.items():
            type_, blob = self.serde.dumps_typed(values[ch]) if ch in values else (_EMPTY, None)
            rows.append((thread_id, ns, ch, v, type_, blob))
        # Blobs first, in their own transaction: a checkpoint row never names a missing
        # value; blobs of a checkpoint that never got written are unreachable and go with
        # the thread.
        with self.cursor() as cur:
            cur.executemany(
                "INSERT OR REPLACE INTO checkpoint_blobs"
                " (thread_id, checkpoint_ns, channel, version, type, blob)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        self._stored.update((thread_id, ns, ch, v) for ch, v in todo.items())
        self._serde.end_step()  # the next step's values are new objects
        bare: Checkpoint = {**checkpoint, "channel_values": {}}
        return super().put(config, bare, metadata, new_versions)

    def get_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        tup = super().get_tuple(config)
        return self._filled(tup) if tup is not None else None

    def list(
        self,
        config: RunnableConfig | None,
        *,
        filter: dict[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> Iterator[CheckpointTuple]:
        # SqliteSaver holds its (non-reentrant) lock while its generator runs: read the
        # rows first, then their values.
        rows = [*super().list(config, filter=filter, before=before, limit=limit)]
        for tup in rows:
            yield self._filled(tup)

    def get_delta_channel_history(
        self, *, config: RunnableConfig, channels: Sequence[str]
    ) -> Mapping[str, DeltaChannelHistory]:
        # SqliteSaver's fast path reads values inline; the generic walk reads get_tuple.
        return BaseCheckpointSaver.get_delta_channel_history(self, config=config, channels=channels)

    def delete_thread(self, thread_id: str) -> None:
        super().delete_thread(thread_id)
        with self.cursor() as cur:
            cur.execute("DELETE FROM checkpoint_blobs WHERE thread_id = ?", (str(thread_id),))
        self._stored = {k for k in self._stored if k[0] != str(thread_id)}

    def _filled(self, tup: CheckpointTuple) -> CheckpointTuple:
        """`tup` with every channel value its versions name, read from the blobs."""
        thread_id = str(tup.config["configurable"]["thread_id"])
        ns = str(tup.config["configurable"].get("checkpoint_ns", ""))
        values = dict(tup.checkpoint["channel_values"])  # inline: an older saver's row
        wanted = {
            ch: str(v) for ch, v in tup.checkpoint["channel_versions"].items() if ch not in values
        }
        if wanted:
            with self.cursor(transaction=False) as cur:
                for ch, v in wanted.items():
                    cur.execute(
                        "SELECT type, blob FROM checkpoint_blobs WHERE thread_id = ?"
                        " AND checkpoint_ns = ? AND channel = ? AND version = ?",
                        (thread_id, ns, ch, v),
                    )
                    row = cur.fetchone()
                    if row is None:
                        continue
                    self._stored.add((thread_id, ns, ch, v))
                    if row[0] != _EMPTY:
                        values[ch] = self.serde.loads_typed((row[0], row[1]))
        checkpoint: Checkpoint = {**tup.checkpoint, "channel_values": values}
        return tup._replace(checkpoint=checkpoint)
