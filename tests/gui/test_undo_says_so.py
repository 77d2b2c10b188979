"""Ctrl+Z and Ctrl+Y say in the status bar what they undid or redid: after recoding five
statements and undoing it, the status bar still read "Recoded 5 annotations"."""

from __future__ import annotations

from annotator.services import operations as ops
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


def test_a_refused_undo_leaves_the_step_done_and_the_history(window, qtbot, monkeypatch):
    code_a_mention(window)
    assert window.project is not None
    (mention,) = window.project.annotations()
    # Changed behind the stack's back (as a second window of the same project could): the
    # undo, which deletes the mention, finds it gone and is refused.
    window.project.apply(ops.DeleteAnnotation(mention.id))
    warnings: list[str] = []
    monkeypatch.setattr(window.dialogs, "warning", lambda _title, text: warnings.append(text))
    steps = window.undo_stack.count()
    press(window, "Ctrl+Z")
    assert len(warnings) == 1
    assert "cannot be undone" in warnings[0]
    assert window.undo_stack.count() == steps - 1  # gone from the history
    assert not window.undo_stack.canRedo()  # so no redo applies it a second time
    assert window.statusBar().currentMessage() == warnings[0]
