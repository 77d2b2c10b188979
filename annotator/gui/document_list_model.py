"""The document list: a table model over document summaries from the project service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from annotator.core.records import DocumentSummary
from annotator.gui.roles import IdRole, SortRole

AnyIndex = QModelIndex | QPersistentModelIndex
_COLUMNS = ("Title", "Source", "Date", "Statements")


class DocumentListModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentSummary] = []

    def set_documents(self, rows: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_documents(self, rows: list[DocumentSummary]) -> None:
        """Replace the summaries of documents already listed (their counts changed)."""
        fresh = {row.id: row for row in rows}
        for index, current in enumerate(self._rows):
            if current.id in fresh:
                self._rows[index] = fresh[current.id]
                self.dataChanged.emit(
                    self.index(index, 0), self.index(index, self.columnCount() - 1)
                )

    def document_id(self, row: int) -> str:
        return self._rows[row].id

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
        document = self._rows[index.row()]
        column = index.column()
        if role == IdRole:
            return document.id
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            values: tuple[Any, ...] = (
                document.title or self.tr("(untitled)"),
                document.source,
                document.published_at.isoformat() if document.published_at else "",
                document.n_statements,
            )
            return values[column] if 0 <= column < len(values) else None
        uncoded = document.n_statements == 0 and document.n_mentions == 0
        if role == Qt.ItemDataRole.FontRole and uncoded:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and uncoded:
            return QColor("#777777")
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            if uncoded:
                return self.tr("Not coded yet · {c} characters").format(c=document.length)
            return self.tr("{n} statements, {m} mentions, {c} characters").format(
                n=document.n_statements, m=document.n_mentions, c=document.length
            )
        return None
