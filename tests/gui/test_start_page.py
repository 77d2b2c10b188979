"""No project open: the window shows a start page with New, Open, the recent projects and
the demo, never the last project's article (issue #16.6)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.gui.helpers import VOA, open_document
from tests.gui.test_window_paths import menu_action


def test_closing_shows_the_start_page_and_a_recent_project_reopens(window, qtbot):
    path = window.project.path
    open_document(window, VOA)
    menu_action(window, "File", "Close Project").trigger()
    assert window.project is None
    assert window.central.currentWidget() is window.start_page
    assert window.view.text == ""
    recent = window.start_page.recent_list
    rows = [recent.item(i) for i in range(recent.count())]
    (item,) = [row for row in rows if row.toolTip() == str(path)]
    rect = recent.visualItemRect(item)
    qtbot.mouseClick(recent.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.project is not None
    assert window.project.path == path
    assert window.central.currentWidget() is window.article_page


def test_the_demo_button_opens_the_demo(window, qtbot):
    menu_action(window, "File", "Close Project").trigger()
    button = window.start_page.findChild(QPushButton, "startDemo")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.project is not None
    assert len(window.project.document_summaries()) == 5
    # A new user sees coding at once: the example statements and mentions of "demo".
    stats = window.project.stats()
    assert (stats["statements"], stats["mentions"]) == (4, 2)
    assert "4 statements" in window.counts.text()
    assert window.central.currentWidget() is window.article_page


def test_a_new_project_shows_nothing_of_the_last_one(window, qtbot, tmp_path):
    open_document(window, VOA)
    window.dialogs.save_file = lambda *_args, **_kw: tmp_path / "fresh.annot"
    menu_action(window, "File", "New Project…").trigger()
    assert window.project is not None
    assert window.project.path == tmp_path / "fresh.annot"
    assert window.view.text == ""
    assert window.document_list.model().rowCount() == 0
    assert window.annotation_model.rowCount() == 0
