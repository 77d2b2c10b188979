"""The document list as a workbench (issue #21.2), through the real widgets: its context
menu, the details form typed into by keys, the coding status (keys, filter, status bar) and
deleting a coded document with its annotations, each one undo step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox, QMenu

from annotator.gui.document_details_dialog import DocumentDetailsDialog
from annotator.gui.document_list_model import DocumentListModel
from annotator.gui.main_window import MainWindow
from annotator.gui.roles import IdRole
from tests.gui.helpers import Coded, answer, code_a_mention, press
from tests.gui.test_window_paths import menu_action


def _listed(window: MainWindow) -> list[str]:
    """Ids of the rows the list shows, in order."""
    model = window.document_list.model()
    return [model.index(row, 0).data(IdRole) for row in range(model.rowCount())]


def _right_click(window: MainWindow, row: int, monkeypatch, *path: str) -> list[str]:
    """Right-click ``row`` of the list (a real context-menu event), then take the menu item
    at ``path`` (e.g. "Set Status", "Done"); returns the menu's item texts."""
    seen: list[str] = []

    def choose(menu: QMenu, *_args: object) -> None:
        actions = menu.actions()
        seen.extend(a.text().replace("&", "") for a in actions if a.text())
        for title in path:
            action = next(a for a in actions if a.text().replace("&", "") == title)
            assert action.isEnabled(), title
            submenu = action.menu()
            actions = submenu.actions() if isinstance(submenu, QMenu) else []
        action.trigger()

    monkeypatch.setattr(window.document_panel.commands, "show_menu", choose)
    table = window.document_list
    place = table.visualRect(table.model().index(row, 0)).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, place, table.viewport().mapToGlobal(place)
    )
    QApplication.sendEvent(table.viewport(), event)
    return seen


def _statuses(window: MainWindow) -> dict[str, str]:
    assert window.project is not None
    return {d.id: d.status for d in window.project.document_summaries()}


def test_the_context_menu_sets_the_status_of_the_row_clicked(window, qtbot, monkeypatch):
    target = _listed(window)[2]
    items = _right_click(window, 2, monkeypatch, "Set Status", "Done")
    assert items == ["Edit Details…", "Set Status", "Delete…"]
    assert _statuses(window)[target] == "done"
    assert window.session.document_id == target  # the row right-clicked is the one shown
    assert window.counts.text().startswith("1 of 5 documents done · ")
    assert window.undo_stack.undoText() == "Mark 1 document done"
    window.undo_stack.undo()
    assert _statuses(window)[target] == "not started"
    assert window.counts.text().startswith("0 of 5 documents done · ")


def test_ctrl_d_marks_every_selected_document_done_in_one_step(window, qtbot):
    table = window.document_list
    first, _, third = _listed(window)[:3]
    table.selectRow(0)
    rect = table.visualRect(table.model().index(2, 0))
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
        rect.center(),
    )  # fmt: skip
    press(window, "Ctrl+D")
    statuses = _statuses(window)
    assert [d for d, status in statuses.items() if status == "done"] == [first, third]
    decorations = {
        table.model().index(row, 0).data(Qt.ItemDataRole.DecorationRole).cacheKey()
        for row in (0, 2)
    }
    assert len(decorations) == 1  # both show the same tick
    assert "2 of 5 documents done" in window.counts.text()
    window.undo_stack.undo()
    assert set(_statuses(window).values()) == {"not started"}


def test_the_status_filter_shows_the_documents_of_one_status(window, qtbot):
    ids = _listed(window)
    window.document_panel.select(ids[1])
    press(window, "Ctrl+D")
    combo = window.findChild(QComboBox, "documentStatusFilter")
    assert combo is not None
    combo.setFocus()
    others = [i for i in ids if i != ids[1]]
    for text, expected in (
        ("Not started", others),
        ("In progress", []),
        ("Done", [ids[1]]),
        ("Not done", others),
    ):
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next choice, as a user steps through
        assert combo.currentText() == text
        assert _listed(window) == expected, text
    assert combo.currentText() == "Not done"
    # Marking a listed document done takes it out of "Not done" at once.
    window.document_panel.select(ids[0])
    press(window, "Ctrl+D")
    assert ids[0] not in _listed(window)


def _type_details(qtbot, steps: list[Callable[[DocumentDetailsDialog], None]]):
    def step(dialog: QDialog) -> None:
        assert isinstance(dialog, DocumentDetailsDialog)
        for each in steps:
            each(dialog)

    return step


