"""Verified backups of a project file (DESIGN.md §5).

A backup is made with SQLite's online backup API (consistent even while another connection
writes), checked with ``PRAGMA integrity_check`` and only then moved into place atomically,
so a backup file that exists is a good one. A few of each kind are kept. It is written as
``<backup>.<pid>.partial`` first: the partial files of processes that were killed are removed
by the next backup or open (only files named like ours, and only when their process is gone).

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
import re
import sqlite3
import sys
import uuid
from pathlib import Path

from annotator.core.errors import BackupError, storage_error
from annotator.core.fileops import fsync_file
from annotator.core.lock import ProjectLock
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
    _rotate(folder, project_path, label, keep)
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
        raise BackupError(f"could not back up {source.name}: {_sqlite_words(error)}") from error
    except OSError as error:
        raise _backup_error(error, source) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _sqlite_words(error: sqlite3.Error) -> str:
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


def _rotate(folder: Path, project_path: Path, label: str, keep: int) -> None:
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
        raise BackupError(f"could not restore {backup.name}: {_sqlite_words(error)}") from error
    if lock is not None and sys.platform == "win32":
        lock.release_file()  # Windows renames no file with a handle open; the name lock stays
    try:
        _swap_in(project_path, staged, kept)
    except OSError as error:
        raise BackupError(
            str(storage_error(error, f"could not put {backup.name} in place"))
            + f"; the next open of {project_path.name} finishes the restore"
        ) from error
    _rotate(folder, project_path, REPLACED_LABEL, KEEP_PER_LABEL)
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
