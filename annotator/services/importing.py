"""Importing article files into a project: read, de-duplicate, insert in large batches.

Each file is read and checked on its own; a bad file is reported by name with the reason and
nothing of it reaches the database, while the rest of the batch goes in. Documents whose
normalised text is already in the project (or earlier in the batch) are reported as
duplicates, not added. Inserts go in batches of :data:`BATCH_SIZE`, one transaction each.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.importers import (
    DEFAULT_MAX_FILE_BYTES,
    DocumentIn,
    RejectedFileError,
    plaintext,
)
from annotator.core.importers.sidecar import SIDECAR_NAME, read_sidecar
from annotator.core.models import new_id, utcnow
from annotator.core.records import DocumentRecord
from annotator.core.text import text_sha256
from annotator.services.changes import ChangeSet
from annotator.services.operations import AddDocuments, Operation
from annotator.services.project import ProjectService

log = logging.getLogger(__name__)

BATCH_SIZE = 500
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass
class ImportReport:
    imported: list[tuple[str, str]] = field(default_factory=list)
    """(file, document id) of each new document."""
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """(file, what it duplicates) of each file whose text is already present."""
    rejected: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason) of each file that could not be imported."""
    cancelled: bool = False
    inverses: list[Operation] = field(default_factory=list)
    """Operations that undo the import (one per batch), for the undo stack."""
    changes: ChangeSet = field(default_factory=ChangeSet)

    def summary(self) -> str:
        text = (
            f"imported {len(self.imported)}, duplicates {len(self.duplicates)}, "
            f"rejected {len(self.rejected)}"
        )
        return text + (" (cancelled)" if self.cancelled else "")


def _reader_for(path: Path) -> Callable[..., DocumentIn] | None:
    if path.suffix.lower() in plaintext.SUFFIXES:
        return plaintext.read
    return None


def collect_files(paths: Iterable[Path], report: ImportReport) -> Iterator[tuple[Path, Path]]:
    """Yield (file, folder whose sidecar applies) for every importable file, recursively.

    Files of unknown types given directly are rejected; inside folders they are skipped
    (a folder of downloads holds images and the like), as are hidden files.
    """
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if (
                    file.is_file()
                    and file.name != SIDECAR_NAME
                    and not any(part.startswith(".") for part in file.relative_to(path).parts)
                    and _reader_for(file) is not None
                ):
                    yield file, file.parent
        elif path.is_file():
            if _reader_for(path) is None:
                report.rejected.append(
                    (str(path), f"{path.name}: unsupported file type {path.suffix or '(none)'}")
                )
            else:
                yield path, path.parent
        else:
            report.rejected.append((str(path), f"{path}: no such file or folder"))


def _record(document: DocumentIn, metadata: dict[str, str], now: dt.datetime) -> DocumentRecord:
    published = metadata.get("published_at")
    return DocumentRecord(
        id=new_id(),
        title=metadata.get("title") or document.title,
        source=metadata.get("source") or document.source,
        url=metadata.get("url") or document.url,
        author=metadata.get("author") or document.author,
        published_at=dt.date.fromisoformat(published) if published else document.published_at,
        language=document.language,
        text=document.text,
        text_sha256=text_sha256(document.text),
        origin=document.origin,
        imported_at=now,
        extra=dict(document.extra),
    )


class _SidecarCache:
    def __init__(self, report: ImportReport) -> None:
        self._cache: dict[Path, dict[str, dict[str, str]]] = {}
        self._report = report

    def metadata(self, folder: Path, name: str) -> dict[str, str]:
        if folder not in self._cache:
            sidecar = folder / SIDECAR_NAME
            self._cache[folder] = {}
            if sidecar.is_file():
                try:
                    self._cache[folder] = read_sidecar(sidecar)
                except RejectedFileError as error:
                    self._report.rejected.append((str(sidecar), str(error)))
        return self._cache[folder].get(name, {})


def import_paths(
    project: ProjectService,
    paths: Iterable[Path],
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Import files and folders (recursively) into ``project``; see the module docstring."""
    report = ImportReport()
    files = list(collect_files([Path(p) for p in paths], report))
    known = project.document_hashes()
    sidecars = _SidecarCache(report)
    pending: list[tuple[str, DocumentRecord]] = []
    now = utcnow()

    def flush() -> None:
        if not pending:
            return
        inverse, changes = project.apply(AddDocuments(tuple(record for _, record in pending)))
        report.inverses.append(inverse)
        report.changes = report.changes | changes
        report.imported.extend((name, record.id) for name, record in pending)
        pending.clear()

    for index, (file, folder) in enumerate(files):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        reader = _reader_for(file)
        assert reader is not None  # collect_files only yields readable types
        try:
            document = reader(file, max_bytes=max_bytes)
        except RejectedFileError as error:
            report.rejected.append((str(file), str(error)))
        else:
            record = _record(document, sidecars.metadata(folder, file.name), now)
            if record.text_sha256 in known:
                report.duplicates.append((str(file), f"same text as {known[record.text_sha256]!r}"))
            else:
                known[record.text_sha256] = file.name
                pending.append((str(file), record))
                if len(pending) >= BATCH_SIZE:
                    flush()
        if progress is not None:
            progress(index + 1, len(files))
    flush()
    log.info("import into %s: %s", project.path, report.summary())
    return report
