"""Restoring a project from its verified backups (DESIGN.md §5).

A restore only takes a good backup *of this project* (the project id matches), and survives
being killed between its renames: the restored copy is staged beside the project, an intent
file names where the replaced file goes, and :func:`finish_interrupted_restore` (run by the
next open, under the project's lock) completes what was begun.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sqlite3
import sys
import uuid
from pathlib import Path

from annotator.core.backup import (
    KEEP_PER_LABEL,
    backup_dir_for,
    is_good,
    list_backups,
    rotate_backups,
    sqlite_words,
)
from annotator.core.errors import BackupError, storage_error
from annotator.core.fileops import fsync_file
from annotator.core.lock import ProjectLock
from annotator.core.read_access import reading

log = logging.getLogger(__name__)


REPLACED_LABEL = "replaced"
"""The label of a file a restore replaced: kept (a few), never restored by default."""


def project_id_of(path: Path) -> str | None:
    """The project id recorded in the file at ``path``; None when it cannot be read as a
    project (missing, damaged, not SQLite, another application's)."""
    try:
        with reading(path) as connection:
            row = connection.execute("SELECT id FROM project").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def backup_problem(backup: Path, expected_id: str | None) -> str | None:
    """Why ``backup`` cannot be restored (None when it can): it must exist, be a sound
    Annotator project, and be this project (id ``expected_id``, when known)."""
    if not backup.exists():
        return f"{backup} not found"
    if not backup.is_file() or not _is_sqlite(backup):
        return f"{backup.name} is not an Annotator project (not an SQLite file)"
    if not is_good(backup):
        return f"{backup.name} is damaged (it fails the integrity check)"
    found = project_id_of(backup)
    if found is None:
        return f"{backup.name} is not an Annotator project (it has no project record)"
    if expected_id is not None and found != expected_id:
        return f"{backup.name} is a copy of another project (id {found}), not of this one"
    return None


def expected_project_id(project_path: Path) -> str | None:
    """The id a backup must carry to be restored over ``project_path``: the project's own,
    or, when the file cannot be read (the reason to restore), the one its backups share."""
    own = project_id_of(project_path)
    if own is not None:
        return own
    ids = {project_id_of(b) for b in list_backups(project_path)} - {None}
    return ids.pop() if len(ids) == 1 else None


def restorable_backups(project_path: Path) -> list[Path]:
    """The backups a restore may take, newest first: not the files earlier restores
    replaced (taking one would undo that restore)."""
    return [b for b in list_backups(project_path) if _label_of(b, project_path) != REPLACED_LABEL]


def _label_of(backup: Path, project_path: Path) -> str:
    middle = backup.name[len(project_path.stem) + 1 : len(backup.name) - len(project_path.suffix)]
    return middle.partition(".")[2]


def newest_good_backup(project_path: Path, expected_id: str | None = None) -> Path | None:
    """The newest backup of ``project_path`` a restore may take (see :func:`backup_problem`)."""
    return next(
        (b for b in restorable_backups(project_path) if backup_problem(b, expected_id) is None),
        None,
    )


def staged_restore_for(project_path: Path) -> Path:
    """Where a restore stages the restored copy, beside the project."""
    return project_path.with_name(f".{project_path.name}.restoring")


def _intent_for(project_path: Path) -> Path:
    return project_path.with_name(f".{project_path.name}.restoring.json")


def interrupted_restore(project_path: Path) -> Path | None:
    """The staged copy of a restore that was interrupted, if one waits beside the project."""
    staged = staged_restore_for(project_path)
    return staged if staged.exists() or _intent_for(project_path).exists() else None


def restore_backup(project_path: Path, backup: Path, *, lock: ProjectLock | None = None) -> Path:
    """Put ``backup`` in place of ``project_path``; return where the replaced file was kept.

    The caller holds the project's lock (``lock``), so nothing has the file open for
    writing, and has checked that ``backup`` is this project's (:func:`backup_problem`). The
    replaced file (with its -wal, which belongs to it and would corrupt the restored copy)
    is moved into the backup folder as ``<stem>.<time>.replaced<suffix>``; a few are kept.

    Raises:
        BackupError: the backup is damaged or cannot be copied; the project is untouched.
    """
    problem = backup_problem(backup, None)
    if problem is not None:
        raise BackupError(problem)
    folder = backup_dir_for(project_path)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = folder / f"{project_path.stem}.{stamp}.{REPLACED_LABEL}{project_path.suffix}"
    staged = staged_restore_for(project_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staged.unlink(missing_ok=True)  # a copy a killed restore began (never in use)
        with reading(backup) as source:
            target = sqlite3.connect(staged)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=WAL")
                _start_new_generation(target)
            finally:
                target.close()
        fsync_file(staged)
        _write_intent(project_path, kept)
    except (sqlite3.Error, OSError) as error:
        with contextlib.suppress(OSError):
            staged.unlink()
        if isinstance(error, OSError):
            doing = f"could not restore {backup.name}"
            raise BackupError(str(storage_error(error, doing))) from error
        raise BackupError(f"could not restore {backup.name}: {sqlite_words(error)}") from error
    if lock is not None and sys.platform == "win32":
        lock.release_file()  # Windows renames no file with a handle open; the name lock stays
    try:
        _swap_in(project_path, staged, kept)
    except OSError as error:
        raise BackupError(
            str(storage_error(error, f"could not put {backup.name} in place"))
            + f"; the next open of {project_path.name} finishes the restore"
        ) from error
    rotate_backups(folder, project_path, REPLACED_LABEL, KEEP_PER_LABEL)
    log.warning("restored %s from %s (the replaced file is %s)", project_path, backup, kept)
    return kept


def _write_intent(project_path: Path, kept: Path) -> None:
    """Record where the replaced file goes, atomically: from here a kill is finished by the
    next open rather than undone."""
    intent = _intent_for(project_path)
    temporary = intent.with_name(intent.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump({"replaced": kept.name}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, intent)


def _swap_in(project_path: Path, staged: Path, kept: Path) -> None:
    """The renames of a restore (each one atomic; run again after a kill, it goes on from
    where it stopped): project and its -wal/-shm to ``kept``, then the staged copy in."""
    if project_path.exists():
        os.replace(project_path, kept)
    for suffix in ("-wal", "-shm"):
        side = project_path.with_name(project_path.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    os.replace(staged, project_path)
    _intent_for(project_path).unlink(missing_ok=True)


def finish_interrupted_restore(project_path: Path) -> str | None:
    """Complete a restore that was killed (the caller holds the project's name lock); return
    what was done, in words, or None when there was nothing to do.

    Killed before its intent was written, the restore had not touched the project: its
    staged copy (perhaps half-written) is removed. Killed after, the staged copy is whole and
    fsynced, and the renames are finished.
    """
    staged = staged_restore_for(project_path)
    intent = _intent_for(project_path)
    intent.with_name(intent.name + ".tmp").unlink(missing_ok=True)
    if not intent.exists():
        if staged.exists():
            staged.unlink()
            log.warning("removed %s, left by a restore killed before it began", staged)
            return "removed an unfinished restore's copy"
        return None
    if not staged.exists():  # killed after the last rename, before the intent was removed
        intent.unlink()
        return None
    try:
        kept_name = json.loads(intent.read_text(encoding="utf-8"))["replaced"]
    except (OSError, ValueError, KeyError, TypeError):
        kept_name = None
    if not isinstance(kept_name, str) or "/" in kept_name or "\\" in kept_name:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        kept_name = f"{project_path.stem}.{stamp}.{REPLACED_LABEL}{project_path.suffix}"
    folder = backup_dir_for(project_path)
    folder.mkdir(parents=True, exist_ok=True)
    _swap_in(project_path, staged, folder / kept_name)
    log.warning("finished an interrupted restore of %s", project_path)
    return "finished an interrupted restore"


def _start_new_generation(connection: sqlite3.Connection) -> None:
    """Journal the restore with a new id (issue #13.2). Change numbers repeat after a
    restore (the backup's journal is shorter than the replaced file's), so a search index
    made for the replaced file could look current; the index trusts only the journal entry
    at its watermark, and this entry, unlike any the replaced file had, is new."""
    if (
        connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'change_log'"
        ).fetchone()
        is None
    ):
        return  # a file older than the journal: its index is rebuilt anyway
    now = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    with connection:
        connection.execute(
            "INSERT INTO change_log (at, entity, entity_id, document_id, action) "
            "VALUES (?, 'project', ?, NULL, 'restored')",
            (now, uuid.uuid4().hex),
        )
