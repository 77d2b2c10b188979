"""The annotations of the current document as a table (a row per mention or statement)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from annotator.gui.roles import IdRole, SortRole
from annotator.gui.table_model import AnyIndex, RecordTableModel


@dataclass(frozen=True, slots=True)
class AnnotationRow:
    id: str
    kind: str
    start: int
    end: int
    quote: str
    actor: str
    """The mentioned actor, or the statement's speaker."""
    claim: str
    stance: str
    note: str


class AnnotationTableModel(RecordTableModel[AnnotationRow]):
    columns = ("Kind", "Quote", "Actor / speaker", "Claim", "Stance", "Note", "Position")

    def row_of(self, annotation_id: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == annotation_id), -1)

    def annotation(self, row: int) -> AnnotationRow:
        return self.record(row)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._record_at(index)
        if row is None:
            return None
        if role == IdRole:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, SortRole, Qt.ItemDataRole.ToolTipRole):
            quote = " ".join(row.quote.split())
            if role == Qt.ItemDataRole.DisplayRole and len(quote) > 80:
                quote = quote[:79] + "…"
            values: tuple[Any, ...] = (
                self.tr(row.kind),
                quote,
                row.actor,
                row.claim,
                row.stance,
                row.note,
                row.start if role == SortRole else f"{row.start}–{row.end}",
            )
            return values[index.column()] if 0 <= index.column() < len(values) else None
        return None
