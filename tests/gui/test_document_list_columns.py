"""The document list on a 1280-pixel screen: the title, the column that tells documents
apart, has the room (it read "Nort…aine" beside Source, Date, S, M and Origin). Origin
starts hidden; a right-click on the header shows or hides any column but the title, and
the choice is kept for the next start."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from annotator.gui.document_list_model import DocumentListModel
from annotator.gui.documents_view import DocumentsView
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings

ORIGIN = DocumentListModel.columns.index("Origin")


def test_titles_have_room_at_1280_pixels(window, qtbot):
    window.resize(1280, 780)
    header = window.document_list.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(0) > 0)
    widths = [
        header.sectionSize(column)
        for column in range(header.count())
        if not header.isSectionHidden(column)
    ]
    assert header.sectionSize(0) == max(widths)
    assert header.sectionSize(0) >= window.document_list.viewport().width() / 2


def test_the_header_menu_shows_origin_and_the_choice_is_kept(window, qtbot, tmp_path):
    header = window.document_list.horizontalHeader()
    assert header.isSectionHidden(ORIGIN)
    menu = window.findChild(DocumentsView).column_menu(QPoint(5, 5))
    texts = [action.text() for action in menu.actions()]
    assert "Title" not in texts  # the title is never hidden
    origin = next(action for action in menu.actions() if action.text() == "Origin")
    assert not origin.isChecked()
    origin.trigger()
    assert not header.isSectionHidden(ORIGIN)
    again = MainWindow(Settings(), coder="tester")
    qtbot.addWidget(again)
    assert not again.document_list.horizontalHeader().isSectionHidden(ORIGIN)
    again.close()
