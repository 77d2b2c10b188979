"""Ctrl+Z and Ctrl+Y say in the status bar what they undid or redid: after recoding five
statements and undoing it, the status bar still read "Recoded 5 annotations"."""

from __future__ import annotations

from tests.gui.helpers import code_a_mention, press


def test_undo_and_redo_say_what_they_did(window, qtbot):
    code_a_mention(window)
    what = window.undo_stack.undoText()  # the stack's own name for the step
    assert what
    press(window, "Ctrl+Z")
    assert window.annotation_model.rowCount() == 0
    assert window.statusBar().currentMessage() == f"Undone: {what}"
    press(window, "Ctrl+Y")
    assert window.annotation_model.rowCount() == 1
    assert window.statusBar().currentMessage() == f"Redone: {what}"
