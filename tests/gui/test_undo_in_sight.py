"""Undo and redo of a change in another document happen in sight (issue #16.10): the window
goes to that document and selects what was undone or redone."""

from __future__ import annotations

from PySide6.QtGui import QAction

from annotator.services.dataset_export import export_dataset
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


def test_undoing_and_redoing_a_load_shows_the_article_again(window, qtbot, tmp_path, monkeypatch):
    """From a new analyst's walkthrough: after Undo then Redo of a dataset load into a new
    project the article was blank (the undo had gone to a document it deleted) while its
    statement stayed selected, and Delete removed a statement the analyst could not see."""
    code_a_mention(window, qtbot)
    export_dataset(window.project, tmp_path / "ds")
    shown: list[str] = []
    monkeypatch.setattr(window.dialogs, "information", lambda _t, text: shown.append(text))
    monkeypatch.setattr(window.dialogs, "save_file", lambda *a, **k: tmp_path / "new.annot")
    window.files.new_project()
    window.files.load_dataset(tmp_path / "ds")
    qtbot.waitUntil(lambda: bool(shown))
    window.undo_stack.undo()
    assert window.view.text == ""  # its document is gone
    assert window.annotation_model.rowCount() == 0
    window.undo_stack.redo()
    doc = window.session.document_id
    assert doc is not None
    assert window.view.text == window.project.document(doc).text
    assert window.annotation_model.rowCount() == 1  # at the coded document, its mention


def test_a_note_is_taken_with_ctrl_enter_and_enter_is_a_new_line(window, qtbot):
    """From the walkthrough: Enter, Tab and Ctrl+Enter all typed into the note box, so the
    note could only be confirmed with the mouse (and kept the stray line breaks)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPlainTextEdit

    from tests.gui.helpers import answer

    def type_note(dialog):
        editor = dialog.findChild(QPlainTextEdit)
        editor.setFocus()
        qtbot.keyClicks(editor, "first line")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, "second")
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    answer(window, type_note)
    assert window.dialogs.multiline("Note", "Note:", "") == "first line\nsecond"


def test_a_load_into_an_empty_project_shows_its_first_article_and_its_undo_disables_coding(
    window, qtbot, tmp_path, monkeypatch
):
    """Walkthrough: after a load into a new project no article opened; after its undo the
    coding buttons stayed enabled in the empty project."""
    export_dataset(window.project, tmp_path / "ds")
    shown: list[str] = []
    monkeypatch.setattr(window.dialogs, "information", lambda _t, text: shown.append(text))
    monkeypatch.setattr(window.dialogs, "save_file", lambda *a, **k: tmp_path / "new.annot")
    window.files.new_project()
    assert window.session.document_id is None
    window.files.load_dataset(tmp_path / "ds")
    qtbot.waitUntil(lambda: bool(shown))
    document = window.session.document_id
    assert document is not None
    assert window.view.text == window.project.document(document).text
    mention = window.findChild(QAction, "code.mention")
    assert mention.isEnabled()
    window.undo_stack.undo()
    assert window.session.document_id is None
    assert not mention.isEnabled()
