"""Executors of the codebook's actor operations: actors, aliases, merges and unmerges.

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
from annotator.core.exporters.csv_writer import LIST_SEPARATOR, listable
from annotator.core.models import name_key
from annotator.core.record_rows import actor_record
from annotator.core.records import ActorRecord
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet
from annotator.services.execution import Result, clean_name, execute, get_row

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
        owner = get_row(session, models.Actor, alias.actor_id, "actor")
        raise OperationRefusedError(f"{name!r} is already an alias of {owner.name!r}")


def _add_alias(session: Session, actor_id: str, alias: str, alias_id: str) -> None:
    alias = clean_name(alias, "an alias")
    if not listable(alias):
        # CSV and XLSX datasets list an actor's aliases in one cell joined by " | ": a load
        # would read such an alias as two.
        raise OperationRefusedError(
            f"an alias cannot contain {LIST_SEPARATOR!r}, begin with '| ' or end with ' |' "
            f"(CSV and XLSX datasets separate aliases with {LIST_SEPARATOR!r}): {alias!r}"
        )
    key = name_key(alias)
    owner_alias = session.exec(
        select(models.ActorAlias).where(models.ActorAlias.alias_key == key)
    ).first()
    if owner_alias is not None:
        owner = get_row(session, models.Actor, owner_alias.actor_id, "actor")
        raise OperationRefusedError(f"{alias!r} is already an alias of {owner.name!r}")
    named = session.exec(select(models.Actor).where(models.Actor.name_key == key)).first()
    if named is not None and named.id != actor_id:
        raise OperationRefusedError(f"{alias!r} is the name of another actor; merge them instead")
    if named is not None:  # its own name, perhaps in another case or Unicode form (#17.8)
        raise OperationRefusedError(f"{alias!r} is the actor's own name, not an alias")
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
    name = clean_name(actor.name, "an actor's name")
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


def repoint(
    session: Session, model: type[Any], ids: Iterable[str], field: str, value: str, what: str
) -> list[Any]:
    """Set ``field`` to ``value`` on the rows ``ids`` of ``model`` (an unmerge moving back
    what a merge moved); return the rows."""
    rows = [get_row(session, model, row_id, what) for row_id in ids]
    for row in rows:
        setattr(row, field, value)
        session.add(row)
    return rows


def set_fields(row: Any, op: Any, names: Iterable[str], old: dict[str, Any]) -> None:
    """Copy the fields ``names`` an edit sets from ``op`` to ``row``, noting old values."""
    for name in names:
        value = getattr(op, name)
        if value is not ops.UNSET:
            old[name] = getattr(row, name)
            setattr(row, name, value)


@execute.register
def _(op: ops.EditActor, session: Session) -> Result:
    row = get_row(session, models.Actor, op.id, "actor")
    old: dict[str, Any] = {}
    if op.name is not ops.UNSET:
        name = clean_name(op.name, "an actor's name")
        _check_actor_name_free(session, name, actor_id=row.id)
        old["name"] = row.name
        row.name, row.name_key = name, name_key(name)
    if op.kind is not ops.UNSET:
        _check_kind(op.kind)
        old["kind"] = row.kind
        row.kind = op.kind
    set_fields(row, op, ("description", "colour"), old)
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
    row = get_row(session, models.Actor, op.id, "actor")
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
    get_row(session, models.Actor, op.actor_id, "actor")
    _add_alias(session, op.actor_id, op.alias, op.id)
    session.flush()
    return ops.RemoveAlias(op.id), ChangeSet(actors=frozenset({op.actor_id}))


@execute.register
def _(op: ops.RemoveAlias, session: Session) -> Result:
    row = get_row(session, models.ActorAlias, op.id, "alias")
    session.delete(row)
    session.flush()
    return ops.AddAlias(row.actor_id, row.alias, row.id), ChangeSet(
        actors=frozenset({row.actor_id})
    )


def sorted_ids(rows: Iterable[Any]) -> tuple[str, ...]:
    return tuple(sorted(row.id for row in rows))


@execute.register
def _(op: ops.MergeActors, session: Session) -> Result:
    if op.source_id == op.target_id:
        raise OperationRefusedError("an actor cannot be merged into itself")
    source = get_row(session, models.Actor, op.source_id, "actor")
    target = get_row(session, models.Actor, op.target_id, "actor")
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
        annotation_ids=sorted_ids(annotations),
        moved_alias_ids=sorted_ids(aliases),
        added_alias_id=added_alias_id,
    )
    return inverse, ChangeSet(
        actors=frozenset({source.id, target.id}),
        annotations=frozenset(a.id for a in annotations),
        annotated_documents=frozenset(a.document_id for a in annotations),
    )


@execute.register
def _(op: ops.UnmergeActors, session: Session) -> Result:
    get_row(session, models.Actor, op.target_id, "actor")
    if op.added_alias_id is not None:
        session.delete(get_row(session, models.ActorAlias, op.added_alias_id, "alias"))
        session.flush()
    source = op.source
    _check_actor_name_free(session, source.name, actor_id=source.id)
    session.add(_actor_row(source, source.name))
    session.flush()
    repoint(session, models.ActorAlias, op.moved_alias_ids, "actor_id", source.id, "alias")
    moved = repoint(
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
