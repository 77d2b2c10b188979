"""The executor of :class:`~annotator.services.operations.LoadDataset`: a coded dataset's rows
upserted through the other executors, so a load follows the same codebook rules as the
window and the CLI and is undone like any other change.

Documents are matched by the SHA-256 of their text (a row carrying the text brings a missing
document along, with its id); actors and claims by id, else by name (an actor also by alias),
else created; coders by name; statements and mentions are upserted by id, so loading the same
dataset twice changes nothing. A quote that no longer fits its offsets is re-anchored by its
quote and context, or its row is rejected. Each row runs in its own savepoint: a rejected row
leaves nothing behind and the rest still go in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, select

from annotator.core import models
from annotator.core.anchoring import fits, make_selector, reanchor
from annotator.core.dataset_readers.source import AS_WRITTEN
from annotator.core.errors import OperationRefusedError
from annotator.core.models import is_plain_id, new_id, utcnow
from annotator.core.record_rows import annotation_record
from annotator.core.records import DOCUMENT_STATUSES, AnnotationRecord, DocumentRecord
from annotator.core.text import text_sha256
from annotator.services import dataset_checks as checks
from annotator.services import operations as ops
from annotator.services.document_details import parse_date
from annotator.services.execution import Result, execute, get_row
from annotator.services.load_codebook import CodebookUpsert, RowRejectedError, text_of
from annotator.services.load_report import LoadReport


def _annotation_id(kind: str, row: dict[str, Any]) -> str:
    id_key = "statement_id" if kind == "statement" else "mention_id"
    annotation_id = text_of(row.get(id_key))
    if not annotation_id:
        raise RowRejectedError(f"it has no {id_key}")
    if not is_plain_id(annotation_id):
        raise RowRejectedError(
            f"its {id_key} {annotation_id[:40]!r} is not an id (letters, digits and "
            "_ . : - only, starting with a letter or digit, at most 128 characters)"
        )
    return annotation_id


_DETAILS = ("title", "source", "url", "author", "published_at", "language")
"""The details of a document a load updates (its text and origin never change)."""


def _status(row: dict[str, Any]) -> str | None:
    """The row's coding status; None when it has none (an older dataset)."""
    status = text_of(row.get("status")).strip()
    if not status:
        return None
    if status not in DOCUMENT_STATUSES:
        listing = ", ".join(DOCUMENT_STATUSES)
        raise RowRejectedError(f"its status {status[:40]!r} is not one of {listing}")
    return status


