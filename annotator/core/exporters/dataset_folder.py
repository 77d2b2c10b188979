"""The folder an export writes into: it only ever touches files it wrote itself.

Rules (DESIGN.md §5, issue #13 item 1; an earlier version replaced any folder holding a
``manifest.json`` whole, deleting the project file, its backups and an ``analysis.R``):

- The files are written into a staging folder first and moved into place when all of them,
  the manifest included, are written and flushed to disk.
- A new folder is made whole: the staging folder, beside it, is renamed to it.
- An existing folder is written into file by file. Only the files the *previous* export's
  manifest lists are replaced or removed, and only when that manifest is the one we wrote:
  :data:`MARKER_FILE` records the SHA-256 of every file an export wrote, the manifest's
  included. A listed file changed since (edited in a spreadsheet) is not replaced unless the
  caller forces it. Files that are not listed are never opened, replaced or removed.
- A non-empty folder that is not one of our datasets is refused; forced, the dataset is added
  beside its files, and a file of the same name as one of ours is still refused.
- A target that is, contains or lies inside a protected path (the open project, its
  backups) is refused, whatever the force: checked on the real path (symlinks followed) and,
  for the folder and its entries, on the file identity (hard links, bind mounts).
- The export never deletes a folder it did not make: only its own staging folders, which
  carry :data:`STAGING_MARKER`, and only once their process is gone.

Every fsync is on a handle opened for writing (Windows refuses read-only handles).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.dataset_schema import MANIFEST_FILE
from annotator.core.errors import AnnotatorError, storage_error
from annotator.core.fileops import fsync_dir, fsync_file
from annotator.core.open_files import identity_of
from annotator.core.processes import pid_alive

log = logging.getLogger(__name__)

MARKER_FILE = ".annotator-dataset.json"
STAGING_MARKER = ".annotator-staging"
_STAGING_PREFIX = ".annotator-staging-"
_STAGING_NAME = re.compile(r"^\.(?:.+\.|annotator-staging-)(?P<pid>\d+)-[^/]*\.partial$")
OS_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".directory"})
"""Files a file manager puts in any folder it shows: they do not make a folder non-empty
(and are never touched)."""
_HASH_CHUNK = 1 << 20


class ExportTargetError(AnnotatorError):
    """The export refuses to write into this folder; nothing was written."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def check_not_protected(target: Path, protected: Iterable[Path]) -> None:
    """Refuse a target that is, contains or lies inside one of the ``protected`` paths."""
    real = target.resolve()
    guarded = [p for p in protected if p.exists() or p.is_symlink()]
    identities = {identity_of(p) for p in guarded} - {None}
    for path in guarded:
        path_real = path.resolve()
        if _within(path_real, real) or _within(real, path_real):
            raise ExportTargetError(
                f"{target} is or holds {path.name} (the open project or its backups); "
                "export the dataset to a folder of its own"
            )
    if not real.is_dir():
        return
    entries = [real, *real.iterdir()]
    if any(identity_of(entry) in identities for entry in entries):  # stat only: opens nothing
        raise ExportTargetError(
            f"{target} holds another name of the open project or its backups; "
            "export the dataset to a folder of its own"
        )


def _staging_pid(folder: Path) -> int | None:
    match = _STAGING_NAME.match(folder.name)
    return int(match["pid"]) if match else None


def remove_abandoned_staging(candidates: Iterable[Path]) -> None:
    """Remove the staging folders among ``candidates`` that an export made (they hold
    :data:`STAGING_MARKER`) and whose process is gone."""
    for folder in candidates:
        pid = _staging_pid(folder)
        if pid is None or pid == os.getpid() or pid_alive(pid):
            continue
        if folder.is_symlink() or not (folder / STAGING_MARKER).is_file():
            continue  # not ours
        shutil.rmtree(folder, ignore_errors=True)
        log.info("removed %s, left by an export that was interrupted", folder)


