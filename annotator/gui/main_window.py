"""The main window. For now: the document list and the article; the coding tools, search
panel and codebook come with the annotation-window issue."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.gui.document_list_model import DocumentListModel
from annotator.gui.roles import SortRole
from annotator.gui.settings import Settings
from annotator.services.project import ProjectService

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._settings = settings
        self._project: ProjectService | None = None
        self.setWindowTitle(self.tr("Annotator"))
        self.resize(1280, 800)

        self._documents = DocumentListModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._documents)
        self._proxy.setSortRole(SortRole)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._proxy.setFilterKeyColumn(-1)

        self._filter = QLineEdit()
        self._filter.setObjectName("documentFilter")
        self._filter.setPlaceholderText(self.tr("Filter documents"))
        self._filter.setClearButtonEnabled(True)
        self._filter.textChanged.connect(self._proxy.setFilterFixedString)

        self._list = QTableView()
        self._list.setObjectName("documentList")
        self._list.setModel(self._proxy)
        self._list.setSortingEnabled(True)
        self._list.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self._list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.verticalHeader().hide()
        self._list.setWordWrap(False)
        self._list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self._list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._list.selectionModel().selectionChanged.connect(self._on_selection_changed)

        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._filter)
        layout.addWidget(self._list)

        self._article = self._make_article_view()

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self._article)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 760])
        self.setCentralWidget(splitter)

        self._counts = QLabel()
        self.statusBar().addPermanentWidget(self._counts)
        self._build_menus()
        geometry = settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _make_article_view(self) -> QPlainTextEdit:
        article = QPlainTextEdit()
        article.setObjectName("documentView")
        article.setReadOnly(True)
        article.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFont(article.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        article.setFont(font)
        article.document().setDocumentMargin(18)
        return article

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        open_action = QAction(self.tr("&Open Project…"), self)
        open_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        open_action.triggered.connect(self._on_open_triggered)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Annotator"), self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    # --- project -------------------------------------------------------------------------

    @property
    def project(self) -> ProjectService | None:
        return self._project

    def set_project(self, project: ProjectService) -> None:
        if self._project is not None:
            self._project.close()
        self._project = project
        info = project.info()
        suffix = self.tr(" [read-only]") if project.read_only_reason else ""
        self.setWindowTitle(f"{info.name} — Annotator{suffix}")
        self._documents.set_documents(project.document_summaries())
        self._update_counts()
        if self._proxy.rowCount():
            self._list.selectRow(0)
        self._settings.set_last_project(project.path)
        if project.read_only_reason:
            self.statusBar().showMessage(project.read_only_reason)

    def _update_counts(self) -> None:
        if self._project is None:
            self._counts.clear()
            return
        stats = self._project.stats()
        self._counts.setText(
            self.tr("{d} documents · {s} statements · {m} mentions").format(
                d=stats["documents"], s=stats["statements"], m=stats["mentions"]
            )
        )

    def _on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._project is None or not selected.indexes():
            return
        source = self._proxy.mapToSource(selected.indexes()[0])
        document = self._project.document(self._documents.document_id(source.row()))
        self._article.setPlainText(document.text)

    def _on_open_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open project"), "", self.tr("Annotator projects (*.annot)")
        )
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        try:
            project = ProjectService.open(path, fallback_read_only=True)
        except AnnotatorError as error:
            QMessageBox.warning(self, self.tr("Cannot open project"), str(error))
            return False
        self.set_project(project)
        return True

    def _on_about_triggered(self) -> None:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        QMessageBox.about(
            self,
            self.tr("About Annotator"),
            self.tr(
                "<b>Annotator {v}</b><p>Code actors, claims and stance in news articles."
                "<p>Qt {qt}, PySide6 {ps}"
            ).format(v=__version__, qt=qVersion(), ps=pyside_version),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.set_geometry(self.saveGeometry())
        self._settings.sync()
        if self._project is not None:
            self._project.close()
            self._project = None
        super().closeEvent(event)
