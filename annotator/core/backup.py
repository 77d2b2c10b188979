"""Verified backups of a project file (DESIGN.md §5).

A backup is made with SQLite's online backup API (consistent even while another connection
writes), checked with ``PRAGMA integrity_check`` and only then moved into place atomically,
so a backup file that exists is a good one. A few of each kind are kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

from annotator.core.errors import BackupError

log = logging.getLogger(__name__)

KEEP_PER_LABEL = 5


def backup_dir_for(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".backups")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"{project_path.stem}.{stamp}.{label}{project_path.suffix}"
    temporary = final.with_name(final.name + ".partial")
    try:
        source = sqlite3.connect(f"file:{project_path}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(temporary)
            try:
                source.backup(target)
                # The copy is a self-contained rollback-journal file.
                target.execute("PRAGMA journal_mode=DELETE")
                problems = integrity_errors(target)
            finally:
                target.close()
        finally:
            source.close()
        if problems:
            raise BackupError(
                f"the backup of {project_path.name} failed its integrity check: {problems[0]}"
            )
        _fsync_file(temporary)
        os.replace(temporary, final)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"could not back up {project_path.name}: {error}") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _rotate(folder, project_path, label, keep)
    log.info("verified backup of %s written to %s", project_path, final)
    return final


def list_backups(project_path: Path) -> list[Path]:
    """All backups of a project, newest first."""
    folder = backup_dir_for(project_path)
    if not folder.is_dir():
        return []
    prefix = f"{project_path.stem}."
    found = folder.glob(f"{project_path.stem}.*{project_path.suffix}")
    # Names are <stem>.<UTC timestamp>.<label><suffix>: order by the timestamp.
    return sorted(found, key=lambda p: p.name[len(prefix) :].split(".")[0], reverse=True)


def _rotate(folder: Path, project_path: Path, label: str, keep: int) -> None:
    mine = sorted(folder.glob(f"{project_path.stem}.*.{label}{project_path.suffix}"))
    for old in mine[:-keep] if keep > 0 else mine:
        with contextlib.suppress(OSError):
            old.unlink()


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
        connection = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            return not integrity_errors(connection)
        finally:
            connection.close()
    except sqlite3.Error:
        return False


def newest_good_backup(project_path: Path) -> Path | None:
    """The newest backup of ``project_path`` that passes the integrity check."""
    return next((b for b in list_backups(project_path) if is_good(b)), None)


def restore_backup(project_path: Path, backup: Path) -> Path:
    """Put ``backup`` in place of ``project_path``; return where the replaced file was kept.

    The caller holds the project's write lock, so nothing has the file open for writing. The
    replaced file (with its -wal, which belongs to it and would corrupt the restored copy)
    is moved into the backup folder as ``<stem>.<time>.replaced<suffix>``, never deleted.

    Raises:
        BackupError: the backup is damaged or cannot be copied; the project is untouched.
    """
    if not is_good(backup):
        raise BackupError(f"{backup.name} is damaged (it fails the integrity check)")
    folder = backup_dir_for(project_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = folder / f"{project_path.stem}.{stamp}.replaced{project_path.suffix}"
    staged = project_path.with_name(f".{project_path.name}.restoring")
    try:
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(staged)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=WAL")
            finally:
                target.close()
        finally:
            source.close()
        _fsync_file(staged)
        if project_path.exists():
            os.replace(project_path, kept)
        for suffix in ("-wal", "-shm"):
            side = project_path.with_name(project_path.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
        os.replace(staged, project_path)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"could not restore {backup.name}: {error}") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
    log.warning("restored %s from %s (the replaced file is %s)", project_path, backup, kept)
    return kept
