"""The Documents dock: the project's documents, filtered and sorted; picking one shows it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.document_list_model import DocumentListModel
from annotator.gui.roles import IdRole, SortRole
from annotator.gui.session import ProjectSession
from annotator.gui.settings import Settings
from annotator.services.changes import ChangeSet


class DocumentsView(QWidget):
    def __init__(
        self, session: ProjectSession, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._settings = settings
        self.model = DocumentListModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self.model)
        self._proxy.setSortRole(SortRole)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit()
        self.filter.setObjectName("documentFilter")
        self.filter.setPlaceholderText(self.tr("Filter documents"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("documentList")
        self.table.setModel(self._proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # Long titles are cut in the middle (both ends tell articles apart); the full
        # title is in the tooltip.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Source and origin can be long: a set width (the user can drag it; the tooltip
        # has the whole text), so the title keeps the room and nothing scrolls sideways.
        for column, width in ((1, 80), (4, 64)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setMinimumSectionSize(36)
        self.table.selectionModel().selectionChanged.connect(self._on_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        session.opened.connect(self._on_opened)
        session.closed.connect(lambda: self.model.set_documents([]))
        session.bus.changed.connect(self._on_changed)

    def _on_opened(self) -> None:
        project = self._session.project
        assert project is not None
        self.model.set_documents(project.document_summaries())
        # Where the coder left off: the document last coded in, else the one last shown.
        settings, path = self._settings, project.path
        if not self.select(settings.last_worked_document(path)):
            self.select(settings.last_document(path))
        if self._session.document_id is None and self._proxy.rowCount():
            self.table.selectRow(0)

    def _on_changed(self, changes: ChangeSet, _initiator: object) -> None:
        project = self._session.project
        if project is None:
            return
        self._remember_work(project.path, changes)
        if changes.documents:
            current = self._session.document_id
            self.model.set_documents(project.document_summaries())
            if current is not None and not self.select(current):
                self._session.show_document(None)  # it was removed (an undone import)
            elif current is None and self._proxy.rowCount():
                self.table.selectRow(0)  # the first articles of an empty project: show one
        elif changes.annotated_documents:
            # Only counts changed: update those rows (a reset would lose the selection
            # and scroll position, and reload every document).
            self.model.update_documents(
                project.document_summaries_for(sorted(changes.annotated_documents))
            )

    def _remember_work(self, path: Path, changes: ChangeSet) -> None:
        """Note the document coded in (a coding step, or its undo or redo)."""
        worked, shown = changes.annotated_documents, self._session.document_id
        if shown is not None and shown in worked:
            self._settings.set_last_worked_document(path, shown)
        elif len(worked) == 1:  # an undo in another document (it is shown next)
            self._settings.set_last_worked_document(path, next(iter(worked)))

    def select(self, document_id: str | None) -> bool:
        """Select (and so show) ``document_id``; False when it is not listed."""
        for row in range(self._proxy.rowCount()):
            if self._proxy.index(row, 0).data(IdRole) == document_id:
                self.table.selectRow(row)
                return True
        return False

    def _on_selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        project = self._session.project
        if project is not None and selected.indexes():
            document_id = selected.indexes()[0].data(IdRole)
            self._settings.set_last_document(project.path, document_id)
            self._session.show_document(document_id)

    def step(self, step: int) -> None:
        """Show the next (``step`` 1) or previous (-1) document of the list."""
        rows = self._proxy.rowCount()
        if rows:
            current = self.table.currentIndex().row()
            self.table.selectRow(max(0, min(rows - 1, current + step)))
