"""One writer per project: an OS-level lock on ``<project>.lock``.

The operating system drops the lock when the holding process ends, however it ends, so a lock
left by a crash is never stale in effect: the next opener gets it and only notes (from the
holder details still in the file) that it recovers one. The file itself is left in place on
release (only emptied): deleting it would let two openers lock two different files.
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
from pathlib import Path
from typing import IO, Any

from annotator import __version__
from annotator.core.errors import ProjectLockedError

log = logging.getLogger(__name__)

# Windows locks a byte range; lock one far beyond the holder details so they stay readable.
_WINDOWS_LOCK_OFFSET = 1 << 20


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


class ProjectLock:
    """The write lock of one project file; use :meth:`acquire` and :meth:`release`."""

    def __init__(self, project_path: Path) -> None:
        self.path = lock_path_for(project_path)
        self._handle: IO[str] | None = None
        self.recovered_from: dict[str, Any] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        """Take the lock or raise :class:`ProjectLockedError` naming who holds it."""
        if self._handle is not None:
            return
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        if not _try_lock(handle):
            details = _read_details(handle)
            handle.close()
            raise ProjectLockedError(
                f"{self.path.name[: -len('.lock')]} is open for writing in "
                f"{describe_holder(details)}. It can be opened read-only."
            )
        previous = _read_details(handle)
        if previous:
            # The last holder ended without releasing (crash, kill, power loss).
            self.recovered_from = previous
            log.warning(
                "recovered a stale lock on %s left by %s", self.path, describe_holder(previous)
            )
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(_holder_details()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Give the lock up (emptying the holder details so no stale lock is reported)."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
        finally:
            _unlock(handle)
            handle.close()
