"""One writer per project: OS-level locks on the project file and on ``<project>.lock``.

Two locks are taken, and the operating system drops both when the holding process ends,
however it ends, so a lock left by a crash is never stale in effect: the next opener gets it
and only notes (from the holder details still in the file) that it recovers one.

- The *file lock* is on the project file itself, so every name of that file meets it: a hard
  link, a symlink, a bind mount, a ``..`` path (DESIGN.md §5: two writers through two names of
  one file lost 400 acknowledged commits). On POSIX it is ``flock``, which belongs to our open
  file description and never meets SQLite's ``fcntl`` locks; our descriptor is only closed
  when SQLite has no connection to the file left in this process (core/open_files.py). On
  Windows it is a byte-range lock far past anything SQLite reads or locks.
- The *name lock* is on ``<project>.lock`` beside the name used. It holds the holder details
  (who, where, since when, which file), is what older versions lock, and guards the name
  while the file is briefly absent during a restore. The file is left in place on release
  (only emptied): deleting it would let two openers lock two different files.

A folder or file that cannot be written is reported once, up front, as a
:class:`~annotator.core.errors.ReadOnlyStorageError` (a full disk as a StorageFullError),
never as an OSError from deep inside.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import logging
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from annotator import __version__
from annotator.core import fileops, open_files
from annotator.core.errors import (
    ProjectLockedError,
    ReadOnlyStorageError,
    StorageFullError,
    storage_error,
)

log = logging.getLogger(__name__)

# Windows locks a byte range; lock one far beyond the holder details so they stay readable.
_WINDOWS_LOCK_OFFSET = 1 << 20
# ... and, in the project file, one far beyond any page SQLite could write (2**48 bytes).
_WINDOWS_FILE_LOCK_OFFSET = 1 << 50

CAN_BE_READ = "It can be opened read-only, or saved as a copy somewhere writable."


def lock_path_for(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt  # Windows only

        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            handle.seek(0)
        return True
    import fcntl  # POSIX only

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt  # Windows only

        handle.seek(_WINDOWS_LOCK_OFFSET)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl  # POSIX only

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _try_lock_file(descriptor: int) -> bool:
    if sys.platform == "win32":
        # LockFileEx at the offset: seeking to 2**50 fails under Wine (issue #18).
        return fileops.try_lock_byte(descriptor, _WINDOWS_FILE_LOCK_OFFSET)
    import fcntl  # POSIX only

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock_file(descriptor: int) -> None:
    if sys.platform == "win32":
        with contextlib.suppress(OSError):
            fileops.unlock_byte(descriptor, _WINDOWS_FILE_LOCK_OFFSET)
        return
    import fcntl  # POSIX only

    with contextlib.suppress(OSError):
        fcntl.flock(descriptor, fcntl.LOCK_UN)


def _holder_details() -> dict[str, Any]:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in containers without a passwd entry
        user = "unknown"
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": user,
        "app": f"Annotator {__version__}",
        "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def describe_holder(details: dict[str, Any]) -> str:
    """A sentence naming who holds a lock, from the details in the lock file."""
    if not details:
        return "another copy of Annotator"
    return (
        f"{details.get('app', 'Annotator')} run by {details.get('user', '?')} on "
        f"{details.get('host', '?')} (process {details.get('pid', '?')}, "
        f"since {details.get('since', '?')})"
    )


def _read_details(handle: IO[str]) -> dict[str, Any]:
    handle.seek(0)
    raw = handle.read(64 * 1024)
    try:
        details = json.loads(raw) if raw.strip() else {}
    except json.JSONDecodeError:
        return {}
    return details if isinstance(details, dict) else {}


def _details_in(lock_file: Path) -> dict[str, Any]:
    try:
        with open(lock_file, encoding="utf-8") as handle:
            return _read_details(handle)
    except (OSError, UnicodeDecodeError):
        return {}


def _holder_of_file(identity: open_files.FileIdentity, own: Path) -> dict[str, Any]:
    """The holder details that name the file ``identity``: in our own lock file, else in the
    lock file of another name of it in the same folder (a hard link beside it)."""
    candidates = [own]
    with contextlib.suppress(OSError):
        candidates += sorted(p for p in own.parent.glob("*.lock") if p != own)
    for candidate in candidates:
        details = _details_in(candidate)
        if details.get("file") == list(identity):
            return details
    return {}


def _check_folder_writable(folder: Path, name: str) -> None:
    """SQLite creates its -wal and -shm files beside the project: the folder must take new
    files even when the lock file is already there."""
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".annotator-probe-"):
            pass
    except OSError as error:
        raise _with_advice(storage_error(error, f"{name} cannot be changed here")) from error


def _probe_file_lock(descriptor: int) -> bool:
    """Whether nobody holds the file lock (taking a shared one for a moment)."""
    if sys.platform == "win32":
        if not fileops.try_lock_byte(descriptor, _WINDOWS_FILE_LOCK_OFFSET):
            return False
        fileops.unlock_byte(descriptor, _WINDOWS_FILE_LOCK_OFFSET)
        return True
    import fcntl  # POSIX only

    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    fcntl.flock(descriptor, fcntl.LOCK_UN)
    return True


def name_to_read(project_path: Path) -> Path:
    """The name under which to read ``project_path``: itself, unless the file has other
    names (hard links) and a writer uses one of them.

    SQLite names its -wal and -shm files after the name it was given: a reader through a
    second name would not see the writer's WAL and could read pages a checkpoint is
    rewriting. So it reads through the writer's name.

    Raises:
        ProjectLockedError: a writer holds the file under a name that cannot be found.
    """
    try:
        links = os.stat(project_path).st_nlink
    except OSError:
        return project_path
    if links <= 1:
        return project_path
    in_use = open_files.name_in_use(project_path)
    if in_use is not None:  # this process has it open: reading it here would drop locks
        return in_use
    try:
        descriptor = os.open(project_path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return project_path
    try:
        free = _probe_file_lock(descriptor)
    finally:
        os.close(descriptor)
    if free:
        return project_path
    identity = open_files.identity_of(project_path)
    holder = _holder_of_file(identity, lock_path_for(project_path)) if identity else {}
    other = Path(holder["path"]) if isinstance(holder.get("path"), str) else None
    if other is not None and open_files.identity_of(other) == identity:
        log.info("reading %s through %s, the name its writer uses", project_path, other)
        return other
    raise ProjectLockedError(
        f"{project_path.name} is open for writing under another name of the same file (a "
        "hard link) that cannot be found from here; open it under that name to read it."
    )


class ProjectLock:
    """The write lock of one project file; use :meth:`acquire` and :meth:`release`."""

    def __init__(self, project_path: Path) -> None:
        self.project_path = Path(project_path)
        self.path = lock_path_for(self.project_path)
        self._handle: IO[str] | None = None
        self._file_descriptor: int | None = None
        self._file_key: open_files.FileIdentity | str | None = None
        self.recovered_from: dict[str, Any] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        """Take both locks, or raise naming who holds them.

        Raises:
            ProjectLockedError: another process (or another open in this one) writes it.
            ReadOnlyStorageError: the project or its folder cannot be written.
            StorageFullError: the disk is full.
        """
        self.acquire_name()
        try:
            self.acquire_file()
        except BaseException:
            self.release()
            raise

    def acquire_name(self) -> None:
        """Take the lock on ``<project>.lock`` (the project file may be absent)."""
        if self._handle is not None:
            return
        name = self.project_path.name
        try:
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        except OSError as error:
            raise _with_advice(storage_error(error, f"{name} cannot be changed here")) from error
        if not _try_lock(handle):
            details = _read_details(handle)
            handle.close()
            raise ProjectLockedError(
                f"{name} is open for writing in {describe_holder(details)}. "
                "It can be opened read-only."
            )
        previous = _read_details(handle)
        if previous:
            # The last holder ended without releasing (crash, kill, power loss).
            self.recovered_from = previous
            log.warning(
                "recovered a stale lock on %s left by %s", self.path, describe_holder(previous)
            )
        self._handle = handle
        try:
            _check_folder_writable(self.path.parent, name)
            self._write_details(_holder_details())
        except BaseException:
            self.release()
            raise

    def acquire_file(self) -> None:
        """Take the lock on the project file itself (when it is a file; a folder, as the
        exporter locks, has only the name lock)."""
        if self._file_descriptor is not None or not self.project_path.is_file():
            return
        name = self.project_path.name
        flags = os.O_RDWR | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
        try:
            descriptor = os.open(self.project_path, flags)
        except OSError as error:
            raise _with_advice(storage_error(error, f"{name} cannot be changed")) from error
        identity = open_files.identity_of(self.project_path)
        key: open_files.FileIdentity | str = identity or str(self.project_path.resolve())
        if not _try_lock_file(descriptor):
            self._close_file_descriptor(key, descriptor)
            raise ProjectLockedError(self._held_elsewhere_message(identity))
        self._file_descriptor, self._file_key = descriptor, key
        details = _holder_details()
        details.update(file=list(identity) if identity else None, path=str(self.project_path))
        self._write_details(details)

    def _held_elsewhere_message(self, identity: open_files.FileIdentity | None) -> str:
        name = self.project_path.name
        holder = _holder_of_file(identity, self.path) if identity else {}
        other_name = holder.get("path")
        if holder and other_name and Path(other_name) != self.project_path:
            return (
                f"{name} is open for writing in {describe_holder(holder)}, under another name "
                f"of the same file ({other_name}). It can be opened read-only."
            )
        if holder:
            return f"{name} is open for writing in {describe_holder(holder)}. {CAN_BE_READ}"
        return (
            f"{name} is open for writing in another copy of Annotator, under another name of "
            "the same file (a hard link or another path to it). It can be opened read-only."
        )

    def _write_details(self, details: dict[str, Any]) -> None:
        assert self._handle is not None
        try:
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.write(json.dumps(details))
            self._handle.flush()
        except OSError as error:
            doing = f"{self.project_path.name} cannot be changed"
            raise _with_advice(storage_error(error, doing)) from error

    def release_file(self) -> None:
        """Give up the lock on the project file only (a restore does this just before it
        renames the file away: Windows renames no file that has a handle open)."""
        descriptor, self._file_descriptor = self._file_descriptor, None
        key, self._file_key = self._file_key, None
        if descriptor is None or key is None:
            return
        _unlock_file(descriptor)
        self._close_file_descriptor(key, descriptor)

    @staticmethod
    def _close_file_descriptor(key: open_files.FileIdentity | str, descriptor: int) -> None:
        if sys.platform == "win32":  # no fcntl semantics to protect; renames need it closed
            os.close(descriptor)
        else:
            open_files.close_descriptor(key, descriptor)

    def release(self) -> None:
        """Give both locks up (emptying the holder details so no stale lock is reported)."""
        self.release_file()
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            with contextlib.suppress(OSError):  # a full disk may refuse even this
                handle.seek(0)
                handle.truncate()
                handle.flush()
        finally:
            _unlock(handle)
            with contextlib.suppress(OSError):
                handle.close()


def _with_advice(error: Exception) -> Exception:
    if isinstance(error, ReadOnlyStorageError):
        return ReadOnlyStorageError(f"{error}. {CAN_BE_READ}")
    if isinstance(error, StorageFullError):
        return StorageFullError(f"{error} {CAN_BE_READ.replace('It', 'Meanwhile it')}")
    return error
