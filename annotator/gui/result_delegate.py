"""Search results drawn as rich text: the title, where it came from, and the snippets with
the matched words marked (a plain list row cannot mark words)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

HtmlRole = Qt.ItemDataRole.UserRole + 13
"""A row's text as HTML (every piece of user or document text in it escaped)."""

Index = QModelIndex | QPersistentModelIndex
MARK_CLASS = "hit"
"""The class of a matched word's span in :data:`HtmlRole`."""
META_CLASS = "meta"
"""The class of the secondary line (source and date)."""
MARK_COLOUR = "#ffe066"
"""A matched word's background on a row that is not selected (dark text on it)."""


def _style(palette: QPalette, selected: bool) -> str:
    """How marks and the secondary line look. On a selected row the marks take the row's
    own colours the other way round (Highlight on HighlightedText), so they stay as
    readable as the row's text in any theme; the secondary line takes the row's text
    colour there."""
    if selected:
        mark = (
            f"background-color:{palette.color(QPalette.ColorRole.HighlightedText).name()};"
            f"color:{palette.color(QPalette.ColorRole.Highlight).name()}"
        )
        meta = ""
    else:
        mark = f"background-color:{MARK_COLOUR}; color:#000000"
        meta = f"color:{palette.color(QPalette.ColorRole.PlaceholderText).name()}"
    return f".{MARK_CLASS} {{ {mark}; font-weight:600 }} .{META_CLASS} {{ {meta} }}"


class ResultDelegate(QStyledItemDelegate):
    """Paints a row's :data:`HtmlRole` when it has one, else the row as usual."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument | None:
        html = index.data(HtmlRole)
        if not html:
            return None
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        document.setDefaultStyleSheet(_style(option.palette, selected))  # before the HTML
        document.setHtml(html)
        document.setTextWidth(max(50, option.rect.width()))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        document = self._document(option, index)
        if document is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(option.rect.translated(-option.rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        document = self._document(option, index)
        if document is None:
            return super().sizeHint(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()))
