"""The document list: a table model over document summaries from the project service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from annotator.core.records import DocumentSummary
from annotator.gui.roles import IdRole, SortRole
from annotator.gui.table_model import AnyIndex, RecordTableModel


class DocumentListModel(RecordTableModel[DocumentSummary]):
    columns = ("Title", "Source", "Date", "#", "Origin")
    header_tips = ("", "", "", "Statements coded in the document", "Where it was imported from")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and 0 <= section < len(self.header_tips)
        ):
            return self.tr(self.header_tips[section]) or None
        return super().headerData(section, orientation, role)

    def set_documents(self, rows: list[DocumentSummary]) -> None:
        self.set_rows(rows)

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

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        document = self._record_at(index)
        if document is None:
            return None
        column = index.column()
        if role == IdRole:
            return document.id
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            values: tuple[Any, ...] = (
                document.title or self.tr("(untitled)"),
                document.source,
                document.published_at.isoformat() if document.published_at else "",
                document.n_statements,
                document.origin,  # the path in the imported folder: often a category
            )
            return values[column] if 0 <= column < len(values) else None
        uncoded = document.n_statements == 0 and document.n_mentions == 0
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            # The text is drawn as any other (grey italics looked disabled): a small ring
            # marks a document not coded yet, a dot one with coding.
            return _marker(coded=not uncoded)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            # The whole title (the column cuts it), then how far its coding has come.
            if uncoded:
                coding = self.tr("Not coded yet · {c} characters").format(c=document.length)
            else:
                coding = self.tr("{n} statements, {m} mentions, {c} characters").format(
                    n=document.n_statements, m=document.n_mentions, c=document.length
                )
            return f"{document.title or self.tr('(untitled)')}\n{coding}"
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 4):
            return (document.source, document.origin)[column // 4] or None
        return None


_MARKERS: dict[bool, QIcon] = {}
MARKER_COLOURS = {True: "#3a9a4a", False: "#9a9a9a"}
"""A green dot: coded; a grey ring: not coded yet (both seen on a selected row too)."""


def _marker(*, coded: bool) -> QIcon:
    """A filled dot (coded) or a ring (not coded yet), made once."""
    if coded not in _MARKERS:
        scale, size = 4, 12  # drawn large, so it stays round on high-density screens
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(MARKER_COLOURS[coded])
        painter.setPen(QPen(colour, 1.5 * scale))
        painter.setBrush(colour if coded else Qt.GlobalColor.transparent)
        radius = (3.0 if coded else 3.5) * scale
        painter.drawEllipse(QPointF(size * scale / 2, size * scale / 2), radius, radius)
        painter.end()
        _MARKERS[coded] = QIcon(pixmap)
    return _MARKERS[coded]
