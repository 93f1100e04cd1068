"""Checkpointer setup: SQLite under `.pulse/` by default, Postgres or memory when configured.

Every checkpoint write passes through the redaction layer (core/redact.py): a secret a
server echoed into the state (an error text, a model's prose) never reaches the database.

Checkpoint deserialization is restricted to LangGraph's safe msgpack types (the state is
plain JSON data), whatever LANGGRAPH_STRICT_MSGPACK says, so a tampered checkpoint
database cannot make a pass run code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from vortex_pulse.core.config import CheckpointConfig
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.core.redact import may_change_encoded, redact_obj

# Types JsonPlus writes whose bytes hold every string as `may_change_encoded` expects, or
# no string at all.
_PRECHECKED = frozenset({"msgpack", "null", "bytes", "bytearray"})


class RedactingSerializer(JsonPlusSerializer):
    """JsonPlus with every string of a written value redacted first.

    Serialized first, and walked only when the bytes hold something `redact` could change:
    walking a whole pass's state for every checkpoint cost more than the pass's scoring
    (docs/decisions/2001-redact-bytes.md). The bytes written are those of the redacted value
    either way."""

    def dumps_typed(self, obj: Any) -> tuple[str, bytes]:
        typed = super().dumps_typed(obj)
        if typed[0] in _PRECHECKED and not may_change_encoded(typed[1]):
            return typed
        return super().dumps_typed(redact_obj(obj))


def strict_serde() -> JsonPlusSerializer:
    return RedactingSerializer(allowed_msgpack_modules=None)


@contextmanager
def open_checkpointer(
    cc: CheckpointConfig, where: str = "checkpoint"
) -> Iterator[BaseCheckpointSaver[str]]:
    """Yield a ready checkpointer for the configured backend; close it afterwards.
    `where` starts error messages ("config.yaml: checkpoint")."""
    if cc.backend == "memory":
        yield InMemorySaver(serde=strict_serde())
    elif cc.backend == "sqlite":
        import sqlite3

        from vortex_pulse.graphs.sqlite_blobs import SqliteBlobSaver

        cc.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(cc.path), check_same_thread=False)
        try:
            yield SqliteBlobSaver(conn, serde=strict_serde())
        finally:
            conn.close()
    else:
        yield from _postgres(cc, where)


def _postgres(cc: CheckpointConfig, where: str) -> Iterator[BaseCheckpointSaver[str]]:
    if not cc.url_env:  # config loading rejects this; a config built in code may not
        raise ConfigError(f"{where}.url_env: required when checkpoint.backend is postgres")
    url = os.environ.get(cc.url_env)
    if not url:
        raise ConfigError(f"{where}.url_env: environment variable {cc.url_env} is not set")
    try:
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg import Connection
        from psycopg.rows import dict_row
    except ImportError:
        raise ConfigError(
            f"{where}.backend: postgres needs the extra: pip install 'vortex-pulse[postgres]'"
        ) from None
    import psycopg

    try:
        conn = Connection.connect(url, autocommit=True, prepare_threshold=0, row_factory=dict_row)
    except psycopg.Error:  # OperationalError, and ProgrammingError for a malformed URL
        # The message may echo the URL (and its password): name the variable only.
        raise ConfigError(
            f"{where}.url_env: cannot connect to the Postgres named by {cc.url_env}"
        ) from None
    try:
        saver = PostgresSaver(conn, serde=strict_serde())
        saver.setup()
        yield saver
    finally:
        conn.close()
