"""What every write does inside its transaction: make the strings it stores storable, and
journal what it changed (the change journal the search index and the window follow)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from annotator.core import models
from annotator.core.models import utcnow
from annotator.core.text import storable
from annotator.services.changes import ChangeSet


def record_changes(session: Session, changes: ChangeSet) -> None:
    """Record ``changes`` in the change journal, inside the operation's transaction."""
    now = utcnow()
    rows: list[dict[str, Any]] = []

    def add(entity: str, ids: frozenset[str], document_id: str | None = None) -> None:
        rows.extend(
            {
                "at": now,
                "entity": entity,
                "entity_id": i,
                "document_id": document_id,
                "action": "changed",
            }
            for i in sorted(ids)
        )

    add("document", changes.documents | changes.details)  # the search index re-reads both
    for document_id in sorted(changes.annotated_documents):
        add("annotations", frozenset({document_id}), document_id)
    add("actor", changes.actors)
    add("claim", changes.claims)
    add("coder", changes.coders)
    add("document_status", changes.statuses)
    if changes.project:
        add("project", frozenset({"project"}))
    if rows:
        # Core insert: an import journals thousands of documents, and ORM objects cost
        # 0.14 s per 2,225 of them (profiled).
        session.execute(insert(models.ChangeLog.__table__), rows)  # type: ignore[attr-defined]


def storable_values(value: Any) -> Any:
    """``value`` (an operation, its records, their strings) with every string made storable:
    a lone surrogate (from a malformed paste or a JSON ``"\\ud800"`` escape) reached SQLite's
    UTF-8 encoder and raised deep inside a transaction (found by tests/fuzz)."""
    if isinstance(value, str):
        return storable(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: storable_values(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init
        }
        if any(changes[name] is not getattr(value, name) for name in changes):
            return dataclasses.replace(value, **changes)
        return value
    if isinstance(value, tuple):
        cleaned = tuple(storable_values(item) for item in value)
        return value if all(a is b for a, b in zip(cleaned, value, strict=True)) else cleaned
    return value
