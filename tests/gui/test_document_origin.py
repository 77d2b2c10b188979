"""The document list shows where each document came from (issue #17.2): the path in the
imported folder, which is often the corpus's category, and the filter box finds it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView

from annotator.core.records import DocumentSummary
from annotator.gui.document_list_model import DocumentListModel
from annotator.gui.main_window import MainWindow
from annotator.gui.roles import IdRole
from annotator.gui.settings import Settings
from annotator.services.importing import import_paths
from annotator.services.project import ProjectService


def test_the_document_list_model_has_an_origin_column(qapp, qtmodeltester):
    model = DocumentListModel()
    model.set_documents([DocumentSummary("a", "Title", "VOA", None, 2, 1, 100, "sport/361.txt")])
    qtmodeltester.check(model)
    column = model.columns.index("Origin")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Origin"
    assert model.index(0, column).data() == "sport/361.txt"


def test_the_window_lists_origins_and_filters_by_them(qtbot, tmp_path):
    corpus = tmp_path / "bbc"
    for category in ("business", "sport"):
        (corpus / category).mkdir(parents=True)
        (corpus / category / "361.txt").write_text(f"{category} story\n\nThe text.", "utf-8")
    path = tmp_path / "corpus.annot"
    with ProjectService.create(path) as project:
        import_paths(project, [corpus])
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    assert window.open_path(path)
    assert window.project is not None
    table = window.findChild(QTableView, "documentList")
    assert table is not None
    model = table.model()
    column = DocumentListModel.columns.index("Origin")
    origins = {model.index(row, column).data() for row in range(model.rowCount())}
    assert {"business/361.txt", "sport/361.txt"} <= origins
    box = window.findChild(QLineEdit, "documentFilter")
    qtbot.keyClicks(box, "sport/")
    assert model.rowCount() == 1
    assert window.project.document(model.index(0, 0).data(IdRole)).origin == "sport/361.txt"
    window.close()
