"""The Documents dock: the project's documents, filtered (by text and coding status) and
sorted; picking one shows it; its context menu edits, marks and deletes them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QPoint,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.dialogs import Dialogs
from annotator.gui.document_actions import DocumentActions
from annotator.gui.document_list_model import DocumentListModel
from annotator.gui.roles import IdRole, SortRole, StatusRole
from annotator.gui.session import ProjectSession
from annotator.gui.settings import Settings
from annotator.gui.table_model import AnyIndex
from annotator.services.changes import ChangeSet


class DocumentFilter(QSortFilterProxyModel):
    """The filter box's text in any column, and the coding status chosen beside it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.statuses: frozenset[str] | None = None
        """The statuses shown (None: all)."""

    def set_statuses(self, statuses: frozenset[str] | None) -> None:
        self.beginFilterChange()
        self.statuses = statuses
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self.statuses is not None:
            index = self.sourceModel().index(source_row, 0, source_parent)
            if index.data(StatusRole) not in self.statuses:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


STATUS_FILTERS: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("All documents", None),
    ("Not started", frozenset({"not started"})),
    ("In progress", frozenset({"in progress"})),
    ("Done", frozenset({"done"})),
    ("Not done", frozenset({"not started", "in progress"})),
)


class DocumentsView(QWidget):
    def __init__(
        self,
        session: ProjectSession,
        settings: Settings,
        dialogs: Dialogs,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._settings = settings
        self.model = DocumentListModel(self)
        self._proxy = DocumentFilter(self)
        self._proxy.setSourceModel(self.model)
        self._proxy.setSortRole(SortRole)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit()
        self.filter.setObjectName("documentFilter")
        self.filter.setPlaceholderText(self.tr("Filter documents"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._proxy.setFilterFixedString)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("documentStatusFilter")
        self.status_filter.setToolTip(self.tr("Show the documents of one coding status"))
        for text, statuses in STATUS_FILTERS:
            self.status_filter.addItem(self.tr(text), statuses)
        self.status_filter.currentIndexChanged.connect(
            lambda _row: self._proxy.set_statuses(self.status_filter.currentData())
        )
        self.table = QTableView()
        self.table.setObjectName("documentList")
        self.table.setModel(self._proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several at once for the coding status and delete; the current row is shown.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # Long titles are cut in the middle (both ends tell articles apart); the full
        # title is in the tooltip.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._set_up_header(settings)
        self.table.selectionModel().selectionChanged.connect(self._on_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.status_filter)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        self.commands = DocumentActions(self, session, dialogs)
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
            self.select_only(0)

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
                self.select_only(0)  # the first articles of an empty project: show one
        elif changed := changes.annotated_documents | changes.statuses | changes.details:
            # Only counts, statuses or details changed: update those rows (a reset would
            # lose the selection and scroll position, and reload every document).
            self.model.update_documents(project.document_summaries_for(sorted(changed)))

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
                self.select_only(row)
                return True
        return False

    def select_only(self, row: int) -> None:
        """Select the list's row ``row`` alone and make it current (``selectRow`` adds to
        the selection while a modifier key is held, and several rows may be selected)."""
        index = self._proxy.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag
        self.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(index)

    def select_row(self, row: int) -> None:
        """Select the list's row ``row``, or its last when there are fewer."""
        rows = self._proxy.rowCount()
        if rows:
            self.select_only(max(0, min(row, rows - 1)))

    def _on_selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        project = self._session.project
        if project is not None and selected.indexes():
            # The row clicked last (the current one) when several are selected.
            current = self.table.currentIndex()
            chosen = current if selected.contains(current) else selected.indexes()[0]
            document_id = chosen.data(IdRole)
            self._settings.set_last_document(project.path, document_id)
            self._session.show_document(document_id)

    def step(self, step: int) -> None:
        """Show the next (``step`` 1) or previous (-1) document of the list."""
        rows = self._proxy.rowCount()
        if rows:
            current = self.table.currentIndex().row()
            self.select_only(max(0, min(rows - 1, current + step)))

    def _set_up_header(self, settings: Settings) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Source and origin can be long: a set width (the user can drag it; the tooltip
        # has the whole text), so the title keeps the room and nothing scrolls sideways.
        for column, width in ((1, 64), (DocumentListModel.columns.index("Origin"), 64)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setMinimumSectionSize(36)
        # The title tells documents apart: it keeps the room, Origin starts hidden, and a
        # right-click on the header shows or hides the other columns (kept for next time).
        hidden = settings.hidden_document_columns()
        for column, name in enumerate(DocumentListModel.columns):
            header.setSectionHidden(column, column > 0 and name in hidden)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda point: self.column_menu(point).exec(header.mapToGlobal(point))
        )

    def column_menu(self, _point: QPoint) -> QMenu:
        """Show or hide each column but the title."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column, name in enumerate(DocumentListModel.columns):
            if column == 0:
                continue
            action = menu.addAction(self.tr(name))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda shown, c=column: self._show_column(c, shown))
        return menu

    def _show_column(self, column: int, shown: bool) -> None:
        header = self.table.horizontalHeader()
        header.setSectionHidden(column, not shown)
        self._settings.set_hidden_document_columns(
            [
                name
                for number, name in enumerate(DocumentListModel.columns)
                if header.isSectionHidden(number)
            ]
        )
