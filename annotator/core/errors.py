"""Errors the core raises; each message is meant to be shown to the user as it is."""

from __future__ import annotations

import errno


class AnnotatorError(Exception):
    """Base class: an expected problem with a message fit for the user."""


class NotAProjectError(AnnotatorError):
    """The file is missing, not SQLite, or not an Annotator project."""


class ProjectLockedError(AnnotatorError):
    """Another running copy of the app writes this project."""


class ReadOnlyProjectError(AnnotatorError):
    """A change was attempted on a project opened read-only; the message says why."""


class MigrationError(AnnotatorError):
    """Upgrading the project file failed; the file was left as it was."""


class BackupError(AnnotatorError):
    """A backup could not be made or did not verify."""


class OperationRefusedError(AnnotatorError):
    """A change was refused because it would break the data (the message says how)."""


class StorageFullError(AnnotatorError):
    """The disk (or the file system's quota) is full: the change was not saved and the
    project is as it was before it."""


class ProjectBusyError(AnnotatorError):
    """Another connection held the write lock for longer than the bounded wait; nothing was
    changed (never a bare "database is locked")."""


class IndexBusyError(AnnotatorError):
    """Another copy of the app is writing the search index; try again when it has finished."""


class ReadOnlyStorageError(ReadOnlyProjectError):
    """The project file or its folder cannot be written (read-only media or folder, no
    permission): it can only be read. Raised once, up front, before any change is tried."""


_READ_ONLY_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def storage_error(error: OSError, doing: str) -> AnnotatorError:
    """The error to show for ``error``, met while ``doing`` (e.g. "cannot back up p.annot"):
    a full disk and a read-only place get their own classes and plain words, never an errno."""
    if error.errno in _FULL_ERRNOS:
        return StorageFullError(f"{doing}: the disk is full. Free some space and try again.")
    where = f" ({error.filename})" if error.filename else ""
    if error.errno == errno.EROFS:
        return ReadOnlyStorageError(f"{doing}: the disk is read-only{where}")
    if error.errno in _READ_ONLY_ERRNOS:
        return ReadOnlyStorageError(f"{doing}: no permission to write there{where}")
    return AnnotatorError(f"{doing}: {error.strerror or error}{where}")
