"""Verified backups of a project file (DESIGN.md §5).

A backup is made with SQLite's online backup API (consistent even while another connection
writes), checked with ``PRAGMA integrity_check`` and only then moved into place atomically,
so a backup file that exists is a good one. A few of each kind are kept. It is written as
``<backup>.<pid>.partial`` first: the partial files of processes that were killed are removed
by the next backup or open (only files named like ours, and only when their process is gone).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import sqlite3
from pathlib import Path

from annotator.core.errors import BackupError, storage_error
from annotator.core.fileops import fsync_file
from annotator.core.processes import pid_alive
from annotator.core.read_access import reading

log = logging.getLogger(__name__)

KEEP_PER_LABEL = 5


def backup_dir_for(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".backups")


def integrity_errors(connection: sqlite3.Connection) -> list[str]:
    """The problems ``PRAGMA integrity_check`` reports (empty when the file is sound)."""
    rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def make_verified_backup(project_path: Path, label: str, *, keep: int = KEEP_PER_LABEL) -> Path:
    """Copy ``project_path`` to its backup folder, verify the copy and return its path.

    Args:
        project_path: the project file.
        label: why the backup is made (``open``, ``pre-migration``, ...); part of the name.
        keep: how many backups with this label to keep; older ones are deleted.

    Raises:
        BackupError: the copy failed or did not pass the integrity check; nothing is left.
    """
    folder = backup_dir_for(project_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _backup_error(error, project_path) from error
    remove_abandoned_partials(project_path)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"{project_path.stem}.{stamp}.{label}{project_path.suffix}"
    copy_verified(project_path, final)
    rotate_backups(folder, project_path, label, keep)
    log.info("verified backup of %s written to %s", project_path, final)
    return final


def _backup_error(error: OSError, project_path: Path) -> BackupError:
    return BackupError(str(storage_error(error, f"could not back up {project_path.name}")))


def _partial_for(final: Path) -> Path:
    return final.with_name(f"{final.name}.{os.getpid()}.partial")


_PARTIAL = re.compile(r"^(?P<name>.+?)(?:\.(?P<pid>\d+))?\.partial$")


def _remove_abandoned(folder: Path, name_glob: str) -> None:
    """Remove ``<name>.<pid>.partial`` files in ``folder`` whose process is gone (and the
    pid-less ones older versions left)."""
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f"{name_glob}.partial"):
            match = _PARTIAL.match(leftover.name)
            if match is None:
                continue
            pid = int(match["pid"]) if match["pid"] else None
            if pid is not None and (pid == os.getpid() or pid_alive(pid)):
                continue  # a copy under way (in this process or another)
            with contextlib.suppress(OSError):
                leftover.unlink()
                log.info("removed %s, left by a backup that was interrupted", leftover)


def remove_abandoned_partials(project_path: Path) -> None:
    """Remove the partial backups of ``project_path`` whose writer was killed."""
    folder = backup_dir_for(project_path)
    if folder.is_dir():
        _remove_abandoned(folder, f"{project_path.stem}.*{project_path.suffix}*")


def copy_verified(source: Path, final: Path) -> None:
    """Copy the project file ``source`` to ``final`` (a self-contained file, checked with
    ``integrity_check``), replacing ``final`` atomically only once the copy is good.

    Raises:
        BackupError: the copy failed or is damaged; nothing is left at ``final``'s side.
    """
    temporary = _partial_for(final)
    try:
        # Made here first so that a folder that takes no new file says why in plain words
        # (SQLite would only say "unable to open database file").
        with open(temporary, "wb"):
            pass
        with reading(source) as connection:  # works from read-only media too
            target = sqlite3.connect(temporary)
            try:
                connection.backup(target)
                # The copy is a self-contained rollback-journal file.
                target.execute("PRAGMA journal_mode=DELETE")
                problems = integrity_errors(target)
            finally:
                target.close()
        if problems:
            raise BackupError(
                f"the copy of {source.name} failed its integrity check: {problems[0]}"
            )
        fsync_file(temporary)
        os.replace(temporary, final)
    except sqlite3.Error as error:
        raise BackupError(f"could not back up {source.name}: {sqlite_words(error)}") from error
    except OSError as error:
        raise _backup_error(error, source) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def sqlite_words(error: sqlite3.Error) -> str:
    text = str(error)
    if "full" in text.lower():
        return "the disk is full. Free some space and try again."
    if "readonly" in text.lower() or "read-only" in text.lower():
        return "the disk or folder is read-only"
    return text


def list_backups(project_path: Path) -> list[Path]:
    """All backups of a project, newest first."""
    folder = backup_dir_for(project_path)
    if not folder.is_dir():
        return []
    prefix = f"{project_path.stem}."
    found = folder.glob(f"{project_path.stem}.*{project_path.suffix}")
    # Names are <stem>.<UTC timestamp>.<label><suffix>: order by the timestamp.
    return sorted(found, key=lambda p: p.name[len(prefix) :].split(".")[0], reverse=True)


def rotate_backups(folder: Path, project_path: Path, label: str, keep: int) -> None:
    mine = sorted(folder.glob(f"{project_path.stem}.*.{label}{project_path.suffix}"))
    for old in mine[:-keep] if keep > 0 else mine:
        for companion in (old, *(old.with_name(old.name + s) for s in ("-wal", "-shm"))):
            with contextlib.suppress(OSError):
                companion.unlink()


SESSION_LABEL = "open"
SESSION_INTERVAL = dt.timedelta(hours=12)
"""A project opened for writing gets a verified backup when its newest is older than this."""


def _stamp_of(backup: Path, project_path: Path) -> dt.datetime | None:
    text = backup.name[len(project_path.stem) + 1 :].split(".")[0]
    try:
        return dt.datetime.strptime(text, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def backup_if_due(
    project_path: Path, *, interval: dt.timedelta = SESSION_INTERVAL, now: dt.datetime | None = None
) -> Path | None:
    """A verified ``open`` backup when the newest backup of any kind is older than
    ``interval``; None when one is recent enough. Five are kept."""
    now = now or dt.datetime.now(dt.UTC)
    for backup in list_backups(project_path):
        stamp = _stamp_of(backup, project_path)
        if stamp is not None and now - stamp < interval:
            return None
        break
    return make_verified_backup(project_path, SESSION_LABEL)


def is_good(backup: Path) -> bool:
    """Whether ``backup`` opens and passes ``PRAGMA integrity_check``."""
    try:
        with reading(backup) as connection:
            return not integrity_errors(connection)
    except sqlite3.Error:
        return False
