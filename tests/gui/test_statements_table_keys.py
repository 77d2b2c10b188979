"""The annotation keys act on the Statements table's row when the table has the focus:
Delete there once said "Select an annotation in the table first" with a row selected, or
deleted the annotation selected in the other (Annotations) table."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.helpers import Coded, focus_in_active_window
from tests.gui.test_statements_view import shown


def _focus_row(coded: Coded, qtbot, annotation_id: str):
    panel = shown(coded, qtbot)
    row = next(r for r in range(panel.model.rowCount()) if panel.model.id_at(r) == annotation_id)
    focus_in_active_window(panel.table, qtbot)
    panel.table.selectRow(row)
    return panel


def test_delete_in_the_statements_table_deletes_its_row_not_the_other_tables(coded, qtbot):
    window = coded.window
    kept, gone = coded.statements[0], coded.statements[2]
    window.show_document(coded.document_id)
    window.article.select(kept)  # selected in the Annotations table
    assert window.article.current_id() == kept
    panel = _focus_row(coded, qtbot, gone)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert window.project is not None
    left = {a.id for a in window.project.annotations()}
    assert gone not in left
    assert kept in left
    assert panel.table.hasFocus()


def test_ctrl_e_in_the_statements_table_edits_its_rows_note(coded, qtbot, monkeypatch):
    window = coded.window
    target = coded.statements[1]
    panel = _focus_row(coded, qtbot, target)
    asked: list[str] = []

    def note(*_args: object, **_kwargs: object) -> str:
        asked.append("note")
        return "checked"

    monkeypatch.setattr(window.dialogs, "multiline", note)
    qtbot.keyClick(panel.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["note"]
    assert window.project.annotations_by_id([target])[target].note == "checked"
