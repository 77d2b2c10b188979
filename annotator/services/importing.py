"""Importing article files into a project: read, de-duplicate, insert in large batches.

Each file is read and checked on its own, in full, before anything of it is stored: a bad
file (or a reader that fails on it in any way) is reported by name with the reason and
nothing of it reaches the database, while the rest of the batch goes in. A corpus file
(CSV, JSONL, XLSX) gives one document per row; a bad row is reported by its number.
Documents whose normalised text is already in the project (or earlier in the batch) are
reported as duplicates, not added; near-duplicates (services/near_duplicates.py) are added
and flagged. Reading only reads: what is to go in becomes one
:class:`~annotator.services.operations.AddDocuments` operation, applied in one transaction
(one undo step in the window). Cancelling stops the reading; what was read by then goes in.
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
    ReadOptions,
    RejectedFileError,
    RejectedItem,
)
from annotator.core.importers.dates import parse_date
from annotator.core.importers.detect import READERS, SUPPORTED, detect_format
from annotator.core.importers.plaintext import encoding_label
from annotator.core.importers.sidecar import SIDECAR_NAME, read_sidecar
from annotator.core.models import new_id, utcnow
from annotator.core.records import DocumentRecord
from annotator.core.text import storable, text_sha256
from annotator.services.changes import ChangeSet
from annotator.services.near_duplicates import NearDuplicates, label
from annotator.services.operations import AddDocuments
from annotator.services.project import ProjectService

log = logging.getLogger(__name__)

_ONLY_WHEN_NAMED = (".json",)
__all__ = ["SUPPORTED", "ImportReport", "collect_files", "import_paths"]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass
class ImportReport:
    imported: list[tuple[str, str]] = field(default_factory=list)
    """(file or "file row N", document id) of each new document."""
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """(file, what it duplicates) of each file whose text is already present."""
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)
    """(file, what it nearly duplicates): imported, flagged for the analyst."""
    rejected: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason) of each file (or row) that could not be imported."""
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(file, what to know): imported, but read in a way worth checking (the encoding
    detected for a file that is not UTF-8, a date that could not be read)."""
    cancelled: bool = False
    changes: ChangeSet = field(default_factory=ChangeSet)

    def summary(self) -> str:
        text = (
            f"imported {len(self.imported)}, duplicates {len(self.duplicates)}, "
            f"near-duplicates {len(self.near_duplicates)}, rejected {len(self.rejected)}"
        )
        return text + (" (cancelled)" if self.cancelled else "")

    def details(self) -> str:
        """Every duplicate, near-duplicate and rejection, one per line (for copying)."""
        lines = [f"rejected: {reason}" for _file, reason in self.rejected]
        lines += [f"duplicate: {file}: {what}" for file, what in self.duplicates]
        lines += [f"near-duplicate: {file}: {what}" for file, what in self.near_duplicates]
        lines += [f"note: {file}: {what}" for file, what in self.notes]
        return "\n".join(lines)


def collect_files(
    paths: Iterable[Path], report: ImportReport
) -> Iterator[tuple[Path, Path, str, str]]:
    """Yield (file, folder whose sidecar applies, format, origin) for every importable file,
    recursively. The origin is the file's path relative to the folder given, with ``/``
    ("business/361.txt": a corpus's folders are often its categories), or its name.

    Files of unknown types given directly are rejected; inside folders they are skipped
    (a folder of downloads holds images and the like), as are hidden files and ``.json``
    files (settings and codebooks more often than corpora: name them to import them).
    """
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if (
                    file.is_file()
                    and file.name != SIDECAR_NAME
                    and not any(part.startswith(".") for part in file.relative_to(path).parts)
                    and file.suffix.lower() not in _ONLY_WHEN_NAMED
                    and (fmt := detect_format(file)) is not None
                ):
                    yield file, file.parent, fmt, file.relative_to(path).as_posix()
        elif path.is_file():
            fmt = detect_format(path)
            if fmt is None:
                report.rejected.append(
                    (
                        str(path),
                        f"{path.name}: unsupported file type {path.suffix or '(none)'} "
                        f"(supported: {' '.join(SUPPORTED)})",
                    )
                )
            else:
                yield path, path.parent, fmt, path.name
        else:
            report.rejected.append((str(path), f"{path}: no such file or folder"))


def _record(
    document: DocumentIn, origin: str, metadata: dict[str, str], now: dt.datetime
) -> DocumentRecord:
    extra = dict(document.extra)
    published = document.published_at
    if metadata.get("published_at"):
        raw = metadata["published_at"]
        published = parse_date(raw)
        extra["published_raw"] = raw
        if published is None:
            extra["date_unreadable"] = True
    # Texts are normalised by the readers; metadata can still hold a lone surrogate (a JSON
    # "\\ud800" escape), which SQLite cannot store: ProjectService.apply leaves documents to us.
    return DocumentRecord(
        id=new_id(),
        title=storable(metadata.get("title") or document.title),
        source=storable(metadata.get("source") or document.source),
        url=storable(metadata.get("url") or document.url),
        author=storable(metadata.get("author") or document.author),
        published_at=published,
        language=storable(document.language),
        text=document.text,
        text_sha256=text_sha256(document.text),
        origin=storable(origin),
        imported_at=now,
        extra=extra,
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


def _notes(record: DocumentRecord) -> list[str]:
    notes = []
    encoding = str(record.extra.get("encoding", "utf-8"))
    if encoding.replace("_", "-").lower() not in ("utf-8", "utf-8-sig", "ascii"):
        notes.append(f"read as {encoding_label(encoding)} (detected; the file is not UTF-8)")
    if record.extra.get("date_unreadable"):
        notes.append(f"date {record.extra.get('published_raw')!r} could not be read; left empty")
    return notes


def _read_file(
    file: Path, fmt: str, options: ReadOptions
) -> tuple[list[DocumentIn | RejectedItem], str | None]:
    """Everything ``file`` holds, or the reason it cannot be imported at all."""
    try:
        return list(READERS[fmt](file, options)), None
    except RejectedFileError as error:
        return [], _one_line(str(error))
    except MemoryError:
        return [], f"{file.name}: too large to read in the memory available"
    except Exception as error:  # a reader's library failing on a hostile file: report it
        log.exception("reading %s as %s failed", file, fmt)
        return [], _one_line(
            f"{file.name}: could not be read as {fmt} ({type(error).__name__}: {error})"
        )


def _one_line(reason: str) -> str:
    """Libraries put line breaks in their messages; a report has one line per file."""
    return " ".join(reason.split())


def read_import(
    project: ProjectService,
    paths: Iterable[Path],
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    column_map: dict[str, str] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[AddDocuments | None, ImportReport]:
    """Read files and folders (recursively) for ``project``: the operation that adds the new
    documents (None when there are none) and the report. Nothing is written."""
    report = ImportReport()
    options = ReadOptions(max_bytes=max_bytes, column_map=dict(column_map or {}))
    files = list(collect_files([Path(p) for p in paths], report))
    known = {sha: repr(title) for sha, title in project.document_hashes().items()}
    near = NearDuplicates(project)
    sidecars = _SidecarCache(report)
    records: list[DocumentRecord] = []
    now = utcnow()
    for index, (file, folder, fmt, relative) in enumerate(files):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        items, failure = _read_file(file, fmt, options)
        if failure is not None:
            report.rejected.append((str(file), failure))
        single = fmt not in ("csv", "jsonl", "xlsx")
        for item in items:
            if isinstance(item, RejectedItem):
                report.rejected.append((str(file), item.reason))
                continue
            # A corpus row's origin is "<file> row N"; the report names the file as given.
            where = relative if single else relative + item.origin.removeprefix(file.name)
            origin = str(file) if single else f"{file}{item.origin.removeprefix(file.name)}"
            metadata = sidecars.metadata(folder, file.name) if single else {}
            record = _record(item, where, metadata, now)
            if record.text_sha256 in known:
                report.duplicates.append((origin, f"same text as {known[record.text_sha256]}"))
                continue
            known[record.text_sha256] = label(record.title, where)
            for other, score in near.check(record)[:1]:
                report.near_duplicates.append(
                    (origin, f"nearly the same text ({score:.0%}) as {other}")
                )
            records.append(record)
            report.imported.append((origin, record.id))
            report.notes.extend((origin, note) for note in _notes(record))
        if progress is not None:
            progress(index + 1, len(files))
    return (AddDocuments(tuple(records)) if records else None), report


def import_paths(
    project: ProjectService,
    paths: Iterable[Path],
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    column_map: dict[str, str] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Import files and folders (recursively) into ``project``; see the module docstring.
    A failure to store (a full disk) raises, and then nothing was imported."""
    op, report = read_import(
        project,
        paths,
        max_bytes=max_bytes,
        column_map=column_map,
        progress=progress,
        cancelled=cancelled,
    )
    if op is not None:
        _inverse, report.changes = project.apply(op)
    log.info("import into %s: %s", project.path, report.summary())
    return report
