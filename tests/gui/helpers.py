"""Driving the window as a user does, deterministically: select text, press a command's
keys, answer the pickers.

Nothing here waits for the platform to activate a window or to show a modal dialog (that
made the GUI tests flaky, issue #15.6): a command's keys are looked up in the window's own
action table and the action is triggered, and modal dialogs go through the window's
:class:`~annotator.gui.dialogs.Dialogs` seam, answered by scripted steps that send keys to
the dialog's widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QWidget

from annotator.gui.main_window import MainWindow
from annotator.gui.picker import PickerDialog
from annotator.gui.roles import IdRole
from annotator.gui.search_panel import SearchPanel

VOA = "North Korea Using Ties with Russia to Boost Standing with China"

Step = Callable[[QDialog], None]


def open_document(window: MainWindow, title: str) -> str:
    table = window.document_list
    for row in range(table.model().rowCount()):
        if table.model().index(row, 0).data() == title:
            table.selectRow(row)
            return str(table.model().index(row, 0).data(IdRole))
    raise AssertionError(f"no document {title!r}")


def focus_in_active_window(widget: QWidget, qtbot: Any) -> None:
    """Give ``widget`` the keyboard focus with its window active, for the few tests that
    send keys through Qt's shortcut map (which acts only for the active window). Both are
    asked for again until they hold: on a busy machine the activation can be lost between
    the two (a test once waited 5 s for a focus that never came)."""

    def settled() -> bool:
        window = widget.window()
        if not window.isActiveWindow():
            window.activateWindow()
        if not widget.hasFocus():
            widget.setFocus()
        return window.isActiveWindow() and widget.hasFocus()

    qtbot.waitUntil(settled)


def select(window: MainWindow, phrase: str, _qtbot: object = None) -> tuple[int, int]:
    start = window.view.text.index(phrase)
    window.view.select_span(start, start + len(phrase))
    window.view.setFocus()
    return start, start + len(phrase)


def press(window: MainWindow, keys: str) -> None:
    """Press ``keys`` (e.g. "Ctrl+R"): the one enabled action of the window that has them
    is triggered, as Qt's shortcut map would once the window is active."""
    wanted = QKeySequence(keys)
    matching = [
        action
        for action in window.action_set.actions.values()
        if any(
            key.matches(wanted) == QKeySequence.SequenceMatch.ExactMatch
            for key in action.shortcuts()
        )
    ]
    assert len(matching) == 1, f"{keys}: {[a.objectName() for a in matching]}"
    (action,) = matching
    assert action.isEnabled(), f"{keys}: {action.objectName()} is disabled"
    action.trigger()


def answer(window: MainWindow, *steps: Step) -> list[Step]:
    """Answer the next modal dialogs of ``window``, one step each. A dialog a step leaves
    open is cancelled; a dialog with no step left is cancelled too. Returns the steps not
    used yet (empty once every dialog came)."""
    remaining = list(steps)

    def run(dialog: QDialog) -> bool:
        if not remaining:
            dialog.reject()
            return False
        dialog.show()  # not exec(): no nested event loop, nothing to wait for
        remaining.pop(0)(dialog)
        accepted = dialog.result() == QDialog.DialogCode.Accepted
        if dialog.isVisible():
            dialog.reject()
            return False
        return accepted

    window.dialogs.run = run  # type: ignore[method-assign]
    return remaining


def code_a_mention(window: MainWindow, _qtbot: object = None) -> tuple[int, int]:
    """By keyboard: "Bruce Turner" in the VOA article coded as a mention of Kim Jong Un;
    returns its span."""
    open_document(window, VOA)
    span = select(window, "Bruce Turner")
    answer(window, type_and_enter("Kim Jong Un"))
    press(window, "A")
    assert window.annotation_model.rowCount() == 1
    return span


def type_and_enter(text: str) -> Step:
    def step(dialog: QDialog) -> None:
        assert isinstance(dialog, PickerDialog)
        _keys(dialog.filter, text)
        _key(dialog.filter, Qt.Key.Key_Return)

    return step


def digit(key: str) -> Step:
    def step(dialog: QDialog) -> None:
        # To the widget that has the focus in the dialog (its list), as a user's key goes.
        _keys(getattr(dialog, "list", dialog), key)

    return step


def enter() -> Step:
    """Enter: take what the picker has highlighted."""

    def step(dialog: QDialog) -> None:
        assert isinstance(dialog, PickerDialog)
        _key(dialog.filter, Qt.Key.Key_Return)

    return step


def escape() -> Step:
    return lambda dialog: _key(dialog, Qt.Key.Key_Escape)


def _keys(widget: QWidget, text: str) -> None:
    QTest.keyClicks(widget, text)


def _key(widget: QWidget, key: Qt.Key) -> None:
    QTest.keyClick(widget, key)


@dataclass
class Coded:
    window: MainWindow
    document_id: str
    statements: list[str]
    """Ids of the three statements (support, oppose, oppose), in order of their place."""
    spans: list[tuple[int, int]]

    @property
    def panel(self) -> SearchPanel:
        return self.window.search_panel
