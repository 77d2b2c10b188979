"""Keeping a project file sound: backups, restore, the integrity check and the search index.

The CLI and the window call these instead of the storage modules (core.backup, core.check,
core.lock), so the front ends stay on the services layer (DESIGN.md §2).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.backup import (
    backup_dir_for,
    make_verified_backup,
    newest_good_backup,
    restore_backup,
)
from annotator.core.check import CheckReport, check_project
from annotator.core.db import check_is_sqlite
from annotator.core.errors import BackupError, IndexBusyError
from annotator.core.lock import ProjectLock
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
    path = Path(path)
    check_is_sqlite(path)
    return make_verified_backup(path, "manual")


def restore(path: Path, backup: Path | None = None) -> RestoreResult:
    """Put ``backup`` (default: the newest good backup) in place of the project at ``path``.

    Raises:
        ProjectLockedError: the project is open for writing (the message names who has it).
        BackupError: there is no good backup, or it could not be put in place.
    """
    path = Path(path).resolve()
    lock = ProjectLock(path)
    lock.acquire()
    try:
        chosen = Path(backup) if backup is not None else newest_good_backup(path)
        if chosen is None:
            raise BackupError(f"no good backup of {path.name} in {backup_dir_for(path)}")
        kept = restore_backup(path, chosen)
    finally:
        lock.release()
    return RestoreResult(chosen, kept)


def index_state(path: Path) -> str:
    """The search index's state in words. A stale or broken index is no problem (it is a cache
    that repairs itself on the next search), so it is reported, not failed on."""
    with ProjectService.open(Path(path), read_only=True) as project:
        status = SearchService(project).index.status()
        if not status.usable:
            return f"will be rebuilt on next search: {status.problem}"
        behind = project.watermark() - (status.watermark or 0)
        return "current" if behind == 0 else f"will catch up on next search ({behind} changes)"


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
