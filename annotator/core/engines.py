"""Engines on a project file, their connections carrying the project pragmas (DESIGN.md §5):
``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON`` and ``busy_timeout``; write
transactions start with ``BEGIN IMMEDIATE``. Opening a project (lock, migrations) is db.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from annotator.core.read_access import ReadAccess, sqlite_uri

BUSY_TIMEOUT_MS = 10_000


def make_engine(
    path: Path,
    *,
    query_only: bool = False,
    foreign_keys: bool = True,
    access: ReadAccess | None = None,
) -> Engine:
    """An engine on ``path`` whose connections carry the project pragmas.

    Transactions on it start with ``BEGIN IMMEDIATE`` (or plain ``BEGIN`` when
    ``query_only``), emitted by us rather than by the sqlite3 module, which would otherwise
    begin lazily and commit on its own before DDL. With ``access`` (read-only opens), the
    connections read the way it says and never change the journal mode: switching a
    rollback-journal file to WAL writes to it.
    """
    uri = access.uri if access is not None else sqlite_uri(path, mode="rw")
    timeout = BUSY_TIMEOUT_MS / 1000

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)

    # The connections come from ``connect`` (a URI: names with "?" or "#" stay file names);
    # the URL only names the dialect, so the pool is chosen here as it would be for a file.
    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if access is None:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
            if query_only or access is not None:
                cursor.execute("PRAGMA query_only = ON")
        finally:
            cursor.close()

    begin = "BEGIN" if query_only or access is not None else "BEGIN IMMEDIATE"

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine
