"""The article has the focus once a project opens, and the coding keys A and S work
whatever dock has the focus (or say in the status bar why they cannot), except while a
text input has it: there a letter is typing.

These tests send real key presses, so they go through Qt's shortcut map, which acts only
for the active window: the window is activated first (it is, offscreen and under Xvfb)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QWidget

from annotator.gui.main_window import MainWindow
from tests.gui.helpers import (
    VOA,
    answer,
    digit,
    focus_in_active_window,
    open_document,
    type_and_enter,
)


def _activate(window: MainWindow, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _focus(widget: QWidget, qtbot) -> None:
    focus_in_active_window(widget, qtbot)


def _select(window: MainWindow, phrase: str) -> None:
    """Select ``phrase`` in the article, leaving the focus where it is."""
    start = window.view.text.index(phrase)
    window.view.select_span(start, start + len(phrase))


def test_the_article_has_the_focus_once_a_project_opens(window, qtbot):
    assert window.focusWidget() is window.view
    _activate(window, qtbot)
    assert window.view.hasFocus()


def test_a_codes_a_mention_with_the_document_list_focused(window, qtbot):
    _activate(window, qtbot)
    open_document(window, VOA)
    _focus(window.document_list, qtbot)
    _select(window, "Bruce Turner")
    answer(window, type_and_enter("Kim Jong Un"))
    qtbot.keyClick(window.document_list, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    assert window.annotation_model.annotation(0).quote == "Bruce Turner"


def test_s_codes_a_statement_with_the_codebook_focused(window, qtbot):
    _activate(window, qtbot)
    open_document(window, VOA)
    _focus(window.codebook.claims, qtbot)
    _select(window, "North Korea vowed Tuesday")
    answer(window, type_and_enter("t"), type_and_enter("dprk"), digit("2"))
    qtbot.keyClick(window.codebook.claims, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    assert window.annotation_model.annotation(0).stance == "oppose"


def test_with_nothing_selected_a_says_why_in_the_status_bar(window, qtbot):
    _activate(window, qtbot)
    open_document(window, VOA)
    _focus(window.annotation_table, qtbot)
    cursor = window.view.textCursor()
    cursor.clearSelection()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    window.view.setTextCursor(cursor)
    qtbot.keyClick(window.annotation_table, Qt.Key.Key_A)
    assert window.statusBar().currentMessage() == "Select some text first"


def test_a_text_input_with_the_focus_takes_the_letters_as_typing(window, qtbot):
    _activate(window, qtbot)
    open_document(window, VOA)
    _select(window, "Bruce Turner")
    opened: list[QDialog] = []
    answer(window, opened.append)
    for box in (window.search_panel.input, window.document_panel.filter):
        _focus(box, qtbot)
        qtbot.keyClicks(box, "as")
        assert box.text() == "as"
        box.clear()
    assert opened == []
    assert window.annotation_model.rowCount() == 0
