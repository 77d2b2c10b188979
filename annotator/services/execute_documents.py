"""The executors of a document's details and its coding status (the analyst's workbench,
issue #21.2). Importing and deleting documents live in ``execute.py``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlmodel import Session, col, select

from annotator.core import models
from annotator.core.errors import OperationRefusedError
from annotator.core.records import DOCUMENT_STATUSES
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet
from annotator.services.document_details import checked_edit
from annotator.services.execution import Result, execute, get_row

_DETAILS = ("title", "source", "url", "author", "published_at", "language")


@execute.register
def _(op: ops.EditDocument, session: Session) -> Result:
    row = get_row(session, models.Document, op.id, "document")
    if not op.checked:
        op = checked_edit(op)
    old: dict[str, Any] = {}
    for name in _DETAILS:
        value = getattr(op, name)
        if value is not ops.UNSET:
            old[name] = getattr(row, name)
            setattr(row, name, value)
    if op.fields is not ops.UNSET:
        extra = dict(row.extra)
        found = extra.get("fields")
        old["fields"] = None if found is None else tuple(found.items())
        if op.fields is None:
            extra.pop("fields", None)
        else:
            extra["fields"] = dict(op.fields)
        row.extra = extra  # a new dict: the JSON column sees the change
    session.add(row)
    session.flush()
    return ops.EditDocument(op.id, checked=True, **old), ChangeSet(details=frozenset({op.id}))


@execute.register
def _(op: ops.SetDocumentStatus, session: Session) -> Result:
    if op.status not in DOCUMENT_STATUSES:
        listing = ", ".join(repr(status) for status in DOCUMENT_STATUSES)
        raise OperationRefusedError(f"a coding status is one of {listing}, not {op.status!r}")
    ids = tuple(dict.fromkeys(op.ids))
    rows = session.exec(select(models.Document).where(col(models.Document.id).in_(ids))).all()
    missing = set(ids) - {row.id for row in rows}
    if missing:
        get_row(session, models.Document, sorted(missing)[0], "document")  # says which
    before: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.status != op.status:
            before[row.status].append(row.id)
            row.status = op.status
            session.add(row)
    session.flush()
    changed = frozenset(i for group in before.values() for i in group)
    inverse = ops.Batch(
        tuple(ops.SetDocumentStatus(tuple(group), status) for status, group in before.items()),
        op.label,
    )
    return inverse, ChangeSet(statuses=changed)