class _Upsert(CodebookUpsert):
    """One load's state: what the project holds, and the inverses of what went in."""

    def __init__(
        self,
        session: Session,
        report: LoadReport,
        *,
        update_codebook: bool,
        as_written: Callable[[str], str] | None,
    ) -> None:
        super().__init__(session, report, update_codebook=update_codebook)
        self.as_written = as_written
        """What the dataset's format makes of a text (None: it carries every text)."""
        self.now = utcnow()
        self.document_ids = dict(
            session.exec(select(models.Document.text_sha256, models.Document.id)).all()
        )
        self._texts: dict[str, str] = {}

    def row(self, table: str, row: ops.DatasetRow, where: str) -> str:
        """Load one row in a savepoint; its outcome, or "rejected" with the reason noted in
        the report under ``where``."""
        inverses, changes = len(self.inverses), self.changes
        savepoint = self.session.begin_nested()
        try:
            if row.problem is not None:
                raise RowRejectedError(row.problem)
            if not isinstance(row.values, dict):
                raise RowRejectedError("not a JSON object")
            outcome = _table_row(self, table, row.values, where)
            savepoint.commit()
            return outcome
        except (
            RowRejectedError,
            OperationRefusedError,
            ValueError,
            TypeError,
            OverflowError,
        ) as error:
            savepoint.rollback()
            del self.inverses[inverses:]
            self.changes = changes
            self.report.messages.append(f"{where}: {error}")
            return "rejected"

    # --- documents -----------------------------------------------------------------------

    def document(self, row: dict[str, Any]) -> str:
        sha = text_of(row.get("document_sha256"))
        status = _status(row)
        if sha in self.document_ids:
            return self._update_document(self.document_ids[sha], row, status)
        text = row.get("text")
        if not isinstance(text, str) or not text:
            raise RowRejectedError(f"document {sha[:12]} is not in this project and has no text")
        if text_sha256(text) != sha:
            raise RowRejectedError("its text does not match its document_sha256")
        document_id = text_of(row.get("document_id"))
        if (
            not is_plain_id(document_id)
            or self.session.get(models.Document, document_id) is not None
        ):
            document_id = new_id()
        published = text_of(row.get("published_at"))
        record = DocumentRecord(
            id=document_id,
            title=text_of(row.get("title")),
            source=text_of(row.get("source")),
            url=text_of(row.get("url")),
            author=text_of(row.get("author")),
            published_at=dt.date.fromisoformat(published) if published else None,
            language=text_of(row.get("language")),
            text=text,
            text_sha256=sha,
            origin=text_of(row.get("origin")),
            # Kept, so that an export of the loaded project lists documents in the same
            # order as the dataset did (issue #17.8).
            imported_at=checks.timestamp(row.get("imported_at"), self.now, "imported_at"),
            extra={"loaded_from": "dataset"},
            status=status or DOCUMENT_STATUSES[0],
        )
        self.apply(ops.AddDocuments((record,)))
        self.document_ids[sha] = document_id
        self._texts[document_id] = text
        return "inserted"

    def _update_document(self, document_id: str, row: dict[str, Any], status: str | None) -> str:
        """A document the project holds takes the row's details and status (those the row
        has: a dataset without a column leaves that value alone)."""
        stored = get_row(self.session, models.Document, document_id, "document")
        changed: dict[str, Any] = {}
        for name in (n for n in _DETAILS if n in row):
            value = text_of(row.get(name))
            if name == "published_at":
                date = stored.published_at
                if value != (date.isoformat() if date else ""):
                    changed[name] = parse_date(value)
            elif self._as_carried(getattr(stored, name)) != value:  # as exact as it can be
                changed[name] = value
        if changed:
            self.apply(ops.EditDocument(document_id, checked=True, **changed))
        restatus = status is not None and status != stored.status
        if status is not None and restatus:
            self.apply(ops.SetDocumentStatus((document_id,), status))
        return "updated" if changed or restatus else "unchanged"

    def _text(self, document_id: str) -> str:
        if document_id not in self._texts:
            self._texts[document_id] = get_row(
                self.session, models.Document, document_id, "document"
            ).text
        return self._texts[document_id]

    # --- statements and mentions ---------------------------------------------------------

    def _as_carried(self, text: str) -> str:
        return text if self.as_written is None else self.as_written(text)

    def _coding(self, kind: str, row: dict[str, Any]) -> tuple[str | None, str | None, Any]:
        """A row's (actor or speaker, claim, stance), the actor and claim found or made."""
        if kind == "statement":
            actor_id = self.actor(
                row.get("speaker_id"), row.get("speaker"), row.get("speaker_kind")
            )
            claim_id = self.claim(row.get("claim_id"), row.get("claim"), row.get("claim_path"))
            stance = row.get("stance")
            if stance is not None and stance not in self.scale:
                raise RowRejectedError(f"stance {stance!r} is not on this project's stance scale")
            return actor_id, claim_id, stance
        actor_id = self.actor(row.get("actor_id"), row.get("actor"), row.get("actor_kind"))
        if actor_id is None:
            raise RowRejectedError("a mention needs an actor")
        return actor_id, None, None

    def annotation(self, kind: str, row: dict[str, Any]) -> str:
        annotation_id = _annotation_id(kind, row)
        sha = text_of(row.get("document_sha256"))
        document_id = self.document_ids.get(sha)
        if document_id is None:
            title = text_of(row.get("document_title"))
            raise RowRejectedError(
                f"its document {title!r} (sha256 {sha[:12]}…) is not in this project"
            )
        text = self._text(document_id)
        quote = text_of(row.get("quote"))
        start, end = checks.offsets(row)
        status = text_of(row.get("anchor_status")) or "ok"
        if not fits(text, start, end, quote):
            found = reanchor(
                text, quote, text_of(row.get("prefix")), text_of(row.get("suffix")), hint=start
            )
            if found is None:
                raise RowRejectedError(f"its quote {quote[:40]!r} is not in the document's text")
            (start, end), status = found, "reanchored"
        actor_id, claim_id, stance = self._coding(kind, row)
        selector = make_selector(text, start, end)
        existing = self.session.get(models.Annotation, annotation_id)
        if existing is not None and existing.kind != kind:
            raise RowRejectedError(f"id {annotation_id} belongs to a {existing.kind} here")
        note = text_of(row.get("note"))
        if existing is not None and self._as_carried(existing.note) == note:
            note = existing.note  # as exact as the format could carry it
        record = AnnotationRecord(
            id=annotation_id,
            document_id=document_id,
            coder_id=self.coder(row.get("coder")),
            kind=kind,
            start=start,
            end=end,
            exact=selector.exact,
            prefix=selector.prefix,
            suffix=selector.suffix,
            actor_id=actor_id,
            claim_id=claim_id,
            stance=None if stance is None else str(stance),
            note=note,
            created_at=(
                existing.created_at
                if existing is not None
                else checks.timestamp(row.get("created_at"), self.now, "created_at")
            ),
            # A row without a time keeps the stored one unless it changes something.
            updated_at=checks.timestamp(
                row.get("updated_at"),
                self.now if existing is None else existing.updated_at,
                "updated_at",
            ),
            anchor_status=status,
            # where a merge brought it from stays with it (db/versions/v0005_team.py)
            merge_source_id=None if existing is None else existing.merge_source_id,
        )
        if existing is None:
            self.apply(ops.RestoreAnnotation(record))
            return "inserted"
        if annotation_record(existing) == record:
            return "unchanged"
        if not row.get("updated_at"):
            record = dataclasses.replace(record, updated_at=self.now)
        self.apply(ops.DeleteAnnotation(annotation_id))
        self.apply(ops.RestoreAnnotation(record))
        return "updated"


