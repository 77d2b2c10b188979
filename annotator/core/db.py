"""Opening a project file: engines, pragmas, transactions, lock, migrations (DESIGN.md §5).

Every connection gets ``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON`` and
``busy_timeout``; write transactions start with ``BEGIN IMMEDIATE`` so a read-then-write never
fails half-way with "database is locked". One process writes a project at a time
(:class:`~annotator.core.lock.ProjectLock`); others may read. Files written by an older
version are upgraded after a verified backup; files from a newer version open read-only.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from annotator.core import migrations, open_files
from annotator.core.backup import make_verified_backup, remove_abandoned_partials
from annotator.core.engines import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from annotator.core.engines import make_engine as make_engine
from annotator.core.errors import (
    MigrationError,
    NotAProjectError,
    ProjectLockedError,
    ReadOnlyProjectError,
    ReadOnlyStorageError,
    StorageFullError,
    storage_error,
)
from annotator.core.lock import ProjectLock, name_to_read
from annotator.core.read_access import ReadAccess, private_copy_of, read_access
from annotator.core.restore import finish_interrupted_restore, interrupted_restore

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"


def is_open_in_process(path: Path) -> bool:
    """Whether this process holds SQLite connections to the file at ``path``, under any of
    its names; then it must not be opened outside SQLite (core/open_files.py)."""
    return open_files.is_open(path)


def check_is_sqlite(path: Path) -> None:
    """Raise :class:`NotAProjectError` unless ``path`` is a non-empty SQLite file.

    An empty file is not a project (an interrupted ``init`` or a file made by hand); it is
    left as it is, 0 bytes, never initialised by an open.
    """
    if is_open_in_process(path):  # it is SQLite; reading it here would drop SQLite's locks
        return
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError as error:
        raise NotAProjectError(f"{path} does not exist") from error
    except IsADirectoryError as error:
        raise NotAProjectError(f"{path} is a folder, not a project file") from error
    except OSError as error:
        raise NotAProjectError(f"cannot read {path}: {error.strerror}") from error
    if not header:
        raise NotAProjectError(
            f"{path.name} is empty (0 bytes), not an Annotator project. If creating it was "
            "interrupted, delete it and create the project again."
        )
    if header != SQLITE_HEADER:
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
    _open_key: open_files.FileIdentity | str | None = None
    _access: ReadAccess | None = None

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

    @contextlib.contextmanager
    def read_together(self, count: int) -> Iterator[list[Session]]:
        """Up to ``count`` reading sessions that see one and the same snapshot, for work
        split over threads (an export's readers).

        Their snapshots begin while this process holds the write lock, so no commit can fall
        between them; writers wait for that moment only. A read-only project gives one
        session: another process may write it, and nothing here could hold that off."""
        wanted = count if self._write_engine is not None else 1
        with contextlib.ExitStack() as stack:
            sessions = [stack.enter_context(self.read()) for _ in range(max(1, wanted))]
            if len(sessions) == 1:
                yield sessions
                return
            with self.write():
                for session in sessions:  # the first read begins each snapshot
                    session.connection().exec_driver_sql("SELECT 1 FROM project").all()
            yield sessions

    def close(self) -> None:
        """Dispose of the engines and release the write lock."""
        if self._write_engine is not None:
            # A checkpoint now keeps the -wal file small for the next opener and for copies.
            with contextlib.suppress(Exception), self._write_engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            self._write_engine.dispose()
        self._read_engine.dispose()
        key, self._open_key = self._open_key, None
        if key is not None:
            open_files.unregister(key)
        if self._lock is not None:
            self._lock.release()
        if self._access is not None:
            self._access.close()

    def __enter__(self) -> ProjectDatabase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_FALLBACK_ERRORS = (ProjectLockedError, ReadOnlyStorageError, StorageFullError)
"""Why a project that cannot be opened for writing may still be opened for reading."""


def open_database(
    path: Path, *, create: bool = False, read_only: bool = False, fallback_read_only: bool = False
) -> ProjectDatabase:
    """Open (or create) a project file, upgrading its schema when needed.

    Opening also finishes a restore that was interrupted between its renames (the restored
    copy waits beside the project, see core/backup.py). A project that cannot be written
    here (read-only folder or file, full disk) is reported as such before anything is tried.

    Args:
        path: the project file.
        create: make a new, empty project file; it must not exist yet.
        read_only: open for reading only, without taking the write lock; it works from
            read-only media too (core/read_access.py).
        fallback_read_only: when the project cannot be opened for writing (another process
            writes it, the folder or file is read-only, the disk is full), open it read-only
            (``read_only_reason`` says why) instead of raising.

    Raises:
        NotAProjectError: missing or empty file, not SQLite, not an Annotator project.
        ProjectLockedError: another process writes it and ``fallback_read_only`` is false.
        ReadOnlyStorageError: it cannot be written here and ``fallback_read_only`` is false.
        StorageFullError: the disk is full and ``fallback_read_only`` is false.
        MigrationError: the upgrade failed (the file is unchanged).
    """
    path = Path(path).resolve()
    if create:
        _create_empty(path)
        try:
            return _open_for_writing(path, create=True)
        except BaseException:
            _remove_failed_creation(path)
            raise
    if read_only:
        return _open_for_reading(path, "opened read-only")
    try:
        return _open_for_writing(path, create=create)
    except _FALLBACK_ERRORS as error:
        if not fallback_read_only:
            raise
        log.info("opening %s read-only: %s", path, error)
        return _open_for_reading(path, str(error))


def _create_empty(path: Path) -> None:
    if path.exists():
        raise NotAProjectError(f"{path} already exists")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError as error:
        raise storage_error(error, f"cannot create {path.name}") from error


def _remove_failed_creation(path: Path) -> None:
    """A project that could not be set up is not left behind as an empty file (which the
    next ``init`` would find "already exists" and every open "not a project")."""
    for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", ".lock"))):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _open_for_writing(path: Path, *, create: bool) -> ProjectDatabase:
    if not create and interrupted_restore(path) is None:
        check_is_sqlite(path)  # no lock file is made beside what is not a project
    lock = ProjectLock(path)
    lock.acquire_name()
    try:
        finish_interrupted_restore(path)  # under the name lock, before the file is looked at
        if not create:
            check_is_sqlite(path)
        lock.acquire_file()
        revision, newer_reason = _bring_schema_up_to_date(path, writable=True, create=create)
    except BaseException:
        lock.release()
        raise
    if newer_reason is not None:
        lock.release()
        return _open_for_reading(path, newer_reason)
    remove_abandoned_partials(path)  # copies of backups that were killed half-way
    key = open_files.register(path)
    write_engine, read_engine = make_engine(path), make_engine(path, query_only=True)
    return ProjectDatabase(path, None, revision, write_engine, read_engine, lock, key)


def _open_for_reading(path: Path, reason: str) -> ProjectDatabase:
    _finish_restore_before_reading(path)
    path = name_to_read(path)  # a hard link's writer has the WAL under its own name
    check_is_sqlite(path)
    access = read_access(path)
    try:
        revision, newer_reason = _bring_schema_up_to_date(path, writable=False, access=access)
        if revision is not None and newer_reason is None and revision != migrations.head_revision():
            # An older version's file, which this process may not change: its tables lack
            # columns the models read, so it is read through a private copy brought up to
            # date (the file itself is upgraded, after a backup, when opened for writing).
            access = private_copy_of(access, f"an upgraded copy of schema {revision}")
            revision = _upgrade_copy(access)
    except BaseException:
        access.close()
        raise
    key = open_files.register(path)
    read_engine = make_engine(path, access=access)
    return ProjectDatabase(
        path, newer_reason or reason, revision, None, read_engine, None, key, access
    )


def _upgrade_copy(access: ReadAccess) -> str:
    """Upgrade the private copy ``access`` reads to the head revision; return it."""
    if access.snapshot is None:  # never: private_copy_of always makes one
        raise RuntimeError(f"no private copy of {access.path.name} to upgrade")
    _upgrade_file(
        access.snapshot / access.path.name,
        f"{access.path.name} (schema {migrations.head_revision()} needed) cannot be read: "
        "upgrading a private copy failed",
    )
    return migrations.head_revision()


def _upgrade_file(path: Path, failure: str) -> None:
    """Migrate the file at ``path`` to the head revision; on failure raise
    :class:`MigrationError` saying ``failure`` and SQLite's words."""
    engine = make_engine(path, foreign_keys=False)
    try:
        migrations.upgrade_to_head(engine)
    except Exception as error:
        raise MigrationError(f"{failure}: {_sqlite_message(error)}") from error
    finally:
        engine.dispose()


def _finish_restore_before_reading(path: Path) -> None:
    """A read-only open also finishes an interrupted restore when it can take the lock; else
    it reads the project as it is (or says where the restored copy waits)."""
    if not interrupted_restore(path):
        return
    lock = ProjectLock(path)
    try:
        lock.acquire_name()
    except (ProjectLockedError, ReadOnlyStorageError, StorageFullError) as error:
        if not path.exists():
            raise NotAProjectError(
                f"{path.name} is missing: a restore was interrupted and its restored copy "
                f"waits in {interrupted_restore(path)}; it is put in place when the project "
                f"is opened where it can be written ({error})"
            ) from error
        return
    try:
        finish_interrupted_restore(path)
    finally:
        lock.release()


def _sqlite_message(error: Exception) -> str:
    """SQLite's own words, without SQLAlchemy's statement dump and link."""
    original = getattr(error, "orig", None)
    return str(original if original is not None else error)


def _bring_schema_up_to_date(
    path: Path, *, writable: bool, create: bool = False, access: ReadAccess | None = None
) -> tuple[str | None, str | None]:
    """Migrate to head when writable; return (revision, read-only reason or None)."""
    probe = make_engine(path, query_only=True, access=access)
    try:
        with probe.connect() as connection:
            current = migrations.current_revision(connection)
            has_tables = migrations.has_user_tables(connection)
    except Exception as error:
        message = _sqlite_message(error)
        if "full" in message.lower():
            raise StorageFullError(
                f"{path.name} cannot be opened for writing: the disk is full. Free some space "
                "and try again; meanwhile it can be opened read-only."
            ) from error
        raise NotAProjectError(f"{path.name} cannot be read as a project: {message}") from error
    finally:
        probe.dispose()
    head = migrations.head_revision()
    if current is None and (has_tables or not create):
        # Only a file this process has just created gets the tables: an SQLite file with no
        # schema (another program's, or one a failed open once wrote a header into) is not
        # a project, and initialising it would make a project with no project record.
        kind = "an SQLite file" if has_tables else "an empty SQLite database"
        raise NotAProjectError(f"{path.name} is {kind} but not an Annotator project")
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
    _upgrade_file(path, f"upgrading {path.name} to schema {head} failed and was rolled back")
    return head, None
