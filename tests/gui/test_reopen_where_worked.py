"""A project reopens at the article last worked on (coded in), not at the first one, nor
at one only looked at since."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from tests.gui.helpers import VOA, code_a_mention
from tests.gui.test_window_paths import menu_action


def _click_document(window: MainWindow, qtbot, title: str) -> None:
    table = window.document_list
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == title)
    rect = table.visualRect(model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _close_and_reopen(window: MainWindow, qtbot) -> None:
    assert window.project is not None
    path = window.project.path
    menu_action(window, "File", "Close Project").trigger()
    assert window.project is None
    recent = window.start_page.recent_list
    (item,) = [
        recent.item(i) for i in range(recent.count()) if recent.item(i).toolTip() == str(path)
    ]
    qtbot.mouseClick(
        recent.viewport(), Qt.MouseButton.LeftButton, pos=recent.visualItemRect(item).center()
    )
    assert window.project is not None


def _titles(window: MainWindow) -> dict[str, str]:
    assert window.project is not None
    return {d.id: d.title for d in window.project.document_summaries()}


def test_reopening_goes_to_the_article_last_coded_in(window, qtbot):
    code_a_mention(window, qtbot)  # in the VOA article
    first = window.document_list.model().index(0, 0).data()
    assert first != VOA
    _click_document(window, qtbot, first)  # only looked at
    assert _titles(window)[window.session.document_id] == first
    _close_and_reopen(window, qtbot)
    assert _titles(window)[window.session.document_id] == VOA
    assert window.document_list.currentIndex().data() == VOA
    assert window.annotation_model.rowCount() == 1


def test_with_nothing_coded_it_reopens_at_the_article_last_shown(window, qtbot):
    last = window.document_list.model().index(3, 0).data()
    _click_document(window, qtbot, last)
    _close_and_reopen(window, qtbot)
    assert _titles(window)[window.session.document_id] == last
