"""Executors of the codebook's claim operations: claims, the tree, merges and unmerges.

Registered on :func:`annotator.services.execute.execute` (which imports this module).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from annotator.core import models
from annotator.core.codebook import new_claim_colour
from annotator.core.errors import OperationRefusedError
from annotator.core.models import name_key
from annotator.core.record_rows import claim_record
from annotator.core.records import ClaimRecord
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet
from annotator.services.execute_actors import repoint, set_fields, sorted_ids
from annotator.services.execution import Result, clean_name, execute, get_row


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
        ancestor = get_row(session, models.Claim, ancestor, "claim").parent_id


@execute.register
def _(op: ops.CreateClaim, session: Session) -> Result:
    claim = op.claim
    label = clean_name(claim.label, "a claim's label")
    if session.get(models.Claim, claim.id) is not None:
        raise OperationRefusedError(f"claim {claim.id} already exists")
    _check_claim_label_free(session, label, claim_id=claim.id)
    _check_shortcut_free(session, claim.shortcut, claim_id=claim.id)
    _check_parent(session, claim.id, claim.parent_id)
    if not claim.colour:  # stored, so that no later claim changes it (issue #16.5)
        used = session.exec(select(models.Claim.colour)).all()
        claim = dataclasses.replace(claim, colour=new_claim_colour(used))
    session.add(_claim_row(claim, label))
    session.flush()
    return ops.DeleteClaim(claim.id), ChangeSet(claims=frozenset({claim.id}))


@execute.register
def _(op: ops.EditClaim, session: Session) -> Result:
    row = get_row(session, models.Claim, op.id, "claim")
    old: dict[str, Any] = {}
    if op.label_text is not ops.UNSET:
        label = clean_name(op.label_text, "a claim's label")
        _check_claim_label_free(session, label, claim_id=row.id)
        old["label_text"] = row.label
        row.label, row.label_key = label, name_key(label)
    if op.shortcut is not ops.UNSET:
        _check_shortcut_free(session, op.shortcut, claim_id=row.id)
        old["shortcut"] = row.shortcut
        row.shortcut = op.shortcut
    set_fields(row, op, ("description", "colour"), old)
    session.add(row)
    session.flush()
    return ops.EditClaim(op.id, **old), ChangeSet(claims=frozenset({op.id}))


@execute.register
def _(op: ops.MoveClaim, session: Session) -> Result:
    row = get_row(session, models.Claim, op.id, "claim")
    _check_parent(session, row.id, op.parent_id)
    inverse = ops.MoveClaim(op.id, row.parent_id, row.position)
    row.parent_id, row.position = op.parent_id, op.position
    session.add(row)
    session.flush()
    return inverse, ChangeSet(claims=frozenset({op.id}))


@execute.register
def _(op: ops.DeleteClaim, session: Session) -> Result:
    row = get_row(session, models.Claim, op.id, "claim")
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
    source = get_row(session, models.Claim, op.source_id, "claim")
    get_row(session, models.Claim, op.target_id, "claim")
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
    inverse = ops.UnmergeClaims(
        snapshot, op.target_id, sorted_ids(statements), sorted_ids(children)
    )
    return inverse, ChangeSet(
        claims=frozenset({op.source_id, op.target_id, *(c.id for c in children)}),
        annotations=frozenset(a.id for a in statements),
        annotated_documents=frozenset(a.document_id for a in statements),
    )


@execute.register
def _(op: ops.UnmergeClaims, session: Session) -> Result:
    get_row(session, models.Claim, op.target_id, "claim")
    source = op.source
    _check_claim_label_free(session, source.label, claim_id=source.id)
    _check_shortcut_free(session, source.shortcut, claim_id=source.id)
    session.add(_claim_row(source, source.label))
    session.flush()
    repoint(session, models.Claim, op.child_ids, "parent_id", source.id, "claim")
    moved = repoint(
        session, models.Annotation, op.annotation_ids, "claim_id", source.id, "annotation"
    )
    documents = {statement.document_id for statement in moved}
    session.flush()
    return ops.MergeClaims(source.id, op.target_id), ChangeSet(
        claims=frozenset({source.id, op.target_id, *op.child_ids}),
        annotations=frozenset(op.annotation_ids),
        annotated_documents=frozenset(documents),
    )
