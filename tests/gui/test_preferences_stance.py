"""Edit → Preferences → the project's stance scale (#21.4): renamed, reordered and extended
by keys in one undo step; a value still in use cannot be removed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem

from annotator.gui.preferences_dialog import PreferencesDialog
from tests.gui.test_preferences import (  # noqa: F401  (the fixture is used by its name)
    Button,
    _system_theme_after,
    preferences,
)


def _list_keys(
    qtbot, dialog: PreferencesDialog, *keys: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier
) -> None:
    for key in keys:
        qtbot.keyClick(dialog.stance_editor.list, key, modifier)


def _edit_current(qtbot, dialog: PreferencesDialog, text: str) -> None:
    """Type ``text`` into the open item editor and press Enter."""
    # The one open now (a closed editor lingers, hidden, until Qt deletes it).
    (editor,) = [e for e in dialog.stance_editor.list.findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_the_stance_scale_is_renamed_reordered_and_extended_in_one_undo_step(coded, qtbot):
    window = coded.window
    window.show_document(coded.document_id)
    project = window.project
    before = [project.annotation(i).stance for i in coded.statements]
    assert before == ["support", "oppose", "oppose"]
    steps_before = window.undo_stack.count()

    def edit(dialog: PreferencesDialog) -> None:
        editor = dialog.stance_editor
        editor.list.setFocus()
        editor.list.setCurrentRow(0)
        _list_keys(qtbot, dialog, Qt.Key.Key_F2)  # rename "support"
        _edit_current(qtbot, dialog, "backing")
        _list_keys(qtbot, dialog, Qt.Key.Key_Insert)  # a new value at the end
        _edit_current(qtbot, dialog, "ambivalent")
        editor.list.setCurrentRow(2)  # "neutral" one up
        _list_keys(qtbot, dialog, Qt.Key.Key_Up, modifier=Qt.KeyboardModifier.AltModifier)
        assert editor.scale() == ("backing", "neutral", "oppose", "ambivalent")
        # Each value is shown after its key, the digit that picks it in the stance step.
        shown = []
        for row in range(4):
            option = QStyleOptionViewItem()
            delegate = editor.list.itemDelegate()
            assert isinstance(delegate, QStyledItemDelegate)
            delegate.initStyleOption(option, editor.list.model().index(row, 0))
            shown.append(option.text.split())
        assert shown == [["1", "backing"], ["2", "neutral"], ["3", "oppose"], ["4", "ambivalent"]]

    preferences(window, edit, qtbot=qtbot)
    assert project.info().stance_scale == ("backing", "neutral", "oppose", "ambivalent")
    assert [project.annotation(i).stance for i in coded.statements] == [
        "backing",
        "oppose",
        "oppose",
    ]
    assert window.undo_stack.count() == steps_before + 1
    assert window.undo_stack.undoText() == "Change Stance Scale"
    # The Annotations table shows the new name.
    model = window.annotation_model
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Stance"
    )
    assert sorted(model.index(r, column).data() for r in range(model.rowCount())) == [
        "backing",
        "oppose",
        "oppose",
    ]
    window.undo_stack.undo()
    assert project.info().stance_scale == ("support", "oppose", "neutral")
    assert [project.annotation(i).stance for i in coded.statements] == before


def test_removing_a_stance_that_statements_use_is_refused_and_the_dialog_stays(
    coded, qtbot, monkeypatch
):
    window = coded.window
    warnings: list[str] = []
    monkeypatch.setattr(window.dialogs, "warning", lambda _title, text: warnings.append(text))
    steps_before = window.undo_stack.count()

    def remove_oppose(dialog: PreferencesDialog) -> None:
        dialog.stance_editor.list.setFocus()
        dialog.stance_editor.list.setCurrentRow(1)
        _list_keys(qtbot, dialog, Qt.Key.Key_Delete)
        assert dialog.stance_editor.scale() == ("support", "neutral")
        qtbot.mouseClick(dialog.buttons.button(Button.Ok), Qt.MouseButton.LeftButton)
        assert dialog.isVisible()  # still open: the scale was not taken

    preferences(window, remove_oppose, qtbot=qtbot, ok=False)
    assert warnings == ["statements still use 'oppose' (2); recode them first"]
    assert window.project.info().stance_scale == ("support", "oppose", "neutral")
    assert window.undo_stack.count() == steps_before
