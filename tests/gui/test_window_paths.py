"""Every menu path and key of the window does what it says (issue #16 items 1-4)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from annotator.gui.main_window import MainWindow
from annotator.gui.picker import StanceDialog
from annotator.services.dataset_export import export_dataset
from tests.gui.helpers import code_a_mention, press


def menu_action(window: MainWindow, *path: str) -> QAction:
    """The action under the menu bar's ``path`` of titles (without their & marks)."""
    actions = window.menuBar().actions()
    for title in path:
        action = next(a for a in actions if a.text().replace("&", "") == title)
        menu = action.menu()
        actions = menu.actions() if isinstance(menu, QMenu) else []
    return action


def all_shortcuts(window: MainWindow) -> list[str]:
    """Every key of every action the window and its widgets listen to (one entry per key)."""
    keys: list[str] = []
    for action in {id(a): a for a in window.findChildren(QAction)}.values():
        if action.associatedObjects() or action.parent() is window:
            keys.extend(key.toString() for key in action.shortcuts() if not key.isEmpty())
    return keys


def test_import_files_from_the_menu_asks_for_files_and_imports_them(
    window, qtbot, tmp_path, monkeypatch
):
    article = tmp_path / "new.txt"
    article.write_text("A new article\n\nIts body.\n", encoding="utf-8")
    asked: list[str] = []

    def choose(*args: object, **kwargs: object) -> tuple[list[str], str]:
        asked.append("files")
        return [str(article)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    before = window.documents.rowCount()
    menu_action(window, "File", "Import Files…").trigger()
    assert asked == ["files"]
    qtbot.waitUntil(lambda: window.documents.rowCount() == before + 1)
    window.files.summary_box.accept()


def test_import_coded_dataset_from_the_menu_loads_the_chosen_folder(
    window, qtbot, tmp_path, monkeypatch
):
    shown: list[str] = []
    failures: list[str] = []
    monkeypatch.setattr(window.dialogs, "information", lambda _t, text: shown.append(text))
    monkeypatch.setattr(window.dialogs, "warning", lambda _t, text: failures.append(text))
    code_a_mention(window, qtbot)
    export_dataset(window.project, tmp_path / "ds")
    window.undo_stack.undo()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "ds"))
    menu_action(window, "File", "Import Coded Dataset…").trigger()
    qtbot.waitUntil(lambda: bool(shown or failures))
    assert failures == []
    assert "inserted 1" in shown[0]


def test_every_shortcut_in_the_window_is_unique(window):
    keys = all_shortcuts(window)
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert duplicates == []
    assert "Ctrl+Q" in keys


def test_redo_has_the_platform_keys(window):
    redo = menu_action(window, "Edit", "Redo")
    undo = menu_action(window, "Edit", "Undo")
    redo_keys = {key.toString() for key in redo.shortcuts()}
    expected = {k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)}
    assert expected <= redo_keys
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= redo_keys  # what Linux and Windows users press,
    # whatever this platform's standard binding (X11 has no Ctrl+Y, offscreen has both)
    assert "Ctrl+Z" in {key.toString() for key in undo.shortcuts()}


def test_a_stance_digit_picks_the_stance_and_closes_the_picker(qtbot):
    dialog = StanceDialog(("support", "oppose", "neutral"))
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClick(dialog.list, Qt.Key.Key_2)  # the list holds the dialog's focus
    assert dialog.chosen == "oppose"
    assert dialog.result() == StanceDialog.DialogCode.Accepted


def test_the_article_zooms_from_the_view_menu_and_the_keys(window, qtbot):
    """Walkthrough: text zoom was only Ctrl+wheel. View → Zoom In/Out/Normal Size, with keys."""
    view = window.view
    normal = view.font().pointSizeF()
    menu_action(window, "View", "Zoom In").trigger()
    assert view.font().pointSizeF() > normal
    menu_action(window, "View", "Normal Size").trigger()
    assert view.font().pointSizeF() == normal
    press(window, "Ctrl+-")
    assert view.font().pointSizeF() < normal
    press(window, "Ctrl+0")
    assert view.font().pointSizeF() == normal
    press(window, "Ctrl+=")  # Ctrl++ without Shift, as most keyboards have it
    assert view.font().pointSizeF() > normal