def _umask() -> int:
    """The process's umask (read by setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _make_staging(parent: Path, prefix: str) -> Path:
    staging = Path(
        tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", suffix=".partial", dir=parent)
    )
    (staging / STAGING_MARKER).write_bytes(b"")
    return staging


@dataclass
class _Previous:
    """What the earlier export in the folder wrote: file name -> SHA-256s it may have."""

    files: dict[str, set[str]] = field(default_factory=dict)
    ours: bool = False


def _read_marker(folder: Path) -> _Previous | None:
    """The files our last export wrote into ``folder``, when its marker and manifest agree."""
    marker, manifest = folder / MARKER_FILE, folder / MANIFEST_FILE
    for path in (marker, manifest):
        if path.is_symlink() or not path.is_file():
            return None
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
        files = {str(n): set(map(str, h)) for n, h in recorded["files"].items()}
        listed = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if file_sha256(manifest) not in files.get(MANIFEST_FILE, set()):
        return None  # another manifest.json than the one we wrote
    if not isinstance(listed, dict) or not {str(n).split("#")[0] for n in listed} <= set(files):
        return None
    return _Previous(files, ours=True)


def _listed_digests(manifest: Path) -> dict[str, str]:
    """The SHA-256 the manifest gives for each file: the writers hashed the bytes as they
    wrote them, and hashing a gigabyte of statements again cost 0.6 s of a 6 s export."""
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        return {
            str(name): meta["sha256"]
            for name, meta in files.items()
            if isinstance(meta, dict) and isinstance(meta.get("sha256"), str)
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _entries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name not in OS_LITTER]


def _check_previous_unchanged(folder: Path, previous: _Previous, force: bool) -> None:
    for name, hashes in previous.files.items():
        path = folder / name
        if not (path.exists() or path.is_symlink()):
            continue  # removed by the user: nothing of theirs to lose
        if path.is_symlink() or not path.is_file():
            raise ExportTargetError(
                f"{path} is no longer the file an earlier export wrote; move it away first"
            )
        if name != MARKER_FILE and not force and file_sha256(path) not in hashes:
            raise ExportTargetError(
                f"{path} was changed after the export that wrote it; move it away to keep "
                "it, or export again with --force to replace it"
            )


@dataclass
class DatasetFolder:
    """Where one export is staged, and how it is put in place; see :func:`dataset_folder`."""

    target: Path
    staging: Path
    previous: _Previous
    new_folder: bool
    removed: list[str] = field(default_factory=list)
    """Files of the earlier export this one did not write again, removed by :meth:`commit`."""

    def check_names(self, names: Iterable[str]) -> None:
        """Refuse when a file the export writes would replace one it did not write."""
        if self.new_folder:
            return
        for name in [*names, MARKER_FILE]:
            path = self.target / name
            ours = name in self.previous.files or (name == MARKER_FILE and self.previous.ours)
            if (path.exists() or path.is_symlink()) and not ours:
                raise ExportTargetError(
                    f"{self.target} already holds {name}, which no earlier export wrote; "
                    "it is left alone: choose an empty or new folder"
                )

    def _written(self) -> dict[str, str]:
        if not (self.staging / MANIFEST_FILE).is_file():
            raise AnnotatorError("the export wrote no manifest")  # a bug, never the user's
        listed = _listed_digests(self.staging / MANIFEST_FILE)
        written: dict[str, str] = {}
        for path in sorted(self.staging.iterdir()):
            if path.name == STAGING_MARKER:
                continue
            fsync_file(path)
            written[path.name] = listed.get(path.name) or file_sha256(path)
        return written

    def commit(self) -> None:
        written = self._written()
        self.check_names(written)
        if self.new_folder:
            files = {n: {h} for n, h in written.items()}
            _write_marker(self.staging, self.staging, files, created=True)
            (self.staging / STAGING_MARKER).unlink()
            fsync_dir(self.staging)
            # mkdtemp made the staging folder private (0700); the dataset folder the user
            # gets has their usual permissions, like any folder they make (issue #16.15).
            os.chmod(self.staging, 0o777 & ~_umask())
            os.replace(self.staging, self.target)
            fsync_dir(self.target.parent)
            return
        # From here to the final marker a kill leaves a folder that mixes files of both
        # exports: the marker accepts the files of both, so the next export replaces them.
        both = {n: set(h) for n, h in self.previous.files.items()}
        for name, digest in written.items():
            both.setdefault(name, set()).add(digest)
        _write_marker(self.target, self.staging, both, created=False)
        for name in written:
            if name != MANIFEST_FILE:
                os.replace(self.staging / name, self.target / name)
        for name in sorted(set(self.previous.files) - set(written) - {MARKER_FILE}):
            try:
                (self.target / name).unlink()
            except FileNotFoundError:  # the user removed it already
                continue
            self.removed.append(name)
        os.replace(self.staging / MANIFEST_FILE, self.target / MANIFEST_FILE)
        files = {n: {h} for n, h in written.items()}
        _write_marker(self.target, self.staging, files, created=False)
        fsync_dir(self.target)


def _write_marker(
    folder: Path, staging: Path, files: dict[str, set[str]], *, created: bool
) -> None:
    """Write the marker into ``folder`` atomically (made in ``staging``, so a kill leaves
    nothing of it in the user's folder)."""
    record: dict[str, Any] = {
        "app": "Annotator",
        "what": "the files the last export wrote here; an export replaces or removes only these",
        "created_folder": created,
        "files": {name: sorted(hashes) for name, hashes in sorted(files.items())},
    }
    data = (json.dumps(record, indent=2) + "\n").encode("utf-8")
    handle, temporary = tempfile.mkstemp(prefix=f"{MARKER_FILE}.", suffix=".tmp", dir=staging)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, folder / MARKER_FILE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _prepare(
    target: Path, protected: Sequence[Path], force: bool, names: Iterable[str]
) -> DatasetFolder:
    check_not_protected(target, protected)
    real = target.resolve()
    if real.exists() and not real.is_dir():
        raise ExportTargetError(f"{target} exists and is not a folder")
    if not real.exists():
        real.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned_staging(real.parent.glob(f".{glob.escape(real.name)}.*.partial"))
        staging = _make_staging(real.parent, f".{real.name}.")
        return DatasetFolder(real, staging, _Previous(), new_folder=True)
    remove_abandoned_staging(real.glob(f"{_STAGING_PREFIX}*.partial"))
    entries = _entries(real)
    previous = _read_marker(real) if entries else _Previous()
    if previous is None:
        if not force:
            raise ExportTargetError(
                f"{target} is not empty and is not a dataset Annotator wrote; choose an empty "
                "or new folder (with --force the dataset is added beside the files there, "
                "none of which is changed)"
            )
        previous = _Previous()
    _check_previous_unchanged(real, previous, force)
    folder = DatasetFolder(real, Path(), previous, new_folder=False)
    folder.check_names(names)
    folder.staging = _make_staging(real, _STAGING_PREFIX)
    return folder


@contextlib.contextmanager
def dataset_folder(
    target: Path,
    *,
    protected: Sequence[Path] = (),
    force: bool = False,
    names: Iterable[str] = (),
    removed: list[str] | None = None,
) -> Iterator[Path]:
    """Yield a staging folder to write the dataset's files into (``manifest.json`` among
    them); on success they are put in place in ``target`` as the module docstring says, on
    error the staging folder vanishes and ``target`` is as it was.

    Args:
        target: the output folder.
        protected: paths the target must not be, hold or lie inside (the open project and
            its backups folder).
        force: write into a non-empty folder that is not ours (beside its files), and
            replace files of our earlier export that were changed since.
        names: the files the export will write, checked before anything is written.
        removed: given, the names of the earlier export's files that this one removed
            (those it does not write again, e.g. its CSV files when JSONL is written) are
            added to it, for the report.

    Raises:
        ExportTargetError: the target is refused (nothing was written).
    """
    try:
        folder = _prepare(Path(target).absolute(), protected, force, names)
    except OSError as error:
        raise storage_error(error, f"cannot export to {target}") from error
    try:
        yield folder.staging
        try:
            folder.commit()
        except OSError as error:
            raise storage_error(error, f"cannot write the dataset into {target}") from error
        if removed is not None:
            removed.extend(folder.removed)
    finally:
        if folder.staging.exists():
            shutil.rmtree(folder.staging, ignore_errors=True)