def _table_row(upsert: _Upsert, table: str, values: dict[str, Any], where: str) -> str:
    if table == "documents":
        return upsert.document(values)
    if table == "actors":
        actor_id = upsert.actor(
            values.get("actor_id"), values.get("name"), values.get("kind"), values
        )
        if actor_id is None:
            raise RowRejectedError("an actor row needs an id or a name")
        created = upsert.created
        edited = not created and upsert.update_codebook and upsert.edit_actor(actor_id, values)
        for alias in values.get("aliases") or []:
            upsert.alias(actor_id, " ".join(text_of(alias).split()), where)
        return "inserted" if created else "updated" if edited else "unchanged"
    if table == "claims":
        claim_id = upsert.claim(
            values.get("claim_id"), values.get("label"), values.get("path"), values
        )
        if upsert.created:
            return "inserted"
        edited = upsert.update_codebook and upsert.edit_claim(claim_id, values)
        return "updated" if edited else "unchanged"
    return upsert.annotation(table[:-1], values)


@execute.register
def _(op: ops.LoadDataset, session: Session) -> Result:
    report = op.report
    upsert = _Upsert(
        session,
        report,
        update_codebook=op.update_codebook,
        as_written=AS_WRITTEN.get(op.lossy_format or ""),
    )
    upsert.extend_scale(op.stance_values)
    for table in op.tables:
        for row in table.rows:
            where = f"{table.file_name} {table.unit} {row.number}"
            report.count(table.table, upsert.row(table.table, row, where))
    # Undo goes back in the opposite order: statements before the claims they use, a claim's
    # sub-claims before it, the stance scale last.
    return ops.Batch(tuple(reversed(upsert.inverses)), op.label), upsert.changes
