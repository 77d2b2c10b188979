"""Keeping a project file sound: backups, restore, the integrity check and the search index.

The CLI and the window call these instead of the storage modules (core.backup, core.check,
core.lock), so the front ends stay on the services layer (DESIGN.md §2).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.backup import backup_dir_for, copy_verified, list_backups, make_verified_backup
from annotator.core.check import CheckReport, check_project
from annotator.core.db import check_is_sqlite
from annotator.core.errors import BackupError, IndexBusyError, ProjectLockedError
from annotator.core.lock import ProjectLock, lock_path_for
from annotator.core.restore import (
    backup_problem,
    expected_project_id,
    finish_interrupted_restore,
    newest_good_backup,
    restorable_backups,
    restore_backup,
    staged_restore_for,
)
from annotator.core.search.whoosh_index import IndexBusyError as WhooshLockError
from annotator.services.project import ProjectService
from annotator.services.search import SearchService

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored_from: Path
    replaced_file_kept_as: Path


def backup_now(path: Path) -> Path:
    """Write a verified backup of the project at ``path`` now; return the backup's path."""
    path = Path(path).resolve()
    check_is_sqlite(path)
    return make_verified_backup(path, "manual")


def save_copy(path: Path, target: Path, *, overwrite: bool = False) -> Path:
    """Write a verified copy of the project at ``path`` to ``target`` (a file, or a folder to
    put it in under the project's name) and return the copy's path.

    This is how a project is copied while it is open (File → Save a Copy…, ``annotator
    backup PROJECT --to PATH``): a file copy made meanwhile can miss what is still in the
    -wal file. The copy is consistent, passes the integrity check, and appears whole or not
    at all. It works from read-only media too.

    Raises:
        BackupError: ``target`` is the project, one of its own files or backups, exists
            (unless ``overwrite``), is open for writing elsewhere, or the copy failed.
    """
    path = Path(path).resolve()
    check_is_sqlite(path)
    target = Path(target)
    if target.is_dir():
        target = target / path.name
    _refuse_copy_target(path, target, overwrite=overwrite)
    guard = ProjectLock(target)  # nobody may have a target being replaced open for writing
    had_lock_file = lock_path_for(target).exists()
    if target.exists():
        try:
            guard.acquire()
        except ProjectLockedError as error:
            raise BackupError(f"{target} cannot be replaced: {error}") from error
        if sys.platform == "win32":
            guard.release_file()  # Windows replaces no file we hold open; the name lock stays
    try:
        copy_verified(path, target)
    finally:
        if guard.held:
            guard.release()
            if not had_lock_file:
                lock_path_for(target).unlink(missing_ok=True)
    log.info("verified copy of %s written to %s", path, target)
    return target


def _refuse_copy_target(project: Path, target: Path, *, overwrite: bool) -> None:
    if not target.parent.is_dir():
        raise BackupError(
            f"cannot save a copy to {target}: the folder {target.parent} does not exist"
        )
    resolved = target.resolve()
    if resolved == project or (target.exists() and _same_file(target, project)):
        raise BackupError(f"{target} is the project itself; choose another place for the copy")
    own = {
        project.name + suffix for suffix in ("-wal", "-shm", "-journal", ".lock", ".backups")
    } | {staged_restore_for(project).name}
    backups = backup_dir_for(project).resolve()
    if (resolved.parent == project.parent and resolved.name in own) or backups in (
        resolved,
        *resolved.parents,
    ):
        raise BackupError(
            f"{target} belongs to the project (its backups or working files); "
            "choose another place for the copy"
        )
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists; choose another name (nothing was written)")


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def restore(path: Path, backup: Path | None = None) -> RestoreResult:
    """Put ``backup`` (default: the newest good backup) in place of the project at ``path``.

    Only a sound backup of *this* project is taken (its project id matches); without
    ``backup``, never a file an earlier restore replaced (that would undo it). A restore
    that was interrupted earlier is finished first.

    Raises:
        ProjectLockedError: the project is open for writing (the message names who has it).
        ReadOnlyStorageError: the project or its folder cannot be written.
        BackupError: no good backup of this project, or it could not be put in place.
    """
    path = Path(path).resolve()
    lock = ProjectLock(path)
    lock.acquire_name()
    try:
        finish_interrupted_restore(path)
        lock.acquire_file()
        expected = expected_project_id(path)
        if backup is not None:
            chosen = Path(backup)
            if chosen.exists() and path.exists() and _same_file(chosen, path):
                raise BackupError(f"{chosen} is the project itself, not a backup of it")
            problem = backup_problem(chosen, expected)
            if problem is not None:
                raise BackupError(f"{problem}; {path.name} was not changed")
        else:
            found = newest_good_backup(path, expected)
            if found is None:
                raise BackupError(_no_backup_message(path))
            chosen = found
        kept = restore_backup(path, chosen, lock=lock)
    finally:
        lock.release()
    return RestoreResult(chosen, kept)


def _no_backup_message(path: Path) -> str:
    message = f"no good backup of {path.name} in {backup_dir_for(path)}"
    skipped = len(list_backups(path)) - len(restorable_backups(path))
    if skipped:
        message += (
            f" ({skipped} files replaced by earlier restores are not taken by default; "
            "name one with --from to go back to it)"
        )
    return message


def index_state(path: Path) -> str:
    """The search index's state in words. A stale or broken index is no problem (it is a cache
    that repairs itself on the next search), so it is reported, not failed on."""
    with ProjectService.open(Path(path), read_only=True) as project:
        search = SearchService(project)
        status = search.index.status()
        if not status.usable:
            return f"will be rebuilt on next search: {status.problem}"
        assert status.watermark is not None
        behind = project.watermark() - status.watermark
        if behind < 0 or status.generation != project.history_stamp(status.watermark):
            return (
                "will be rebuilt on next search: the project file was restored or replaced "
                "since the index was made"
            )
        if behind > 0:
            return f"will catch up on next search ({behind} changes)"
        # At the project's watermark: compare what it holds with what it should hold.
        missing, extra, stale = search.differences()
        if missing or extra or stale:
            return (
                f"does not match the project (entries missing: {missing}, extra: {extra}, "
                f"out of date: {stale}); `annotator reindex` rebuilds it"
            )
        return "current"


def check(path: Path) -> CheckReport:
    """Integrity, references, schema and anchors of the file at ``path``; when those are sound,
    the search index's state too (``facts["search_index"]``)."""
    report = check_project(Path(path))
    if report.ok:
        report.facts["search_index"] = index_state(Path(path))
    return report


def rebuild_index(
    project: ProjectService, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild the project's search index from scratch; return the number of documents.

    Raises:
        IndexBusyError: another copy of the app is writing the index right now.
    """
    try:
        SearchService(project).rebuild(progress=progress)
    except WhooshLockError as busy:
        raise IndexBusyError(f"{busy}; try again when it has finished") from busy
    return project.stats()["documents"]
