"""Opening a project file: engines, pragmas, transactions, lock, migrations (DESIGN.md §5).

Every connection gets ``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON`` and
``busy_timeout``; write transactions start with ``BEGIN IMMEDIATE`` so a read-then-write never
fails half-way with "database is locked". One process writes a project at a time
(:class:`~annotator.core.lock.ProjectLock`); others may read. Files written by an older
version are upgraded after a verified backup; files from a newer version open read-only.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from annotator.core import migrations
from annotator.core.backup import make_verified_backup
from annotator.core.errors import (
    MigrationError,
    NotAProjectError,
    ProjectLockedError,
    ReadOnlyProjectError,
)
from annotator.core.lock import ProjectLock

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"


def make_engine(path: Path, *, query_only: bool = False, foreign_keys: bool = True) -> Engine:
    """An engine on ``path`` whose connections carry the project pragmas.

    Transactions on it start with ``BEGIN IMMEDIATE`` (or plain ``BEGIN`` when
    ``query_only``), emitted by us rather than by the sqlite3 module, which would otherwise
    begin lazily and commit on its own before DDL.
    """
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
            if query_only:
                cursor.execute("PRAGMA query_only = ON")
        finally:
            cursor.close()

    begin = "BEGIN" if query_only else "BEGIN IMMEDIATE"

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


_OPEN_IN_PROCESS: collections.Counter[Path] = collections.Counter()
"""Project files this process has open through SQLite. Closing *any* descriptor of a file
drops every POSIX lock the process holds on it, SQLite's included (fcntl semantics): then a
connection in another process can take the file for its own, checkpoint and restart the WAL
under a live writer, and committed transactions vanish (seen in tests/reliability: an idle
connection left open while the same process read the file's header). So the file is never
opened outside SQLite while this process has it open."""


def is_open_in_process(path: Path) -> bool:
    """Whether this process holds SQLite connections to ``path`` (see _OPEN_IN_PROCESS)."""
    return _OPEN_IN_PROCESS[Path(path).resolve()] > 0


def check_is_sqlite(path: Path) -> None:
    """Raise :class:`NotAProjectError` unless ``path`` is an SQLite file (or empty)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError as error:
        raise NotAProjectError(f"{path} does not exist") from error
    except OSError as error:
        raise NotAProjectError(f"cannot read {path}: {error.strerror}") from error
    if header and header != SQLITE_HEADER:
        raise NotAProjectError(f"{path.name} is not an Annotator project (not an SQLite file)")


@dataclass
class ProjectDatabase:
    """An open project file. Use :meth:`write` and :meth:`read` for sessions."""

    path: Path
    read_only_reason: str | None
    revision: str | None
    _write_engine: Engine | None
    _read_engine: Engine
    _lock: ProjectLock | None
    _registered: bool = True

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one ``BEGIN IMMEDIATE`` transaction, committed when the block ends."""
        if self._write_engine is None:
            raise ReadOnlyProjectError(self.read_only_reason or "the project is read-only")
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            session.connection()  # emit BEGIN IMMEDIATE now: the write lock is ours from here
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it sees one consistent snapshot."""
        with Session(self._read_engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        """Dispose of the engines and release the write lock."""
        if self._write_engine is not None:
            # A checkpoint now keeps the -wal file small for the next opener and for copies.
            with contextlib.suppress(Exception), self._write_engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            self._write_engine.dispose()
        self._read_engine.dispose()
        if self._registered:
            self._registered = False
            _OPEN_IN_PROCESS[self.path] -= 1
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> ProjectDatabase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_database(
    path: Path, *, create: bool = False, read_only: bool = False, fallback_read_only: bool = False
) -> ProjectDatabase:
    """Open (or create) a project file, upgrading its schema when needed.

    Args:
        path: the project file.
        create: make a new, empty project file; it must not exist yet.
        read_only: open for reading only, without taking the write lock.
        fallback_read_only: when another process holds the write lock, open read-only
            (``read_only_reason`` says why) instead of raising.

    Raises:
        NotAProjectError: missing file, not SQLite, not an Annotator project.
        ProjectLockedError: another process writes it and ``fallback_read_only`` is false.
        MigrationError: the upgrade failed (the file is unchanged).
    """
    path = Path(path).resolve()
    if create:
        if path.exists():
            raise NotAProjectError(f"{path} already exists")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    if not is_open_in_process(path):  # else it is SQLite, and reading it here drops locks
        check_is_sqlite(path)

    reason: str | None = "opened read-only" if read_only else None
    lock: ProjectLock | None = None
    if not read_only:
        lock = ProjectLock(path)
        try:
            lock.acquire()
        except ProjectLockedError as error:
            if not fallback_read_only:
                raise
            lock, reason = None, str(error)
    try:
        revision, newer_reason = _bring_schema_up_to_date(path, writable=reason is None)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if newer_reason is not None:
        reason = newer_reason
        if lock is not None:
            lock.release()
            lock = None
    write_engine = make_engine(path) if reason is None else None
    read_engine = make_engine(path, query_only=True)
    _OPEN_IN_PROCESS[path] += 1
    return ProjectDatabase(path, reason, revision, write_engine, read_engine, lock)


def _bring_schema_up_to_date(path: Path, *, writable: bool) -> tuple[str | None, str | None]:
    """Migrate to head when writable; return (revision, read-only reason or None)."""
    probe = make_engine(path, query_only=True)
    try:
        with probe.connect() as connection:
            current = migrations.current_revision(connection)
            has_tables = migrations.has_user_tables(connection)
    except Exception as error:
        raise NotAProjectError(f"{path.name} cannot be read as a project: {error}") from error
    finally:
        probe.dispose()
    head = migrations.head_revision()
    if current is None and has_tables:
        raise NotAProjectError(f"{path.name} is an SQLite file but not an Annotator project")
    if current == head:
        return current, None
    if current is not None and not migrations.is_known_revision(current):
        return current, (
            f"{path.name} was written by a newer version of Annotator (schema {current}); "
            f"this version knows schemas up to {head}. It is open read-only so nothing in it "
            "is changed; install the newer version to edit it."
        )
    if not writable:
        return current, None
    if current is not None:
        backup = make_verified_backup(path, "pre-migration")
        log.info("upgrading %s from %s to %s (backup: %s)", path, current, head, backup)
    migration_engine = make_engine(path, foreign_keys=False)
    try:
        migrations.upgrade_to_head(migration_engine)
    except Exception as error:
        raise MigrationError(
            f"upgrading {path.name} to schema {head} failed and was rolled back: {error}"
        ) from error
    finally:
        migration_engine.dispose()
    return head, None
