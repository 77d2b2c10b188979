"""The annotations of the current document as a table (a row per mention or statement)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.gui.roles import IdRole, SortRole

AnyIndex = QModelIndex | QPersistentModelIndex


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


_COLUMNS = ("Kind", "Quote", "Actor / speaker", "Claim", "Stance", "Note", "Position")


class AnnotationTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AnnotationRow] = []

    def set_rows(self, rows: list[AnnotationRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, annotation_id: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == annotation_id), -1)

    def annotation(self, row: int) -> AnnotationRow:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_COLUMNS)
        ):
            return self.tr(_COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
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
