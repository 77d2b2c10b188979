"""Statement hits in the search panel (issue #14.4): under each document, the statements
it was found by; activating one opens the article at that statement."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListView

from annotator.gui.roles import IdRole
from annotator.gui.search_panel import StatementRole
from tests.gui.helpers import press


def test_a_statement_row_opens_the_article_at_the_statement(qtbot, coded):
    window, spans = coded.window, coded.spans
    panel = window.search_panel
    qtbot.waitUntil(lambda: not panel.busy)
    press(window, "Ctrl+F")
    qtbot.keyClicks(panel.input, "statement:(stance:oppose AND speaker:KCNA)")
    qtbot.keyClick(panel.input, Qt.Key.Key_Return)
    results = window.findChild(QListView, "searchResults")
    assert results is not None
    model = results.model()
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    assert "1 document matches" in panel.status.text()
    rows = [model.index(row, 0) for row in range(3)]
    assert [bool(index.data(StatementRole)) for index in rows] == [False, True, True]
    assert all(index.data(IdRole) == coded.document_id for index in rows)
    assert "KCNA · oppose" in rows[2].data()
    # Clicking the second statement opens the article there, with every hit still marked.
    rect = results.visualRect(rows[2])
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.document_id == coded.document_id
    assert window.view.selected_span() == spans[2]
    assert set(window.view.hits) == {spans[1], spans[2]}
    press(window, "F3")  # the next hit wraps round to the first statement
    assert window.view.selected_span() == spans[1]
