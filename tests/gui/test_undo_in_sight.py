"""Undo and redo of a change in another document happen in sight (issue #16.10): the window
goes to that document and selects what was undone or redone."""

from __future__ import annotations

from tests.gui.helpers import VOA, code_a_mention, open_document, press


def test_undo_and_redo_go_to_the_document_they_change(window, qtbot):
    start, end = code_a_mention(window, qtbot)
    voa = window.session.document_id
    (mention,) = window.project.annotations(voa)
    other = next(d.title for d in window.project.document_summaries() if d.title != VOA)
    open_document(window, other)
    assert window.session.document_id != voa
    press(window, "Ctrl+Z")  # undoes the mention, in the VOA article: the window goes there
    assert window.session.document_id == voa
    assert window.project.annotations(voa) == []
    assert window.view.selected_span() == (start, end)  # where the undone mention was
    open_document(window, other)
    press(window, "Ctrl+Y")
    assert window.session.document_id == voa
    assert window.article.current_id() == mention.id  # the mention is back, and selected
    assert window.view.selected_span() == (start, end)
