"""The project service: the one object the GUI and the CLI talk to about a project file.

It opens the file (lock, migrations), applies operations in one transaction each, records
every change in the change journal (the search index's watermark), and answers queries with
frozen records.
"""

from __future__ import annotations

import dataclasses
import getpass
import hashlib
import json
import logging
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.exc import OperationalError
from sqlmodel import col, select

from annotator.core import migrations, models
from annotator.core.backup import backup_if_due
from annotator.core.db import BUSY_TIMEOUT_MS, ProjectDatabase, open_database
from annotator.core.errors import (
    BackupError,
    NotAProjectError,
    OperationRefusedError,
    ProjectBusyError,
    StorageFullError,
)
from annotator.core.models import name_key, new_id
from annotator.core.record_rows import document_record, project_info
from annotator.core.records import (
    AnnotationRecord,
    CoderRecord,
    DocumentRecord,
    DocumentSummary,
    ProjectInfo,
)
from annotator.services.changes import ChangeSet
from annotator.services.execute import execute
from annotator.services.operations import AddDocuments, CreateCoder, Operation, SetUpProject
from annotator.services.project_reads import ProjectReads
from annotator.services.transaction import record_changes, storable_values

log = logging.getLogger(__name__)


def default_coder_name() -> str:
    """The OS user name, the coder when none is set (DESIGN.md §8)."""
    try:
        return getpass.getuser() or "coder"
    except (KeyError, OSError):
        return "coder"


_ANNOTATION_COLUMNS = tuple(f.name for f in dataclasses.fields(AnnotationRecord))


def _annotation_select() -> tuple[Any, Any]:
    """(annotation table, a select of its columns in AnnotationRecord's order)."""
    table = models.Annotation.__table__  # type: ignore[attr-defined]
    return table, sa_select(*(table.c[name] for name in _ANNOTATION_COLUMNS))


