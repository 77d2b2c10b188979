"""The Statements dock (issue #21.1): every statement and mention of the project in one table,
filtered by the filter bar, sorted by a click on a header, opened in the article by a
double-click or Enter, recoded many at once, and written to CSV as shown.

The rows come from the service's :class:`~annotator.services.statement_table.StatementTable`
(SQL), the ids of all rows at once and the rows a page at a time
(:class:`~annotator.gui.statement_model.StatementTableModel`). The view reads again after a
change set that touches annotations or the codebook, keeping the selection and the place;
while the dock is hidden it only notes that it must.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.statement_table import COLUMNS, StatementRow, StatementSort
from annotator.gui.codebook_cache import CodebookCache
from annotator.gui.dialogs import Dialogs
from annotator.gui.session import ProjectSession
from annotator.gui.settings import Settings
from annotator.gui.statement_columns import (
    header_menu,
    rows_as_text,
    select_again,
    shown_columns,
    widen_to_fit,
)
from annotator.gui.statement_filters import StatementFilterBar
from annotator.gui.statement_loader import Request, StatementLoader
from annotator.gui.statement_model import StatementTableModel
from annotator.gui.statement_recode import StatementRecoder
from annotator.gui.tasks import Task, run_task
from annotator.services.changes import ChangeSet
from annotator.services.statement_table import (
    StatementTable,
    export_statement_rows,
)

log = logging.getLogger(__name__)

WIDTHS = {"document": 180, "date": 80, "kind": 70, "actor": 130, "claim": 280, "stance": 70}
WIDTHS |= {"quote": 360, "coder": 80, "note": 120, "start": 56, "end": 56}
RECODE_KEYS = {"actor": "Ctrl+Alt+P", "claim": "Ctrl+Alt+C", "stance": "Ctrl+Alt+S"}
"""Keys of the recoding actions while the table has the focus."""


class StatementsPanel(QWidget):
    """``opened(document id, annotation id)``: show that annotation in the article."""

    opened = Signal(str, str)
    rows_shown = Signal()

    def __init__(
        self,
        session: ProjectSession,
        codebook: CodebookCache,
        dialogs: Dialogs,
        report: Callable[[str], None],
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statementsPanel")
        self._settings = settings
        self._session = session
        self._codebook = codebook
        self._dialogs = dialogs
        self._report = report
        self._sort = StatementSort("document")
        self._stale = True
        self.export_task: Task | None = None
        self.recoder = StatementRecoder(self, session, codebook, dialogs, report)

        self.loader = StatementLoader(session, self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        self.filters = StatementFilterBar()
        self.model = StatementTableModel(self)
        self.table = self._make_table()
        self.recode_actions = self._make_actions()
        self._lay_out()

        self._pending = QTimer(self)  # change sets of one step come together: read once
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.reload)
        self.filters.changed.connect(self.reload)
        self.filters.query_entered.connect(self._on_query)
        codebook.changed.connect(self._fill_choices)
        session.opened.connect(self._on_opened)
        session.closed.connect(self._on_closed)
        session.bus.changed.connect(self._on_changed)

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("statementTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setWordWrap(False)
        # Cut long cells in the middle: a claim's path ends with the claim itself, a quote's
        # both ends tell it apart (the tooltip has the whole text).
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.verticalHeader().hide()
        # Fixed row heights and column widths: sizing to contents would read every row.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        for number, column in enumerate(COLUMNS):
            header.resizeSection(number, WIDTHS[column])
        header.setSortIndicator(COLUMNS.index(self._sort.column), Qt.SortOrder.AscendingOrder)
        saved = self._settings.statement_columns() if self._settings is not None else None
        if saved is not None and header.restoreState(saved) and header.count() == len(COLUMNS):
            # The order the table was last sorted in, as its header shows it.
            section, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
            if 0 <= section < len(COLUMNS):
                descending = order == Qt.SortOrder.DescendingOrder
                self._sort = StatementSort(COLUMNS[section], descending)
        table.setSortingEnabled(True)
        for signal in (header.sectionMoved, header.sectionResized, header.sortIndicatorChanged):
            signal.connect(self._remember_columns)
        self.model.sort_requested.connect(self._on_sort)
        table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        table.installEventFilter(self)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_menu)
        return table

    def _make_actions(self) -> dict[str, QAction]:
        self.count = QLabel()
        self.count.setObjectName("statementCount")
        self.export_button = QPushButton(self.tr("Export Shown…"))
        self.export_button.setObjectName("statementExport")
        self.export_button.setToolTip(self.tr("Write the rows and columns shown to a CSV file"))
        self.export_button.clicked.connect(self.export_shown)
        actions: dict[str, QAction] = {}
        for what, text in (
            ("actor", self.tr("Set Speaker / Actor…")),
            ("claim", self.tr("Set Claim…")),
            ("stance", self.tr("Set Stance…")),
        ):
            action = QAction(text, self.table)
            action.setObjectName(f"statements.recode_{what}")
            action.setShortcut(QKeySequence(RECODE_KEYS[what]))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, w=what: self.recode_selected(w))
            self.table.addAction(action)
            actions[what] = action
        copy = QAction(self.tr("Copy Rows"), self.table)
        copy.setObjectName("statements.copy")
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.triggered.connect(self.copy_selected)
        self.table.addAction(copy)
        self.copy_action = copy
        recode = QPushButton(self.tr("Recode Selected"))
        recode.setObjectName("statementRecode")
        menu = QMenu(recode)
        menu.addActions(list(actions.values()))
        recode.setMenu(menu)
        self.recode_button = recode
        return actions

    def _lay_out(self) -> None:
        for widget in (self.count, self.recode_button, self.export_button):
            self.filters.add_to_second_row(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)  # View → Statements goes to the table

    # --- project -------------------------------------------------------------------------

    def _on_opened(self) -> None:
        project = self._session.project
        assert project is not None
        self.loader.start(StatementTable(project))
        self._allow_recoding(project.read_only_reason)
        self._fill_choices()
        self._stale = True
        if self.isVisible():
            self.reload()

    def _on_closed(self) -> None:
        self.loader.start(None)
        self._allow_recoding(self.tr("No project is open"))
        self.model.set_ids([], None)
        self.count.clear()

    def _allow_recoding(self, reason: str | None) -> None:
        """Recoding needs a project open for writing; a read-only one says why not."""
        self.recode_button.setEnabled(reason is None)
        self.recode_button.setToolTip(reason or self.tr("Recode the selected rows at once"))
        for action in self.recode_actions.values():
            action.setEnabled(reason is None)

    def _fill_choices(self) -> None:
        project = self._session.project
        if project is None:
            self.filters.set_codebook([], [], ())
            return
        scale = project.info().stance_scale
        self.filters.set_codebook(self._codebook.claims, project.coders(), scale)
        widen_to_fit(self.table, "stance", scale)

    def _on_changed(self, changes: ChangeSet, _initiator: object) -> None:
        if changes.coders or changes.project:
            self._fill_choices()
        if not changes:
            return
        self.loader.changed()
        self._stale = True
        if self.isVisible():
            self._pending.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.loader.service is not None:
            self.reload()

    # --- reading -------------------------------------------------------------------------

    def request(self) -> Request:
        """What the filter bar asks for, in the order of the header's sort indicator."""
        query, scope = self.filters.search_query()
        return Request(self.filters.statement_filter(), query, scope, self._sort)

    def reload(self) -> None:
        """Read the ids again (filters, sort or data changed); the rows come in
        :meth:`_on_loaded`, at once for a small project, from the background for a large one."""
        self._pending.stop()
        if self.loader.service is None:
            return
        self._stale = False
        self.loader.load(self.request())
        if self.loader.running:
            self.count.setText(self.tr("Reading…"))

    def _on_loaded(self, ids: list[str]) -> None:
        """Show the rows of ``ids``, keeping the selection and the place."""
        service = self.loader.service
        if service is None:
            return
        self.filters.show_problem(self.filters.date_problem)
        selected = set(self.selected_ids())
        current = self.table.currentIndex()
        current_id = self.model.id_at(current.row()) if current.isValid() else None
        scroll = self.table.verticalScrollBar().value()
        self.model.set_ids(ids, service.rows)
        self.count.setText(self._count_text(len(ids)))
        if selected or current_id is not None:
            select_again(self.table, ids, selected, current_id)
        self.table.verticalScrollBar().setValue(scroll)
        self.rows_shown.emit()

    def _count_text(self, shown: int) -> str:
        total = self.loader.annotations
        if total is None or total == shown:
            return self.tr("{0} rows").format(f"{shown:,}")
        return self.tr("{0} of {1} rows").format(f"{shown:,}", f"{total:,}")

    def _on_failed(self, message: str) -> None:
        self.count.setText(self._count_text(self.model.rowCount()))
        problem = self.tr("Search query: {0}").format(message)
        self.filters.show_problem("; ".join(p for p in (self.filters.date_problem, problem) if p))

    def _on_query(self) -> None:
        self.reload()

    def _on_sort(self, sort: StatementSort) -> None:
        if sort == self._sort and not self._stale:
            return  # QTableView.sortByColumn asks twice
        self._sort = sort
        self.reload()

    def selected_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.id_at(row) for row in rows]

    def selected_rows(self) -> list[StatementRow]:
        ids = self.selected_ids()
        service = self.loader.service
        if service is None or not ids:
            return []
        found = service.rows(ids)
        return [found[i] for i in ids if i in found]

    # --- acting ----------------------------------------------------------------------------

    def open_row(self, row: int) -> None:
        record = self.model.row(row)
        if record is not None:
            self.opened.emit(record.document_id, record.id)

    def recode_selected(self, what: str) -> bool:
        return self.recoder.recode(what, self.selected_rows())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.table.currentIndex().isValid()
        ):
            self.open_row(self.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def _on_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        open_action = menu.addAction(self.tr("Open in the Article"))
        open_action.triggered.connect(lambda: self.open_row(self.table.currentIndex().row()))
        menu.addSeparator()
        menu.addActions(list(self.recode_actions.values()))
        menu.addSeparator()
        menu.addAction(self.copy_action)
        menu.addAction(self.tr("Export Shown…")).triggered.connect(self.export_shown)
        menu.popup(self.table.viewport().mapToGlobal(point))

    def _remember_columns(self, *_args: object) -> None:
        """Keep the columns as the analyst left them (order, widths, hidden, sort)."""
        if self._settings is not None:
            self._settings.set_statement_columns(self.table.horizontalHeader().saveState())

    def _on_header_menu(self, point: QPoint) -> None:
        menu = header_menu(self, self.table, self.filters.text, point, self._remember_columns)
        menu.popup(self.table.horizontalHeader().mapToGlobal(point))

    def shown_columns(self) -> list[str]:
        """The visible columns' keys, in the order they are shown."""
        return shown_columns(self.table)

    def copy_selected(self) -> None:
        """Ctrl+C: the selected rows' shown columns, tab-separated, for a spreadsheet."""
        rows = self.selected_rows()
        if rows:
            QGuiApplication.clipboard().setText(rows_as_text(rows, self.shown_columns()))
            self._report(self.tr("Copied {0} rows").format(len(rows)))

    def export_shown(self, path: Path | None = None) -> Task | None:
        """Write the rows shown (this filter, this order) with the columns shown to CSV,
        off the GUI thread, with progress and Cancel."""
        project = self._session.project
        if project is None:
            return None
        if path is None:
            path = self._dialogs.save_file(
                self.tr("Export Shown Statements"), self.tr("CSV files (*.csv)"), "statements.csv"
            )
            if path is None:
                return None
        if path.suffix == "":
            path = path.with_suffix(".csv")
        columns, request, loader = self.shown_columns(), self.request(), self.loader

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
            chosen = loader.resolve(request)  # a search query's matches, as shown
            return export_statement_rows(
                project, chosen, request.sort, columns, path, progress=progress, cancelled=cancelled
            )

        task = self._session.adopt(run_task(self, self.tr("Exporting statements"), work))
        task.done.connect(
            lambda count: self._report(self.tr("Wrote {0} rows to {1}").format(count, path))
        )
        task.failed.connect(lambda message: self._dialogs.warning(self.tr("Not exported"), message))
        self.export_task = task
        return task
