"""Operations on a document's details, status and metadata (its text never changes); their
executors are in services/execute_documents.py (adjudication's marks: services/agreement)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from annotator.services.operations import UNSET, Operation, Unset


@dataclass(frozen=True)
class SetDocumentExtra(Operation):
    """Set one key of a document's extra metadata to ``value`` (JSON: str, number, bool,
    list, dict) or, with ``None``, remove it; other keys stay as they are. Adjudication keeps
    its "resolved" marks here (services/agreement/adjudication.py)."""

    document_id: str
    key: str
    value: Any = None
    label = "change document metadata"


@dataclass(frozen=True)
class EditDocument(Operation):
    """Change a document's details (its text never changes). ``fields`` is the free
    metadata (``extra["fields"]``: name -> value, as a table import keeps its other columns);
    None removes it. The executor validates every value (see services/document_details.py)."""

    id: str
    title: str | Unset = UNSET
    source: str | Unset = UNSET
    url: str | Unset = UNSET
    author: str | Unset = UNSET
    published_at: dt.date | Unset | None = UNSET
    language: str | Unset = UNSET
    fields: tuple[tuple[str, str], ...] | Unset | None = UNSET
    checked: bool = False
    """Whether the values are known to be good: an inverse's were stored before, and a
    dataset load checks its own; the window's and the CLI's are checked and cleaned."""
    label = "edit document details"


@dataclass(frozen=True)
class SetDocumentStatus(Operation):
    """Set the coding status (one of ``DOCUMENT_STATUSES``) of one or many documents."""

    ids: tuple[str, ...]
    status: str
    label = "set coding status"


# --- annotations ---------------------------------------------------------------------------
