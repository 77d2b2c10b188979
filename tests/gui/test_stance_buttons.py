"""The stance step of the statement picker has OK and Cancel for mouse users (the digit
keys still pick)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from annotator.gui.picker import StanceDialog
from tests.gui.helpers import VOA, Step, answer, open_document, press, select, type_and_enter


def _click(qtbot, stance: str | None, button: QDialogButtonBox.StandardButton) -> Step:
    """Click ``stance`` in the list (when given), then ``button``, with the mouse."""

    def step(dialog: QDialog) -> None:
        assert isinstance(dialog, StanceDialog)
        if stance is not None:
            index = dialog.list.model().index(dialog.scale.index(stance), 0)
            rect = dialog.list.visualRect(index)
            qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseClick(dialog.buttons.button(button), Qt.MouseButton.LeftButton)

    return step


def _code_statement(window, qtbot, stance_step: Step) -> None:
    open_document(window, VOA)
    select(window, "North Korea vowed Tuesday", qtbot)
    answer(window, type_and_enter("t"), type_and_enter("dprk"), stance_step)
    press(window, "S")


def test_a_mouse_user_picks_a_stance_and_clicks_ok(window, qtbot):
    _code_statement(window, qtbot, _click(qtbot, "neutral", QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    assert window.annotation_model.annotation(0).stance == "neutral"


def test_cancel_leaves_the_statement_uncoded(window, qtbot):
    cancel = QDialogButtonBox.StandardButton.Cancel
    _code_statement(window, qtbot, _click(qtbot, "oppose", cancel))
    assert window.annotation_model.rowCount() == 0
    assert window.undo_stack.count() == 0


def test_the_digits_still_pick_with_the_buttons_there(qtbot):
    dialog = StanceDialog(("support", "oppose", "neutral"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.list
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_3)
    assert dialog.chosen == "neutral"
    assert dialog.result() == QDialog.DialogCode.Accepted
