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
