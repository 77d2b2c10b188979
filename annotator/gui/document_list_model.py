"""The document list: a table model over document summaries from the project service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from annotator.core.records import DocumentSummary
from annotator.gui.document_details_dialog import STATUS_TEXTS
from annotator.gui.roles import IdRole, SortRole, StatusRole
from annotator.gui.table_model import AnyIndex, RecordTableModel


class DocumentListModel(RecordTableModel[DocumentSummary]):
    columns = ("Title", "Source", "Date", "S", "M", "Origin")
    header_tips = (
        "A grey ring: not coded yet; a dot: coded; a half circle: in progress; a tick: done",
        "",
        "",
        "Statements coded in the document",
        "Actor mentions coded in the document",
        "Where it was imported from",
    )

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
        if role == StatusRole:
            return document.status
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            values: tuple[Any, ...] = (
                document.title or self.tr("(untitled)"),
                document.source,
                document.published_at.isoformat() if document.published_at else "",
                document.n_statements,
                document.n_mentions,
                document.origin,  # the path in the imported folder: often a category
            )
            return values[column] if 0 <= column < len(values) else None
        if column == 0:
            return self._title_data(document, role)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return document.source or None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.columns.index("Origin"):
            return document.origin or None
        return None

    def _title_data(self, document: DocumentSummary, role: int) -> Any:
        uncoded = document.n_statements == 0 and document.n_mentions == 0
        if role == Qt.ItemDataRole.DecorationRole:
            # The text is drawn as any other (grey italics looked disabled): a small ring
            # marks a document not coded yet, a dot one with coding; the coder's status,
            # once set, says more: a half circle in progress, a tick done.
            return status_icon(document.status) or _marker(coded=not uncoded)
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole title (the column cuts it), then how far its coding has come.
            if uncoded:
                coding = self.tr("Not coded yet · {c} characters").format(c=document.length)
            else:
                coding = self.tr("{n} statements, {m} mentions, {c} characters").format(
                    n=document.n_statements, m=document.n_mentions, c=document.length
                )
            status = self.tr("Status: {0}").format(self.tr(STATUS_TEXTS[document.status]))
            return f"{document.title or self.tr('(untitled)')}\n{coding}\n{status}"
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


_STATUS_ICONS: dict[str, QIcon] = {}
STATUS_COLOURS = {"in progress": "#d08a00", "done": "#2f8a3e"}


def status_icon(status: str) -> QIcon | None:
    """None for not started (the list stays calm), a half-filled circle for in progress,
    a tick for done; made once."""
    if status not in STATUS_COLOURS:
        return None
    if status not in _STATUS_ICONS:
        scale, size = 4, 12
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(STATUS_COLOURS[status])
        painter.setPen(QPen(colour, 1.5 * scale))
        if status == "done":
            painter.drawPolyline(
                [
                    QPointF(2.5 * scale, 6.5 * scale),
                    QPointF(5 * scale, 9 * scale),
                    QPointF(9.5 * scale, 3 * scale),
                ]
            )
        else:
            centre, radius = QPointF(6 * scale, 6 * scale), 4 * scale
            painter.drawEllipse(centre, radius, radius)
            painter.setBrush(colour)
            painter.drawPie(
                int(2 * scale), int(2 * scale), int(8 * scale), int(8 * scale), 90 * 16, 180 * 16
            )
        painter.end()
        _STATUS_ICONS[status] = QIcon(pixmap)
    return _STATUS_ICONS[status]
