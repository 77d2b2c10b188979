"""The executors of documents, annotations, coders and the project's own settings, and the
one place that gathers every executor (see :mod:`annotator.services.execution` for what they
share and promise). Importing this module registers them all."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from annotator.core import models
from annotator.core.anchoring import make_selector
from annotator.core.errors import OperationRefusedError
from annotator.core.models import name_key, utcnow
from annotator.core.record_rows import annotation_record, annotation_row, document_record
from annotator.core.records import AnnotationRecord, CoderRecord, DocumentRecord
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet
from annotator.services.execution import Result, clean_name, execute, get_row, stance_scale

__all__ = ["execute", "registered_operations"]

# --- documents -----------------------------------------------------------------------------


@execute.register
def _(op: ops.AddDocuments, session: Session) -> Result:
    hashes = [d.text_sha256 for d in op.documents]
    if len(set(hashes)) != len(hashes):
        raise OperationRefusedError("the same text appears twice in one import")
    existing = session.exec(
        select(models.Document.origin).where(col(models.Document.text_sha256).in_(hashes))
    ).first()
    if existing is not None:
        raise OperationRefusedError(
            f"a document with the same text is already in the project ({existing or 'untitled'})"
        )
    if op.documents:
        # Core insert, not ORM objects: bulk work goes through Core (DESIGN.md §5).
        table = models.Document.__table__  # type: ignore[attr-defined]
        names = [field.name for field in dataclasses.fields(DocumentRecord)]
        rows = [{name: getattr(d, name) for name in names} for d in op.documents]
        session.execute(insert(table), rows)
    ids = tuple(d.id for d in op.documents)
    return ops.DeleteDocuments(ids), ChangeSet(documents=frozenset(ids))


@execute.register
def _(op: ops.DeleteDocuments, session: Session) -> Result:
    coded = session.exec(
        select(models.Annotation)
        .where(col(models.Annotation.document_id).in_(op.ids))
        .order_by(col(models.Annotation.document_id), col(models.Annotation.start))
    ).all()
    if coded and not op.with_annotations:
        raise OperationRefusedError(
            f"the documents carry {len(coded)} annotation(s); delete those first"
        )
    annotations = tuple(annotation_record(row) for row in coded)
    for annotation in coded:
        session.delete(annotation)
    records = []
    for id_ in op.ids:
        document = get_row(session, models.Document, id_, "document")
        records.append(document_record(document))
        session.delete(document)
    session.flush()
    changes = ChangeSet(documents=frozenset(op.ids))
    if not annotations:
        return ops.AddDocuments(tuple(records)), changes
    # Undo puts the documents back, then their annotations, ids and times as they were.
    restore = (ops.AddDocuments(tuple(records)), *map(ops.RestoreAnnotation, annotations))
    return ops.Batch(restore, "restore documents"), changes | ChangeSet(
        annotations=frozenset(a.id for a in annotations),
        annotated_documents=frozenset(a.document_id for a in annotations),
    )


@execute.register
def _(op: ops.SetDocumentExtra, session: Session) -> Result:
    row = get_row(session, models.Document, op.document_id, "document")
    if not op.key:
        raise OperationRefusedError("a metadata key cannot be empty")
    try:
        value = json.loads(json.dumps(op.value))  # a copy, and proof it is JSON
    except (TypeError, ValueError) as error:
        raise OperationRefusedError(f"metadata {op.key!r} is not JSON: {error}") from error
    extra = dict(row.extra or {})
    old = extra.get(op.key)
    if value is None:
        extra.pop(op.key, None)
    else:
        extra[op.key] = value
    row.extra = extra  # a new dict: SQLAlchemy does not see changes made inside a JSON value
    session.add(row)
    session.flush()
    inverse = ops.SetDocumentExtra(op.document_id, op.key, old)
    return inverse, ChangeSet(documents=frozenset({op.document_id}))


# --- annotations ---------------------------------------------------------------------------


def _validate_span(session: Session, document_id: str, start: int, end: int) -> models.Document:
    document = get_row(session, models.Document, document_id, "document")
    if not 0 <= start < end <= len(document.text):
        raise OperationRefusedError(
            f"span {start}..{end} is not inside the document (0..{len(document.text)})"
        )
    return document


def _validate_coding(
    session: Session, *, actor_id: str | None, claim_id: str | None, stance: str | None
) -> None:
    if actor_id is not None:
        get_row(session, models.Actor, actor_id, "actor")
    if claim_id is not None:
        get_row(session, models.Claim, claim_id, "claim")
    if stance is not None and stance not in stance_scale(session):
        raise OperationRefusedError(f"stance {stance!r} is not on the project's stance scale")


def _insert_annotation(session: Session, record: AnnotationRecord) -> Result:
    if session.get(models.Annotation, record.id) is not None:
        raise OperationRefusedError(f"annotation {record.id} already exists")
    session.add(annotation_row(record))
    session.flush()
    return ops.DeleteAnnotation(record.id), ChangeSet(
        annotations=frozenset({record.id}), annotated_documents=frozenset({record.document_id})
    )


def _new_annotation(
    session: Session,
    op: ops.AddMention | ops.AddStatement,
    *,
    kind: str,
    actor_id: str | None,
    claim_id: str | None,
    stance: str | None,
) -> Result:
    document = _validate_span(session, op.document_id, op.start, op.end)
    _validate_coding(session, actor_id=actor_id, claim_id=claim_id, stance=stance)
    get_row(session, models.Coder, op.coder_id, "coder")
    quote = make_selector(document.text, op.start, op.end)
    now = utcnow()
    record = AnnotationRecord(
        id=op.id,
        document_id=op.document_id,
        coder_id=op.coder_id,
        kind=kind,
        start=op.start,
        end=op.end,
        exact=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
        actor_id=actor_id,
        claim_id=claim_id,
        stance=stance,
        note=op.note,
        created_at=now,
        updated_at=now,
    )
    return _insert_annotation(session, record)


@execute.register
def _(op: ops.AddMention, session: Session) -> Result:
    return _new_annotation(
        session, op, kind="mention", actor_id=op.actor_id, claim_id=None, stance=None
    )


@execute.register
def _(op: ops.AddStatement, session: Session) -> Result:
    return _new_annotation(
        session,
        op,
        kind="statement",
        actor_id=op.speaker_id,
        claim_id=op.claim_id,
        stance=op.stance,
    )


@execute.register
def _(op: ops.RestoreAnnotation, session: Session) -> Result:
    record = op.record
    if record.kind not in ("mention", "statement"):
        raise OperationRefusedError(
            f"an annotation is a mention or a statement, not {record.kind!r}"
        )
    if record.kind == "mention" and (record.actor_id is None or record.claim_id or record.stance):
        raise OperationRefusedError("a mention needs an actor and has no claim or stance")
    if record.kind == "statement" and record.claim_id is None:
        raise OperationRefusedError("a statement needs a claim")
    _validate_span(session, record.document_id, record.start, record.end)
    _validate_coding(
        session, actor_id=record.actor_id, claim_id=record.claim_id, stance=record.stance
    )
    get_row(session, models.Coder, record.coder_id, "coder")
    return _insert_annotation(session, record)


@execute.register
def _(op: ops.DeleteAnnotation, session: Session) -> Result:
    row = get_row(session, models.Annotation, op.id, "annotation")
    record = annotation_record(row)
    session.delete(row)
    session.flush()
    return ops.RestoreAnnotation(record), ChangeSet(
        annotations=frozenset({op.id}), annotated_documents=frozenset({record.document_id})
    )


_ANNOTATION_FIELDS = ("start", "end", "actor_id", "claim_id", "stance", "note")


@execute.register
def _(op: ops.EditAnnotation, session: Session) -> Result:
    row = get_row(session, models.Annotation, op.id, "annotation")
    wanted = {
        name: getattr(op, name) for name in _ANNOTATION_FIELDS if getattr(op, name) is not ops.UNSET
    }
    old = {name: getattr(row, name) for name in wanted}
    merged = {name: wanted.get(name, getattr(row, name)) for name in _ANNOTATION_FIELDS}
    if row.kind == "mention" and (
        merged["actor_id"] is None or merged["claim_id"] is not None or merged["stance"]
    ):
        raise OperationRefusedError("a mention needs an actor and has no claim or stance")
    if row.kind == "statement" and merged["claim_id"] is None:
        raise OperationRefusedError("a statement needs a claim")
    _validate_coding(
        session,
        actor_id=wanted.get("actor_id"),
        claim_id=wanted.get("claim_id"),
        stance=wanted.get("stance"),
    )
    inverse_extra: dict[str, Any] = {}
    if "start" in wanted or "end" in wanted:
        document = _validate_span(session, row.document_id, merged["start"], merged["end"])
        quote = make_selector(document.text, merged["start"], merged["end"])
        row.exact, row.prefix, row.suffix = quote.exact, quote.prefix, quote.suffix
        inverse_extra["start"], inverse_extra["end"] = row.start, row.end
        row.anchor_status = "ok"
    for name, value in wanted.items():
        setattr(row, name, value)
    old_updated_at = row.updated_at
    row.updated_at = utcnow() if op.updated_at is ops.UNSET else op.updated_at
    session.add(row)
    session.flush()
    inverse = ops.EditAnnotation(id=op.id, updated_at=old_updated_at, **(old | inverse_extra))
    return inverse, ChangeSet(
        annotations=frozenset({op.id}), annotated_documents=frozenset({row.document_id})
    )


# --- several at once ---


@execute.register
def _(op: ops.Batch, session: Session) -> Result:
    inverses: list[ops.Operation] = []
    changes = ChangeSet()
    for step in op.steps:
        inverse, step_changes = execute(step, session)
        inverses.append(inverse)
        changes = changes | step_changes
    return ops.Batch(tuple(reversed(inverses)), op.text), changes


# --- coders --------------------------------------------------------------------------------


@execute.register
def _(op: ops.CreateCoder, session: Session) -> Result:
    name = clean_name(op.coder.name, "a coder's name")
    if session.get(models.Coder, op.coder.id) is not None:
        raise OperationRefusedError(f"coder {op.coder.id} already exists")
    key = name_key(name)
    if session.exec(select(models.Coder).where(models.Coder.name_key == key)).first():
        raise OperationRefusedError(f"a coder named {name!r} already exists")
    session.add(models.Coder(id=op.coder.id, name=name, name_key=key))
    session.flush()
    return ops.DeleteCoder(op.coder.id), ChangeSet(coders=frozenset({op.coder.id}))


@execute.register
def _(op: ops.DeleteCoder, session: Session) -> Result:
    row = get_row(session, models.Coder, op.id, "coder")
    used = session.exec(select(func.count()).where(col(models.Annotation.coder_id) == op.id)).one()
    if used:
        raise OperationRefusedError(f"{row.name!r} coded {used} annotation(s); keep the coder")
    inverse = ops.CreateCoder(CoderRecord(row.id, row.name))
    session.delete(row)
    session.flush()
    return inverse, ChangeSet(coders=frozenset({op.id}))


# The codebook's, the project's and the dataset load's executors live in their own modules;
# importing them registers them.
from annotator.services import (  # noqa: E402
    execute_actors,
    execute_claims,
    execute_documents,
    execute_load,
    execute_merge,
    execute_merge_sources,
    execute_project,
)

del execute_actors, execute_claims, execute_documents, execute_load, execute_merge
del execute_merge_sources, execute_project


def registered_operations() -> list[type[ops.Operation]]:
    """Every operation type with an executor (tests check each has an inverse round trip)."""
    registry: dict[Any, Callable[..., Any]] = dict(execute.registry)
    return sorted(
        (t for t in registry if t is not object and t is not ops.Operation),
        key=lambda t: t.__name__,
    )
