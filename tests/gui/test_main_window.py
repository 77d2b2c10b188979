"""The main window on the demo project (offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTableView

from annotator.core.records import DocumentSummary
from annotator.gui.document_list_model import DocumentListModel
from annotator.gui.main_window import MainWindow
from annotator.gui.roles import IdRole
from annotator.gui.settings import Settings
from annotator.services.demo import ensure_demo_project


def raw_text(view: QPlainTextEdit) -> str:
    return view.document().toRawText().replace("\u2029", "\n")


@pytest.fixture
def window(qtbot):
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    assert window.open_path(ensure_demo_project())
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def test_the_demo_project_opens_with_its_five_articles(window, qtbot):
    table = window.findChild(QTableView, "documentList")
    assert table.model().rowCount() == 5
    view = window.findChild(QPlainTextEdit, "documentView")
    qtbot.waitUntil(lambda: "North Korea" in view.toPlainText())
    assert window.project is not None
    first_id = table.model().index(0, 0).data(IdRole)
    assert raw_text(view) == window.project.document(first_id).text


def test_selecting_a_document_shows_its_text_and_the_filter_narrows_the_list(window, qtbot):
    table = window.findChild(QTableView, "documentList")
    view = window.findChild(QPlainTextEdit, "documentView")
    table.selectRow(1)
    document_id = table.model().index(1, 0).data(IdRole)
    # toPlainText() turns no-break spaces into spaces; compare the raw document text.
    expected = window.project.document(document_id).text
    qtbot.waitUntil(lambda: raw_text(view) == expected)
    window.findChild(QLineEdit, "documentFilter").setText("voa news")
    assert table.model().rowCount() == 1


def test_last_project_is_remembered(window):
    assert Settings().last_project() == window.project.path


def test_document_list_model_passes_qtmodeltester(qtmodeltester):
    model = DocumentListModel()
    model.set_documents(
        [
            DocumentSummary("a", "Title", "VOA", None, 2, 1, 100),
            DocumentSummary("b", "", "", None, 0, 0, 5),
        ]
    )
    qtmodeltester.check(model)


def test_a_screenshot_shows_text_not_empty_boxes(window, qtbot, tmp_path):
    """With no fonts Qt draws nothing and says nothing: check real pixels were drawn."""
    view = window.findChild(QPlainTextEdit, "documentView")
    qtbot.waitUntil(lambda: bool(view.toPlainText()))
    image = view.viewport().grab().toImage()
    background = image.pixelColor(2, 2)
    differing = sum(
        1
        for x in range(0, image.width(), 4)
        for y in range(0, min(image.height(), 200), 4)
        if image.pixelColor(x, y) != background
    )
    assert differing > 50


def test_opening_a_project_backs_it_up_in_the_background(qtbot, demo_template, tmp_path):
    import shutil

    path = tmp_path / "mine.annot"
    shutil.copy(demo_template, path)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    assert window.open_path(path)  # returns before the copy is made: the window is usable
    backups = tmp_path / "mine.annot.backups"
    qtbot.waitUntil(lambda: len(list(backups.glob("mine.*.open.annot"))) == 1, timeout=10_000)
    window.close()
