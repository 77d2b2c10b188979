"""Applying operations: one ``singledispatch`` implementation per operation type.

Each implementation runs inside the caller's write transaction (see
:meth:`annotator.services.project.ProjectService.apply`), validates before it writes, and
returns ``(inverse, changes)``. A refusal raises :class:`OperationRefusedError` with a message for
the user; the transaction is then rolled back, so nothing is half applied.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, select

from annotator.core import models
from annotator.core.anchoring import make_selector
from annotator.core.errors import OperationRefusedError
from annotator.core.models import name_key, utcnow
from annotator.core.records import (
    ActorRecord,
    AnnotationRecord,
    actor_record,
    annotation_record,
    annotation_row,
    claim_record,
    document_record,
    document_row,
)
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet

Result = tuple[ops.Operation, ChangeSet]
RowT = TypeVar("RowT")


@functools.singledispatch
def execute(op: ops.Operation, session: Session) -> Result:
    """Apply ``op`` in ``session`` and return its inverse and change set."""
    raise TypeError(f"no executor for {type(op).__name__}")


def _get(session: Session, model: type[RowT], id_: str, what: str) -> RowT:
    row = session.get(model, id_)
    if row is None:
        raise OperationRefusedError(f"{what} {id_} does not exist (it may have been deleted)")
    return row


def _clean_name(name: str, what: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise OperationRefusedError(f"{what} cannot be empty")
    return cleaned


def _stance_scale(session: Session) -> list[str]:
    project = session.exec(select(models.Project)).one()
    return list(project.stance_scale)


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
    session.add_all(document_row(d) for d in op.documents)
    session.flush()
    ids = tuple(d.id for d in op.documents)
    return ops.DeleteDocuments(ids), ChangeSet(documents=frozenset(ids))


@execute.register
def _(op: ops.DeleteDocuments, session: Session) -> Result:
    used = session.exec(
        select(func.count()).where(col(models.Annotation.document_id).in_(op.ids))
    ).one()
    if used:
        raise OperationRefusedError(f"the documents carry {used} annotation(s); delete those first")
    records = []
    for id_ in op.ids:
        row = _get(session, models.Document, id_, "document")
        records.append(document_record(row))
        session.delete(row)
    session.flush()
    return ops.AddDocuments(tuple(records)), ChangeSet(documents=frozenset(op.ids))


# --- annotations ---------------------------------------------------------------------------


def _validate_span(session: Session, document_id: str, start: int, end: int) -> models.Document:
    document = _get(session, models.Document, document_id, "document")
    if not 0 <= start < end <= len(document.text):
        raise OperationRefusedError(
            f"span {start}..{end} is not inside the document (0..{len(document.text)})"
        )
    return document


def _validate_coding(
    session: Session, *, actor_id: str | None, claim_id: str | None, stance: str | None
) -> None:
    if actor_id is not None:
        _get(session, models.Actor, actor_id, "actor")
    if claim_id is not None:
        _get(session, models.Claim, claim_id, "claim")
    if stance is not None and stance not in _stance_scale(session):
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
    _get(session, models.Coder, op.coder_id, "coder")
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
    _get(session, models.Document, op.record.document_id, "document")
    return _insert_annotation(session, op.record)


@execute.register
def _(op: ops.DeleteAnnotation, session: Session) -> Result:
    row = _get(session, models.Annotation, op.id, "annotation")
    record = annotation_record(row)
    session.delete(row)
    session.flush()
    return ops.RestoreAnnotation(record), ChangeSet(
        annotations=frozenset({op.id}), annotated_documents=frozenset({record.document_id})
    )


_ANNOTATION_FIELDS = ("start", "end", "actor_id", "claim_id", "stance", "note")


@execute.register
def _(op: ops.EditAnnotation, session: Session) -> Result:
    row = _get(session, models.Annotation, op.id, "annotation")
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


# --- actors --------------------------------------------------------------------------------


def _check_actor_name_free(session: Session, name: str, *, actor_id: str) -> None:
    key = name_key(name)
    clash = session.exec(select(models.Actor).where(models.Actor.name_key == key)).first()
    if clash is not None and clash.id != actor_id:
        raise OperationRefusedError(f"an actor named {clash.name!r} already exists")
    alias = session.exec(
        select(models.ActorAlias).where(models.ActorAlias.alias_key == key)
    ).first()
    if alias is not None and alias.actor_id != actor_id:
        owner = _get(session, models.Actor, alias.actor_id, "actor")
        raise OperationRefusedError(f"{name!r} is already an alias of {owner.name!r}")


def _add_alias(session: Session, actor_id: str, alias: str, alias_id: str) -> None:
    alias = _clean_name(alias, "an alias")
    key = name_key(alias)
    owner_alias = session.exec(
        select(models.ActorAlias).where(models.ActorAlias.alias_key == key)
    ).first()
    if owner_alias is not None:
        owner = _get(session, models.Actor, owner_alias.actor_id, "actor")
        raise OperationRefusedError(f"{alias!r} is already an alias of {owner.name!r}")
    named = session.exec(select(models.Actor).where(models.Actor.name_key == key)).first()
    if named is not None and named.id != actor_id:
        raise OperationRefusedError(f"{alias!r} is the name of another actor; merge them instead")
    session.add(models.ActorAlias(id=alias_id, actor_id=actor_id, alias=alias, alias_key=key))


def _actor_snapshot(session: Session, actor: models.Actor) -> ActorRecord:
    aliases = list(
        session.exec(select(models.ActorAlias).where(models.ActorAlias.actor_id == actor.id))
    )
    return actor_record(actor, aliases)


def _check_kind(kind: str) -> None:
    if kind not in models.ACTOR_KINDS:
        raise OperationRefusedError(
            f"actor kind {kind!r} is not one of {', '.join(models.ACTOR_KINDS)}"
        )


@execute.register
def _(op: ops.CreateActor, session: Session) -> Result:
    actor = op.actor
    name = _clean_name(actor.name, "an actor's name")
    _check_kind(actor.kind)
    if session.get(models.Actor, actor.id) is not None:
        raise OperationRefusedError(f"actor {actor.id} already exists")
    _check_actor_name_free(session, name, actor_id=actor.id)
    session.add(
        models.Actor(
            id=actor.id,
            name=name,
            name_key=name_key(name),
            kind=actor.kind,
            description=actor.description,
            colour=actor.colour,
        )
    )
    session.flush()
    for alias in actor.aliases:
        _add_alias(session, actor.id, alias.alias, alias.id)
    session.flush()
    return ops.DeleteActor(actor.id), ChangeSet(actors=frozenset({actor.id}))


@execute.register
def _(op: ops.EditActor, session: Session) -> Result:
    row = _get(session, models.Actor, op.id, "actor")
    old: dict[str, Any] = {}
    if op.name is not ops.UNSET:
        name = _clean_name(op.name, "an actor's name")
        _check_actor_name_free(session, name, actor_id=row.id)
        old["name"] = row.name
        row.name, row.name_key = name, name_key(name)
    if op.kind is not ops.UNSET:
        _check_kind(op.kind)
        old["kind"] = row.kind
        row.kind = op.kind
    for name_ in ("description", "colour"):
        value = getattr(op, name_)
        if value is not ops.UNSET:
            old[name_] = getattr(row, name_)
            setattr(row, name_, value)
    session.add(row)
    session.flush()
    return ops.EditActor(op.id, **old), ChangeSet(actors=frozenset({op.id}))


def _actor_usage(session: Session, actor_id: str) -> tuple[int, int]:
    rows = session.exec(
        select(models.Annotation.kind, func.count())
        .where(models.Annotation.actor_id == actor_id)
        .group_by(models.Annotation.kind)
    ).all()
    counts = dict(rows)
    return counts.get("statement", 0), counts.get("mention", 0)


@execute.register
def _(op: ops.DeleteActor, session: Session) -> Result:
    row = _get(session, models.Actor, op.id, "actor")
    statements, mentions = _actor_usage(session, op.id)
    if statements or mentions:
        raise OperationRefusedError(
            f"{row.name!r} is used by {statements + mentions} annotation(s) "
            f"({statements} statement(s) as speaker, {mentions} mention(s)); "
            "merge it into another actor instead"
        )
    snapshot = _actor_snapshot(session, row)
    session.delete(row)  # its aliases go with it (ON DELETE CASCADE)
    session.flush()
    return ops.CreateActor(snapshot), ChangeSet(actors=frozenset({op.id}))


@execute.register
def _(op: ops.AddAlias, session: Session) -> Result:
    _get(session, models.Actor, op.actor_id, "actor")
    _add_alias(session, op.actor_id, op.alias, op.id)
    session.flush()
    return ops.RemoveAlias(op.id), ChangeSet(actors=frozenset({op.actor_id}))


@execute.register
def _(op: ops.RemoveAlias, session: Session) -> Result:
    row = _get(session, models.ActorAlias, op.id, "alias")
    session.delete(row)
    session.flush()
    return ops.AddAlias(row.actor_id, row.alias, row.id), ChangeSet(
        actors=frozenset({row.actor_id})
    )


def _ids(rows: Iterable[Any]) -> tuple[str, ...]:
    return tuple(sorted(row.id for row in rows))


@execute.register
def _(op: ops.MergeActors, session: Session) -> Result:
    if op.source_id == op.target_id:
        raise OperationRefusedError("an actor cannot be merged into itself")
    source = _get(session, models.Actor, op.source_id, "actor")
    target = _get(session, models.Actor, op.target_id, "actor")
    snapshot = _actor_snapshot(session, source)
    annotations = list(
        session.exec(select(models.Annotation).where(models.Annotation.actor_id == source.id))
    )
    aliases = list(
        session.exec(select(models.ActorAlias).where(models.ActorAlias.actor_id == source.id))
    )
    for annotation in annotations:
        annotation.actor_id = target.id
        session.add(annotation)
    for alias in aliases:
        alias.actor_id = target.id
        session.add(alias)
    source_name, source_key = source.name, source.name_key
    session.delete(source)
    session.flush()
    added_alias_id: str | None = None
    if source_key != target.name_key:
        session.add(
            models.ActorAlias(
                id=op.alias_id, actor_id=target.id, alias=source_name, alias_key=source_key
            )
        )
        added_alias_id = op.alias_id
    session.flush()
    inverse = ops.UnmergeActors(
        source=dataclasses.replace(snapshot, aliases=()),
        target_id=target.id,
        annotation_ids=_ids(annotations),
        moved_alias_ids=_ids(aliases),
        added_alias_id=added_alias_id,
    )
    return inverse, ChangeSet(
        actors=frozenset({source.id, target.id}),
        annotations=frozenset(a.id for a in annotations),
        annotated_documents=frozenset(a.document_id for a in annotations),
    )


@execute.register
def _(op: ops.UnmergeActors, session: Session) -> Result:
    _get(session, models.Actor, op.target_id, "actor")
    if op.added_alias_id is not None:
        session.delete(_get(session, models.ActorAlias, op.added_alias_id, "alias"))
        session.flush()
    source = op.source
    _check_actor_name_free(session, source.name, actor_id=source.id)
    session.add(
        models.Actor(
            id=source.id,
            name=source.name,
            name_key=name_key(source.name),
            kind=source.kind,
            description=source.description,
            colour=source.colour,
        )
    )
    session.flush()
    documents: set[str] = set()
    for alias_id in op.moved_alias_ids:
        alias = _get(session, models.ActorAlias, alias_id, "alias")
        alias.actor_id = source.id
        session.add(alias)
    for annotation_id in op.annotation_ids:
        annotation = _get(session, models.Annotation, annotation_id, "annotation")
        annotation.actor_id = source.id
        documents.add(annotation.document_id)
        session.add(annotation)
    session.flush()
    inverse = ops.MergeActors(source.id, op.target_id, alias_id=op.added_alias_id or "")
    return inverse, ChangeSet(
        actors=frozenset({source.id, op.target_id}),
        annotations=frozenset(op.annotation_ids),
        annotated_documents=frozenset(documents),
    )


# --- claims --------------------------------------------------------------------------------


def _check_claim_label_free(session: Session, label: str, *, claim_id: str) -> None:
    clash = session.exec(
        select(models.Claim).where(models.Claim.label_key == name_key(label))
    ).first()
    if clash is not None and clash.id != claim_id:
        raise OperationRefusedError(f"a claim labelled {clash.label!r} already exists")


def _check_shortcut_free(session: Session, shortcut: str | None, *, claim_id: str) -> None:
    if shortcut is None:
        return
    if len(shortcut) != 1 or not shortcut.isprintable() or shortcut.isspace():
        raise OperationRefusedError(f"a claim's shortcut must be one character, not {shortcut!r}")
    clash = session.exec(select(models.Claim).where(models.Claim.shortcut == shortcut)).first()
    if clash is not None and clash.id != claim_id:
        raise OperationRefusedError(f"shortcut {shortcut!r} already belongs to {clash.label!r}")


def _check_parent(session: Session, claim_id: str, parent_id: str | None) -> None:
    ancestor = parent_id
    while ancestor is not None:
        if ancestor == claim_id:
            raise OperationRefusedError(
                "a claim cannot be moved under itself or its own sub-claims"
            )
        ancestor = _get(session, models.Claim, ancestor, "claim").parent_id


@execute.register
def _(op: ops.CreateClaim, session: Session) -> Result:
    claim = op.claim
    label = _clean_name(claim.label, "a claim's label")
    if session.get(models.Claim, claim.id) is not None:
        raise OperationRefusedError(f"claim {claim.id} already exists")
    _check_claim_label_free(session, label, claim_id=claim.id)
    _check_shortcut_free(session, claim.shortcut, claim_id=claim.id)
    _check_parent(session, claim.id, claim.parent_id)
    session.add(
        models.Claim(
            id=claim.id,
            label=label,
            label_key=name_key(label),
            description=claim.description,
            parent_id=claim.parent_id,
            colour=claim.colour,
            shortcut=claim.shortcut,
            position=claim.position,
        )
    )
    session.flush()
    return ops.DeleteClaim(claim.id), ChangeSet(claims=frozenset({claim.id}))


@execute.register
def _(op: ops.EditClaim, session: Session) -> Result:
    row = _get(session, models.Claim, op.id, "claim")
    old: dict[str, Any] = {}
    if op.label_text is not ops.UNSET:
        label = _clean_name(op.label_text, "a claim's label")
        _check_claim_label_free(session, label, claim_id=row.id)
        old["label_text"] = row.label
        row.label, row.label_key = label, name_key(label)
    if op.shortcut is not ops.UNSET:
        _check_shortcut_free(session, op.shortcut, claim_id=row.id)
        old["shortcut"] = row.shortcut
        row.shortcut = op.shortcut
    for name_ in ("description", "colour"):
        value = getattr(op, name_)
        if value is not ops.UNSET:
            old[name_] = getattr(row, name_)
            setattr(row, name_, value)
    session.add(row)
    session.flush()
    return ops.EditClaim(op.id, **old), ChangeSet(claims=frozenset({op.id}))


@execute.register
def _(op: ops.MoveClaim, session: Session) -> Result:
    row = _get(session, models.Claim, op.id, "claim")
    _check_parent(session, row.id, op.parent_id)
    inverse = ops.MoveClaim(op.id, row.parent_id, row.position)
    row.parent_id, row.position = op.parent_id, op.position
    session.add(row)
    session.flush()
    return inverse, ChangeSet(claims=frozenset({op.id}))


@execute.register
def _(op: ops.DeleteClaim, session: Session) -> Result:
    row = _get(session, models.Claim, op.id, "claim")
    used = session.exec(select(func.count()).where(models.Annotation.claim_id == op.id)).one()
    if used:
        raise OperationRefusedError(
            f"claim {row.label!r} is used by {used} statement(s); move them to another claim first"
        )
    children = session.exec(select(func.count()).where(models.Claim.parent_id == op.id)).one()
    if children:
        raise OperationRefusedError(
            f"claim {row.label!r} has {children} sub-claim(s); move or delete them first"
        )
    snapshot = claim_record(row)
    session.delete(row)
    session.flush()
    return ops.CreateClaim(snapshot), ChangeSet(claims=frozenset({op.id}))


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


# --- project -------------------------------------------------------------------------------


@execute.register
def _(op: ops.SetStanceScale, session: Session) -> Result:
    scale = [" ".join(value.split()) for value in op.scale]
    if not scale or any(not value for value in scale):
        raise OperationRefusedError("the stance scale needs at least one non-empty value")
    if len(set(scale)) != len(scale):
        raise OperationRefusedError("the stance scale lists a value twice")
    project = session.exec(select(models.Project)).one()
    dropped = set(project.stance_scale) - set(scale)
    if dropped:
        used = session.exec(
            select(models.Annotation.stance, func.count())
            .where(col(models.Annotation.stance).in_(dropped))
            .group_by(models.Annotation.stance)
        ).all()
        if used:
            listing = ", ".join(f"{stance!r} ({n})" for stance, n in used)
            raise OperationRefusedError(f"statements still use {listing}; recode them first")
    inverse = ops.SetStanceScale(tuple(project.stance_scale))
    project.stance_scale = scale
    session.add(project)
    session.flush()
    return inverse, ChangeSet(project=True)


def registered_operations() -> list[type[ops.Operation]]:
    """Every operation type with an executor (tests check each has an inverse round trip)."""
    registry: dict[Any, Callable[..., Any]] = dict(execute.registry)
    return sorted(
        (t for t in registry if t is not object and t is not ops.Operation),
        key=lambda t: t.__name__,
    )