class ProjectService(ProjectReads):
    """An open project. Create with :meth:`open` or :meth:`create`; :meth:`close` when done."""

    def __init__(self, database: ProjectDatabase) -> None:
        self._db = database

    # --- lifecycle -----------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        name: str | None = None,
        stance_scale: Sequence[str] | None = None,
        lead_project_id: str | None = None,
    ) -> ProjectService:
        """Make a new project file at ``path`` (which must not exist); ``lead_project_id``
        makes it a coding package of that project (services/packages.py)."""
        database = open_database(path, create=True)
        service = cls(database)
        try:
            service.apply(
                SetUpProject(
                    name=name or Path(path).stem,
                    stance_scale=tuple(stance_scale or models.DEFAULT_STANCE_SCALE),
                    schema_version=int(migrations.head_revision()),
                    lead_project_id=lead_project_id,
                )
            )
        except BaseException:
            database.close()
            raise
        return service

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        fallback_read_only: bool = False,
        backup: bool = True,
    ) -> ProjectService:
        """Open an existing project file (see :func:`annotator.core.db.open_database`).

        Opened for writing, it gets a verified backup when the newest is over 12 hours old
        (``backup=False`` leaves that to the caller: the window runs it in the background,
        as copying a large project takes seconds)."""
        database = open_database(path, read_only=read_only, fallback_read_only=fallback_read_only)
        service = cls(database)
        try:
            service.info()
        except Exception as error:
            database.close()
            raise NotAProjectError(f"{Path(path).name} has no project record: {error}") from error
        if backup:
            service.backup_if_due()
        return service

    def backup_if_due(self) -> Path | None:
        """The periodic verified backup (core/backup.py), when due and the project is
        writable; None otherwise. A failed backup is logged: the project stays usable."""
        if self._db.read_only_reason is not None:
            return None
        try:
            return backup_if_due(self._db.path)
        except BackupError as error:
            log.warning("no periodic backup of %s: %s", self._db.path, error)
            return None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ProjectService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def read_only_reason(self) -> str | None:
        """Why the project is read-only, or None when it can be changed."""
        return self._db.read_only_reason

    @property
    def database(self) -> ProjectDatabase:
        return self._db

    # --- changes -------------------------------------------------------------------------

    def apply(self, op: Operation) -> tuple[Operation, ChangeSet]:
        """Apply ``op`` in one transaction; return its inverse and what changed.

        Raises:
            OperationRefusedError: the operation would break the data; nothing was changed.
            ReadOnlyProjectError: the project is open read-only.
        """
        if not isinstance(op, AddDocuments):  # the importer makes documents storable itself
            op = storable_values(op)
        try:
            with self._db.write() as session:
                inverse, changes = execute(op, session)
                record_changes(session, changes)
        except OperationalError as error:
            message = str(error.orig).lower()
            if "locked" in message or "busy" in message:
                raise ProjectBusyError(
                    f"{self.path.name} stayed busy for more than "
                    f"{BUSY_TIMEOUT_MS // 1000} s (another task was saving): {op.label} was "
                    "not saved and nothing changed. Try again."
                ) from error
            # SQLITE_FULL: the transaction was rolled back whole, so the file is as before.
            if "full" not in message:
                raise
            raise StorageFullError(
                f"the disk holding {self.path.name} is full: {op.label} was not saved and the "
                "project is as it was before it. Free some space and try again."
            ) from error
        log.debug("applied %s", type(op).__name__)
        return inverse, changes

    def ensure_coder(self, name: str | None = None) -> CoderRecord:
        """The coder called ``name`` (default: the OS user), created when new."""
        name = " ".join(unicodedata.normalize("NFC", name or default_coder_name()).split())
        name = name or "coder"
        found = self._coder_named(name)
        if found is not None:
            return found
        coder = CoderRecord(new_id(), name)
        try:
            self.apply(CreateCoder(coder))
        except OperationRefusedError:
            # Created meanwhile under this name (or its name is unusable): the stored one.
            found = self._coder_named(name)
            if found is None:
                raise
            return found
        return coder

    def _coder_named(self, name: str) -> CoderRecord | None:
        with self._db.read() as session:
            row = session.exec(
                select(models.Coder).where(models.Coder.name_key == name_key(name))
            ).first()
            return None if row is None else CoderRecord(row.id, row.name)

    # --- queries -------------------------------------------------------------------------

    def info(self) -> ProjectInfo:
        with self._db.read() as session:
            return project_info(session.exec(select(models.Project)).one())

    def watermark(self) -> int:
        """The sequence number of the last committed change (0 for none)."""
        with self._db.read() as session:
            return int(session.exec(select(func.max(models.ChangeLog.seq))).one() or 0)

    def history_stamp(self, seq: int) -> str:
        """The identity of the project's history up to change ``seq``: a digest of that
        journal entry (its number, time, what changed and how), "" for 0, "missing" when the
        file has no such entry. Change numbers repeat after a restore or when an older copy
        replaces the file; the entries under them do not (restore adds one with a new id),
        so a search index at ``seq`` is trusted only while its stamp is the file's (#13.2).
        """
        if seq <= 0:
            return ""
        with self._db.read() as session:
            row = session.get(models.ChangeLog, seq)
        if row is None:
            return "missing"
        identity = "\x1f".join(
            (str(row.seq), row.at.isoformat(), row.entity, row.entity_id, row.action)
        )
        return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def document_summaries(self) -> list[DocumentSummary]:
        """Every document, in import order, with its statement and mention counts."""
        return self.document_summaries_for(None)

    def document_summaries_for(self, ids: Sequence[str] | None) -> list[DocumentSummary]:
        """Summaries of the documents ``ids`` (all when None), in import order."""
        counts = (
            select(
                models.Annotation.document_id,
                func.sum(func.iif(models.Annotation.kind == "statement", 1, 0)).label("s"),
                func.sum(func.iif(models.Annotation.kind == "mention", 1, 0)).label("m"),
            )
            .group_by(models.Annotation.document_id)
            .subquery()
        )
        # sqlalchemy's select: sqlmodel's typed overloads stop at four columns.
        query = (
            sa_select(
                col(models.Document.id),
                col(models.Document.title),
                col(models.Document.source),
                col(models.Document.published_at),
                func.coalesce(counts.c.s, 0),
                func.coalesce(counts.c.m, 0),
                func.length(models.Document.text),
                col(models.Document.origin),
                col(models.Document.status),
            )
            .outerjoin(counts, counts.c.document_id == models.Document.id)
            .order_by(col(models.Document.imported_at), col(models.Document.origin))
        )
        if ids is not None:
            query = query.where(col(models.Document.id).in_(list(ids)))
        with self._db.read() as session:
            return [DocumentSummary(*row) for row in session.execute(query)]

    def document(self, document_id: str) -> DocumentRecord:
        with self._db.read() as session:
            row = session.get(models.Document, document_id)
            if row is None:
                raise KeyError(document_id)
            return document_record(row)

    def document_hashes(self) -> dict[str, str]:
        """text SHA-256 -> title (or file name) of every document, to spot duplicates."""
        query = select(models.Document.text_sha256, models.Document.title, models.Document.origin)
        with self._db.read() as session:
            return {sha: title or origin for sha, title, origin in session.exec(query)}

    def document_fingerprints(self, key: str) -> dict[str, tuple[str, str, Any]]:
        """document id -> (title, origin, ``extra[key]`` or None) of every document: the
        near-duplicate sketches kept at import (see core/neardup.py)."""
        table = models.Document.__table__  # type: ignore[attr-defined]
        value = func.json_extract(table.c.extra, f"$.{key}")
        query = sa_select(table.c.id, table.c.title, table.c.origin, value)
        with self._db.read() as session:
            return {
                row[0]: (row[1], row[2], None if row[3] is None else json.loads(row[3]))
                for row in session.execute(query)
            }

    def annotations(self, document_id: str | None = None) -> list[AnnotationRecord]:
        """Annotations of one document (or all), ordered by position."""
        # Plain rows, not ORM objects: the window reloads a document's annotations after
        # every change, and building 1,000 ORM objects took most of that time (measured).
        table, query = _annotation_select()
        if document_id is not None:
            query = query.where(table.c.document_id == document_id)
        query = query.order_by(table.c.document_id, table.c.start, table.c.end)
        with self._db.read() as session:
            return [AnnotationRecord(*row) for row in session.execute(query)]

    def annotations_by_id(self, ids: Sequence[str]) -> dict[str, AnnotationRecord]:
        """The annotations among ``ids`` that exist (deleted ones are simply absent)."""
        table, query = _annotation_select()
        query = query.where(table.c.id.in_(list(ids)))
        with self._db.read() as session:
            return {row[0]: AnnotationRecord(*row) for row in session.execute(query)}

    def annotation(self, annotation_id: str) -> AnnotationRecord:
        found = self.annotations_by_id([annotation_id])
        if annotation_id not in found:
            raise KeyError(annotation_id)
        return found[annotation_id]
