"""Write a folder of files so that it appears complete or not at all.

Files are written into a hidden temporary folder beside the target, fsynced, and the folder
is renamed into place. An earlier dataset in the target (recognised by its manifest) is
replaced; any other non-empty folder is refused rather than mixed with. While a staging
folder is written its writer holds a lock beside it, so the staging folders of writers that
were killed (the lock is free) are recognised and removed by the next export to the target.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from annotator.core.dataset_schema import MANIFEST_FILE
from annotator.core.errors import AnnotatorError, ProjectLockedError
from annotator.core.fileops import fsync_dir, fsync_file
from annotator.core.lock import ProjectLock, lock_path_for


def _remove_abandoned_staging(target: Path) -> None:
    """Remove staging folders for ``target`` whose writer is gone (its lock is free)."""
    for folder in target.parent.glob(f".{glob.escape(target.name)}.*.partial"):
        lock = ProjectLock(folder)
        try:
            lock.acquire()
        except ProjectLockedError:
            continue  # another export to the same folder is running
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            lock.release()
            lock_path_for(folder).unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a temporary folder; on success it replaces ``target``, on error it vanishes."""
    target = Path(target).resolve()
    if target.exists() and not target.is_dir():
        raise AnnotatorError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST_FILE).is_file():
        raise AnnotatorError(
            f"{target} is not empty and holds no earlier dataset; choose an empty folder"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(target)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    )
    lock = ProjectLock(staging)
    lock.acquire()
    try:
        yield staging
        for file in staging.iterdir():
            fsync_file(file)  # opened for writing: Windows refuses to flush a read-only handle
        fsync_dir(staging)
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
        fsync_dir(target.parent)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        lock.release()
        lock_path_for(staging).unlink(missing_ok=True)
