"""Driving the window as a user does: select text, answer the pickers, press keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from annotator.gui.main_window import MainWindow
from annotator.gui.picker import PickerDialog
from annotator.gui.roles import IdRole

VOA = "North Korea Using Ties with Russia to Boost Standing with China"


def open_document(window: MainWindow, title: str) -> str:
    table = window.document_list
    for row in range(table.model().rowCount()):
        if table.model().index(row, 0).data() == title:
            table.selectRow(row)
            return str(table.model().index(row, 0).data(IdRole))
    raise AssertionError(f"no document {title!r}")


def select(window: MainWindow, phrase: str, qtbot) -> tuple[int, int]:
    start = window.view.text.index(phrase)
    window.view.select_span(start, start + len(phrase))
    focus(window, qtbot)
    return start, start + len(phrase)


def code_a_mention(window: MainWindow, qtbot) -> tuple[int, int]:
    """By keyboard: "Bruce Turner" in the VOA article coded as a mention of Kim Jong Un;
    returns its span."""
    open_document(window, VOA)
    span = select(window, "Bruce Turner", qtbot)
    answer(qtbot, type_and_enter(qtbot, "Kim Jong Un"))
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    return span


def focus(window: MainWindow, qtbot) -> None:
    """Give the article the keyboard focus in the active window (as after a click; a closed
    dialog does not always hand activation back on the offscreen platform)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()


def answer(qtbot, *steps: Callable[[QDialog], None]) -> None:
    """Queue the answers to the modal dialogs about to open, one step per dialog."""
    remaining = list(steps)

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            QTimer.singleShot(10, act)
            return
        step = remaining.pop(0)
        step(dialog)
        if remaining:
            QTimer.singleShot(10, act)

    QTimer.singleShot(0, act)
    QTimer.singleShot(8000, _close_leftover_dialogs)  # a test fails rather than hangs


def _close_leftover_dialogs() -> None:
    dialog = QApplication.activeModalWidget()
    while isinstance(dialog, QDialog):
        dialog.reject()
        dialog = QApplication.activeModalWidget()


def type_and_enter(qtbot, text: str) -> Callable[[QDialog], None]:
    def step(dialog: QDialog) -> None:
        assert isinstance(dialog, PickerDialog)
        line = dialog.findChild(QLineEdit, "pickerFilter")
        qtbot.keyClicks(line, text)
        qtbot.keyClick(line, Qt.Key.Key_Return)

    return step


def press(qtbot, key: str) -> Callable[[QDialog], None]:
    def step(dialog: QDialog) -> None:
        # To the widget that has the focus in the dialog (its list), as a user's key goes.
        qtbot.keyClicks(getattr(dialog, "list", dialog), key)

    return step
