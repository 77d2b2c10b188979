"""Executors of the codebook's operations: actors, aliases, merges, claims and the tree.

Registered on :func:`annotator.services.execute.execute` (which imports this module).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from annotator.core import models
from annotator.core.errors import OperationRefusedError
from annotator.core.models import name_key
from annotator.core.record_rows import actor_record, claim_record
from annotator.core.records import ActorRecord, ClaimRecord
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet
from annotator.services.execute import Result, _clean_name, _get, execute

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
    session.add(_actor_row(actor, name))
    session.flush()
    for alias in actor.aliases:
        _add_alias(session, actor.id, alias.alias, alias.id)
    session.flush()
    return ops.DeleteActor(actor.id), ChangeSet(actors=frozenset({actor.id}))


def _actor_row(actor: ActorRecord, name: str) -> models.Actor:
    return models.Actor(
        id=actor.id,
        name=name,
        name_key=name_key(name),
        kind=actor.kind,
        description=actor.description,
        colour=actor.colour,
    )


def _claim_row(claim: ClaimRecord, label: str) -> models.Claim:
    return models.Claim(
        id=claim.id,
        label=label,
        label_key=name_key(label),
        description=claim.description,
        parent_id=claim.parent_id,
        colour=claim.colour,
        shortcut=claim.shortcut,
        position=claim.position,
    )


def _repoint(
    session: Session, model: type[Any], ids: Iterable[str], field: str, value: str, what: str
) -> list[Any]:
    """Set ``field`` to ``value`` on the rows ``ids`` of ``model`` (an unmerge moving back
    what a merge moved); return the rows."""
    rows = [_get(session, model, row_id, what) for row_id in ids]
    for row in rows:
        setattr(row, field, value)
        session.add(row)
    return rows


def _set_fields(row: Any, op: Any, names: Iterable[str], old: dict[str, Any]) -> None:
    """Copy the fields ``names`` an edit sets from ``op`` to ``row``, noting old values."""
    for name in names:
        value = getattr(op, name)
        if value is not ops.UNSET:
            old[name] = getattr(row, name)
            setattr(row, name, value)


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
    _set_fields(row, op, ("description", "colour"), old)
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
    session.add(_actor_row(source, source.name))
    session.flush()
    _repoint(session, models.ActorAlias, op.moved_alias_ids, "actor_id", source.id, "alias")
    moved = _repoint(
        session, models.Annotation, op.annotation_ids, "actor_id", source.id, "annotation"
    )
    documents = {annotation.document_id for annotation in moved}
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
    session.add(_claim_row(claim, label))
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
    _set_fields(row, op, ("description", "colour"), old)
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


@execute.register
def _(op: ops.MergeClaims, session: Session) -> Result:
    if op.source_id == op.target_id:
        raise OperationRefusedError("a claim cannot be merged into itself")
    source = _get(session, models.Claim, op.source_id, "claim")
    _get(session, models.Claim, op.target_id, "claim")
    _check_parent(session, op.source_id, op.target_id)  # not into its own sub-claim
    snapshot = claim_record(source)
    statements = list(
        session.exec(select(models.Annotation).where(models.Annotation.claim_id == source.id))
    )
    children = list(session.exec(select(models.Claim).where(models.Claim.parent_id == source.id)))
    for statement in statements:
        statement.claim_id = op.target_id
        session.add(statement)
    for child in children:
        child.parent_id = op.target_id
        session.add(child)
    session.flush()
    session.delete(source)
    session.flush()
    inverse = ops.UnmergeClaims(snapshot, op.target_id, _ids(statements), _ids(children))
    return inverse, ChangeSet(
        claims=frozenset({op.source_id, op.target_id, *(c.id for c in children)}),
        annotations=frozenset(a.id for a in statements),
        annotated_documents=frozenset(a.document_id for a in statements),
    )


@execute.register
def _(op: ops.UnmergeClaims, session: Session) -> Result:
    _get(session, models.Claim, op.target_id, "claim")
    source = op.source
    _check_claim_label_free(session, source.label, claim_id=source.id)
    _check_shortcut_free(session, source.shortcut, claim_id=source.id)
    session.add(_claim_row(source, source.label))
    session.flush()
    _repoint(session, models.Claim, op.child_ids, "parent_id", source.id, "claim")
    moved = _repoint(
        session, models.Annotation, op.annotation_ids, "claim_id", source.id, "annotation"
    )
    documents = {statement.document_id for statement in moved}
    session.flush()
    return ops.MergeClaims(source.id, op.target_id), ChangeSet(
        claims=frozenset({source.id, op.target_id, *op.child_ids}),
        annotations=frozenset(op.annotation_ids),
        annotated_documents=frozenset(documents),
    )