def _found(window: MainWindow, qtbot, query: str) -> list[str]:
    """Ctrl+F, the query, Enter: the first lines of the results."""
    panel = window.search_panel
    qtbot.waitUntil(lambda: not panel.busy)
    press(window, "Ctrl+F")
    qtbot.keyClicks(panel.input, query)
    qtbot.keyClick(panel.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.busy and panel.model.rowCount() > 0)
    rows = [str(panel.model.index(row, 0).data()) for row in range(panel.model.rowCount())]
    return [row.splitlines()[0] for row in rows]


def test_the_details_form_is_typed_checked_and_applied_as_one_undo_step(window, qtbot):
    assert window.project is not None
    document_id = _listed(window)[1]
    window.document_panel.select(document_id)
    before = window.project.document(document_id)
    problems: list[tuple[str, bool]] = []

    def fill(dialog: DocumentDetailsDialog) -> None:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.title.selectAll()
        qtbot.keyClicks(dialog.title, "Kim and Putin in Pyongyang")
        qtbot.keyClicks(dialog.date, "2024-02-30")
        problems.append((dialog.problem.text(), ok.isEnabled()))
        qtbot.keyClick(dialog.date, Qt.Key.Key_Return)  # refused: the dialog stays open
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.date.selectAll()
        qtbot.keyClicks(dialog.date, "2024-06-19")
        qtbot.keyClicks(dialog.url, "nknews.org/kim")
        problems.append((dialog.problem.text(), ok.isEnabled()))
        dialog.url.selectAll()
        qtbot.keyClicks(dialog.url, "https://www.nknews.org/kim")
        qtbot.keyClicks(dialog.language, "en")
        dialog.metadata.setFocus()
        qtbot.keyClicks(dialog.metadata, "section: World")
        qtbot.keyClick(dialog.metadata, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.metadata, "page: 3")
        dialog.status.setFocus()
        qtbot.keyClick(dialog.status, Qt.Key.Key_End)  # Done
        problems.append((dialog.problem.text(), ok.isEnabled()))
        qtbot.keyClick(dialog.metadata, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    answer(window, _type_details(qtbot, [fill]))
    depth = window.undo_stack.count()
    press(window, "Ctrl+Shift+D")
    assert problems == [
        ("There is no day 2024-02-30 in the calendar.", False),
        (
            "The URL 'nknews.org/kim' does not say how to reach it: write https://nknews.org/kim.",
            False,
        ),
        ("", True),
    ]
    after = window.project.document(document_id)
    assert (after.title, str(after.published_at), after.url, after.language, after.status) == (
        "Kim and Putin in Pyongyang",
        "2024-06-19",
        "https://www.nknews.org/kim",
        "en",
        "done",
    )
    assert after.extra["fields"] == {"section": "World", "page": "3"}
    assert after.source == before.source  # not typed into: untouched
    assert window.undo_stack.count() == depth + 1
    assert window.undo_stack.undoText() == "Edit document details"
    row = _listed(window).index(document_id)
    assert window.document_list.model().index(row, 0).data() == "Kim and Putin in Pyongyang"
    assert window.document_list.model().index(row, 2).data() == "2024-06-19"
    # The search finds it by its new title (the panel brings the index up to date first).
    assert _found(window, qtbot, "title:pyongyang") == ["Kim and Putin in Pyongyang"]
    window.undo_stack.undo()
    assert window.project.document(document_id) == before


def test_cancel_leaves_the_document_as_it_was(window, qtbot):
    assert window.project is not None
    document_id = _listed(window)[0]
    before = window.project.document(document_id)

    def type_and_cancel(dialog: DocumentDetailsDialog) -> None:
        qtbot.keyClicks(dialog.title, " (draft)")
        qtbot.keyClick(dialog.title, Qt.Key.Key_Escape)

    answer(window, _type_details(qtbot, [type_and_cancel]))
    depth = window.undo_stack.count()
    press(window, "Ctrl+Shift+D")
    assert window.project.document(document_id) == before
    assert window.undo_stack.count() == depth


def test_delete_asks_with_the_count_and_its_undo_brings_the_annotations_back(
    coded: Coded, monkeypatch
):
    window = coded.window
    assert window.project is not None
    asked: list[str] = []

    def confirm(_title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(window.dialogs, "confirm", confirm)
    row = _listed(window).index(coded.document_id)
    title = window.document_list.model().index(row, 0).data()
    before = {a.id: a for a in window.project.annotations()}
    _right_click(window, row, monkeypatch, "Delete…")
    assert asked == [
        f"Delete “{title}” and the 3 statements and 0 mentions coded in it?\n\n"
        "Edit → Undo brings it back."
    ]
    assert coded.document_id not in _listed(window)
    assert window.project.annotations() == []
    assert window.counts.text().startswith("0 of 4 documents done · 0 statements")
    # The row after the deleted one is selected and shown.
    assert window.session.document_id == _listed(window)[min(row, 3)]
    window.undo_stack.undo()
    assert coded.document_id in _listed(window)
    assert {a.id: a for a in window.project.annotations()} == before


def test_a_refused_delete_question_deletes_nothing(coded: Coded, monkeypatch):
    window = coded.window
    monkeypatch.setattr(window.dialogs, "confirm", lambda _t, _text: False)
    window.document_panel.select(coded.document_id)
    window.document_panel.commands.delete()
    assert coded.document_id in _listed(window)


def test_the_list_shows_mentions_beside_statements(window, qtbot, qtmodeltester):
    code_a_mention(window)
    model = window.document_list.model()
    row = _listed(window).index(window.session.document_id)
    column = DocumentListModel.columns.index("M")
    assert model.index(row, column).data() == 1
    assert model.index(row, DocumentListModel.columns.index("S")).data() == 0
    qtmodeltester.check(window.documents)


def test_the_document_menu_marks_the_shown_document(window):
    menu_action(window, "Document", "Set Status", "In Progress").trigger()
    assert _statuses(window)[window.session.document_id] == "in progress"
    assert "0 of 5 documents done" in window.counts.text()
    assert "1 in progress" in window.counts.toolTip()


def test_a_new_title_leaves_the_article_where_it_was(window, qtbot):
    bar = window.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    where = bar.value()
    assert where > 0

    def retitle(dialog: DocumentDetailsDialog) -> None:
        dialog.title.selectAll()
        qtbot.keyClicks(dialog.title, "A new title")
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)

    answer(window, _type_details(qtbot, [retitle]))
    press(window, "Ctrl+Shift+D")
    assert window.undo_stack.undoText() == "Edit document details"
    assert bar.value() == where  # not reloaded: only its details changed


def test_marking_a_done_document_done_again_is_no_undo_step(window):
    press(window, "Ctrl+D")
    depth = window.undo_stack.count()
    press(window, "Ctrl+D")
    assert window.undo_stack.count() == depth


def test_the_menu_key_opens_the_menu_for_the_current_row(window, qtbot, monkeypatch):
    table = window.document_list
    window.document_panel.select(_listed(window)[3])
    table.setFocus()
    shown: list[str] = []
    monkeypatch.setattr(
        window.document_panel.commands,
        "show_menu",
        lambda menu, _at: shown.extend(a.text() for a in menu.actions() if a.text()),
    )
    qtbot.keyClick(table, Qt.Key.Key_Menu)
    if not shown:  # offscreen, the key makes no context-menu event: send the one it makes
        below = QPoint(2, table.viewport().height() - 2)  # under the rows, not on one
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Keyboard, below, table.viewport().mapToGlobal(below)
        )
        QApplication.sendEvent(table.viewport(), event)
    assert [text.replace("&", "") for text in shown] == ["Edit Details…", "Set Status", "Delete…"]
    assert window.session.document_id == _listed(window)[3]


def test_undoing_a_status_goes_to_its_document(window):
    ids = _listed(window)
    window.document_panel.select(ids[3])
    press(window, "Ctrl+D")
    window.document_panel.select(ids[0])
    window.undo_stack.undo()
    assert window.session.document_id == ids[3]
    assert _statuses(window)[ids[3]] == "not started"


def test_every_document_menu_item_does_something_and_raises_nothing(window, monkeypatch):
    asked: list[str] = []

    def refuse(_title: str, text: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(window.dialogs, "confirm", refuse)
    left = answer(window, lambda dialog: dialog.reject())  # Edit Details…: cancelled
    shown = window.session.document_id
    for path in (
        ("Document", "Edit Details…"),
        ("Document", "Set Status", "Done"),
        ("Document", "Set Status", "In Progress"),
        ("Document", "Set Status", "Not Started"),
        ("Document", "Delete Documents…"),
    ):
        menu_action(window, *path).trigger()
    assert left == []  # the details form came
    assert len(asked) == 1  # the delete question came, and was answered No
    assert window.undo_stack.undoText() == "Mark 1 document not started"
    assert _statuses(window)[shown] == "not started"
