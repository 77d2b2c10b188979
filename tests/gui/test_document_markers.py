"""A document not coded yet is listed in the normal text colour (grey italics looked
disabled), with a small marker: a ring, where a coded document has a dot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QTableView

from annotator.gui.roles import IdRole
from tests.gui.helpers import code_a_mention


def _rows(window) -> tuple[int, int]:
    """A coded and a not-coded row of the list."""
    table = window.document_list
    stats = {d.id: d for d in window.project.document_summaries()}
    coded = uncoded = -1
    for row in range(table.model().rowCount()):
        document = stats[table.model().index(row, 0).data(IdRole)]
        if document.n_statements or document.n_mentions:
            coded = row
        else:
            uncoded = row
    assert coded >= 0
    assert uncoded >= 0
    return coded, uncoded


def _darkest_text(table: QTableView, row: int) -> int:
    """The lightness of the darkest pixel of the row's title as drawn (its text's colour)."""
    rect = table.visualRect(table.model().index(row, 0))
    image = table.viewport().grab(rect).toImage()
    return min(
        QColor(image.pixel(x, y)).lightness()
        for x in range(image.width())
        for y in range(image.height())
    )


def test_a_document_not_coded_yet_is_drawn_as_any_other_with_a_marker(window, qtbot):
    code_a_mention(window)  # the demo of the tests comes uncoded
    table = window.document_list
    table.clearSelection()
    coded, uncoded = _rows(window)
    index = table.model().index(uncoded, 0)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is None
    font = index.data(Qt.ItemDataRole.FontRole)
    assert font is None or not font.italic()
    assert abs(_darkest_text(table, uncoded) - _darkest_text(table, coded)) < 40
    ring = index.data(Qt.ItemDataRole.DecorationRole)
    dot = table.model().index(coded, 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(ring, QIcon)
    assert isinstance(dot, QIcon)
    assert not ring.isNull()
    assert ring.cacheKey() != dot.cacheKey()
    assert "Not coded yet" in index.data(Qt.ItemDataRole.ToolTipRole)
