"""The main window: documents, the article, search, annotations and codebook in docks.

The window wires views to the project: views push operations on the undo stack
(:mod:`annotator.gui.undo`), and every view redraws from the change set the
:class:`~annotator.gui.undo.ProjectBus` announces, never from the operation itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.records import AnnotationRecord
from annotator.gui.annotation_model import AnnotationRow, AnnotationTableModel
from annotator.gui.article_view import ACTOR_KIND_COLOURS, CLAIM_PALETTE, ArticleView
from annotator.gui.codebook_actions import CodebookActions
from annotator.gui.codebook_panel import CodebookPanel
from annotator.gui.coding import CodingController
from annotator.gui.document_list_model import DocumentListModel
from annotator.gui.file_actions import FileActions
from annotator.gui.help_dialogs import show_about, show_shortcuts
from annotator.gui.roles import IdRole, SortRole
from annotator.gui.search_panel import SearchPanel
from annotator.gui.settings import Settings
from annotator.gui.tasks import Task, Work, run_task
from annotator.gui.undo import OpCommand, ProjectBus
from annotator.services.changes import ChangeSet
from annotator.services.operations import Operation
from annotator.services.project import ProjectService
from annotator.services.search import SearchService

log = logging.getLogger(__name__)

IDLE_MERGE_MS = 60_000


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, coder: str | None = None) -> None:
        super().__init__()
        self.settings = self._settings = settings
        self._coder_name = coder
        self._project: ProjectService | None = None
        self._search: SearchService | None = None
        self._document_id: str | None = None
        self._claim_colours: dict[str, str] = {}
        self._index_task: Task | None = None
        self._backup_task: Task | None = None
        # Many small index commits slow queries 3-6x (DESIGN.md §6): merge the index's
        # segments once the analyst has paused for a while.
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MERGE_MS)
        self._idle.timeout.connect(self._on_idle)
        self.setWindowTitle(self.tr("Annotator"))
        self.resize(1400, 860)
        self.setDockNestingEnabled(True)

        self.undo_stack = QUndoStack(self)
        self.bus = ProjectBus(self)
        self.bus.changed.connect(self._on_changed)
        self.bus.failed.connect(self._on_failed)

        self.view = ArticleView()
        self.setCentralWidget(self.view)
        self.view.cursorPositionChanged.connect(self._on_cursor_moved)
        self.coding = CodingController(
            self, self.view, self.undo_stack, self.bus, self.statusBar().showMessage
        )

        self._build_document_dock()
        self._build_annotation_dock()
        self.search_panel = SearchPanel()
        self.search_panel.result_opened.connect(self._on_result_opened)
        self._dock(
            self.tr("Search"),
            "searchDock",
            self.search_panel,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.codebook = CodebookPanel()
        self._dock(
            self.tr("Codebook"),
            "codebookDock",
            self.codebook,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.codebook_actions = CodebookActions(self, self.codebook, self.undo_stack, self.bus)
        self.files = FileActions(self)
        self.setAcceptDrops(True)
        self._counts = QLabel()
        self.statusBar().addPermanentWidget(self._counts)
        self._build_actions()
        geometry, state = settings.geometry(), settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is None or not self.restoreState(state):
            self._default_layout()

    # --- building ------------------------------------------------------------------------

    def _default_layout(self) -> None:
        docks = {dock.objectName(): dock for dock in self.findChildren(QDockWidget)}
        self.resizeDocks(
            [docks["documentDock"], docks["searchDock"]], [380, 340], Qt.Orientation.Horizontal
        )
        self.resizeDocks([docks["annotationDock"]], [180], Qt.Orientation.Vertical)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState() finds docks by name
        dock.setWidget(widget)
        self.addDockWidget(area, dock)

    def _build_document_dock(self) -> None:
        self.documents = DocumentListModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self.documents)
        self._proxy.setSortRole(SortRole)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._proxy.setFilterKeyColumn(-1)
        self._filter = QLineEdit()
        self._filter.setObjectName("documentFilter")
        self._filter.setPlaceholderText(self.tr("Filter documents"))
        self._filter.setClearButtonEnabled(True)
        self._filter.textChanged.connect(self._proxy.setFilterFixedString)
        self.document_list = QTableView()
        self.document_list.setObjectName("documentList")
        self.document_list.setModel(self._proxy)
        self.document_list.setSortingEnabled(True)
        self.document_list.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.document_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.document_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.document_list.verticalHeader().hide()
        self.document_list.setWordWrap(False)
        header = self.document_list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.document_list.selectionModel().selectionChanged.connect(self._on_document_selected)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._filter)
        layout.addWidget(self.document_list)
        self._dock(self.tr("Documents"), "documentDock", box, Qt.DockWidgetArea.LeftDockWidgetArea)

    def _build_annotation_dock(self) -> None:
        self.annotation_model = AnnotationTableModel(self)
        self.annotation_table = QTableView()
        self.annotation_table.setObjectName("annotationTable")
        self.annotation_table.setModel(self.annotation_model)
        self.annotation_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.annotation_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.annotation_table.verticalHeader().hide()
        # Fixed widths and row heights: sizing to contents asks every cell of a 1,000-row
        # table for its size on each change (2.4 million data() calls, measured).
        header = self.annotation_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the quote
        for column, width in ((0, 80), (2, 160), (3, 240), (4, 80), (5, 160), (6, 90)):
            header.resizeSection(column, width)
        rows = self.annotation_table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.annotation_table.setWordWrap(False)
        self.annotation_table.selectionModel().selectionChanged.connect(
            self._on_annotation_selected
        )
        self._dock(
            self.tr("Annotations"),
            "annotationDock",
            self.annotation_table,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        menu: object = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        # triggered(bool) would hand its "checked" flag to the slot's first parameter (a
        # path list, a dataset path): slots are called with no arguments at all.
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)  # shortcuts work wherever the focus is in the window
        if menu is not None:
            menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._action(self.tr("&New Project…"), self.files.new_project, keys.New, file_menu)
        self._action(self.tr("&Open Project…"), self.files.open_project, keys.Open, file_menu)
        file_menu.addMenu(self.files.recent_menu)
        file_menu.addSeparator()
        self._action(self.tr("&Import Files…"), self.files.import_files, "Ctrl+I", file_menu)
        self._action(self.tr("Import &Coded Dataset…"), self.files.load_dataset, None, file_menu)
        self._action(self.tr("&Export Dataset…"), self.files.export, "Ctrl+Shift+E", file_menu)
        file_menu.addSeparator()
        self._action(self.tr("&Close Project"), self._close_and_clear, keys.Close, file_menu)
        quit_action = self._action(self.tr("&Quit"), self.close, None, file_menu)
        # Linux desktops have no standard Quit key (Qt returns none): Ctrl+Q then.
        quit_action.setShortcuts(QKeySequence.keyBindings(keys.Quit) or [QKeySequence("Ctrl+Q")])

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcuts(keys.Undo)
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        # The platform's own keys (Ctrl+Y and Ctrl+Shift+Z on Linux and Windows): a key
        # listed twice made Qt call the shortcut ambiguous and do nothing.
        redo.setShortcuts(keys.Redo)
        self.addActions([undo, redo])
        edit_menu.addActions([undo, redo])

        code_menu = self.menuBar().addMenu(self.tr("&Code"))
        self.mention_action = self._action(
            self.tr("Actor &Mention"), self.coding.code_mention, "A", code_menu
        )
        self.statement_action = self._action(
            self.tr("&Statement"), self.coding.code_statement, "S", code_menu
        )
        self._action(self.tr("&Recode…"), self._on_recode_triggered, "Ctrl+R", code_menu)
        self._action(self.tr("Edit &Note…"), self._on_note_triggered, "Ctrl+E", code_menu)
        adjust = code_menu.addMenu(self.tr("Adjust &Boundaries"))
        for text, key, edge, step in (
            (self.tr("Extend End"), "Shift+Alt+Right", "end", 1),
            (self.tr("Shrink End"), "Shift+Alt+Left", "end", -1),
            (self.tr("Extend Start"), "Shift+Alt+Up", "start", -1),
            (self.tr("Shrink Start"), "Shift+Alt+Down", "start", 1),
        ):
            self._action(text, self._adjuster(edge, step), key, adjust)
        self.delete_action = self._action(
            self.tr("&Delete Annotation"), self._on_delete_triggered, keys.Delete, code_menu
        )
        # Single letters code only while the article has the focus (elsewhere they are
        # typing or list navigation).
        for action in (self.mention_action, self.statement_action):
            self.removeAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        self._action(
            self.tr("&Next Document"), lambda: self._step_document(1), "Ctrl+PgDown", go_menu
        )
        self._action(
            self.tr("&Previous Document"), lambda: self._step_document(-1), "Ctrl+PgUp", go_menu
        )
        self._action(self.tr("&Find"), self._on_find_triggered, keys.Find, go_menu)
        self._action(self.tr("Next &Hit"), lambda: self.view.next_hit(1), "F3", go_menu)
        self._action(self.tr("Rebuild Search &Index"), self._on_reindex_triggered, None, go_menu)
        self._action(self.tr("Previous H&it"), lambda: self.view.next_hit(-1), "Shift+F3", go_menu)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(self.tr("&Keyboard Shortcuts"), lambda: show_shortcuts(self), None, help_menu)
        self._action(self.tr("&About Annotator"), lambda: show_about(self), None, help_menu)

        toolbar = self.addToolBar(self.tr("Coding"))
        toolbar.setObjectName("codingToolbar")
        toolbar.addActions([self.mention_action, self.statement_action, self.delete_action])
        toolbar.addSeparator()
        toolbar.addActions([undo, redo])

    # --- project -------------------------------------------------------------------------

    @property
    def project(self) -> ProjectService | None:
        return self._project

    def set_project(self, project: ProjectService) -> None:
        self._close_project()
        self._project = project
        self._search = SearchService(project)
        self.search_panel.search = self._search
        self.coding.project = project
        self.codebook_actions.project = project
        self.coding.coder_id = (
            None if project.read_only_reason else (project.ensure_coder(self._coder_name).id)
        )
        info = project.info()
        suffix = self.tr(" [read-only]") if project.read_only_reason else ""
        self.setWindowTitle(f"{info.name} — Annotator{suffix}")
        self._refresh_codebook()
        self._prepare_index()
        self.documents.set_documents(project.document_summaries())
        self._update_counts()
        last = self._settings.last_document(project.path)
        self._select_document(last)
        if self._document_id is None and self._proxy.rowCount():
            self.document_list.selectRow(0)
        self._settings.set_last_project(project.path)
        if project.read_only_reason:
            self.statusBar().showMessage(project.read_only_reason)

    def _prepare_index(self) -> None:
        """Bring the search index up to date in the background (a first open or a damaged
        index means a rebuild, which must not freeze the window)."""
        search = self._search
        assert search is not None
        if search.index.status().usable:
            return
        self._index_work(
            self.tr("Building the search index"),
            lambda progress, cancelled: search.ensure_current(progress, cancelled),
        )

    def _index_work(self, title: str, work: Work, *, quiet: bool = False) -> None:
        """Run index work in the background; searching waits until it is done."""
        self.search_panel.busy = True
        self._index_task = run_task(self, title, work, quiet=quiet)
        self._index_task.done.connect(self._on_index_ready)
        self._index_task.failed.connect(self._on_index_ready)

    def _on_index_ready(self, _result: object) -> None:
        self.search_panel.busy = False

    def _close_project(self) -> None:
        for task in (self._index_task, self.search_panel.task, self._backup_task):
            if task is not None and task.running:
                task.cancel_and_wait()  # a backup is not cancellable: this waits for it
        self._index_task = self._backup_task = None
        self.undo_stack.clear()
        self._document_id = None
        self.coding.document_id = None
        if self._search is not None:
            self._search.close()
            self._search = None
        if self._project is not None:
            self._project.close()
            self._project = None

    def open_path(self, path: Path) -> bool:
        try:
            project = ProjectService.open(path, fallback_read_only=True, backup=False)
        except AnnotatorError as error:
            QMessageBox.warning(self, self.tr("Cannot open project"), str(error))
            return False
        self.set_project(project)
        # The periodic backup copies the whole file: seconds for a large project, so not here.
        self._backup_task = run_task(
            self, self.tr("Backing up"), lambda _p, _c: project.backup_if_due(), quiet=True
        )
        return True

    def show_document(self, document_id: str) -> None:
        if self._project is None:
            return
        self._document_id = document_id
        self.coding.document_id = document_id
        self._settings.set_last_document(self._project.path, document_id)
        self.view.set_text(self._project.document(document_id).text)
        self._refresh_annotations()

    # --- redrawing -----------------------------------------------------------------------

    def _refresh_codebook(self) -> None:
        assert self._project is not None
        claims = self._project.claims()
        self._claim_colours = {
            c.id: c.colour or CLAIM_PALETTE[i % len(CLAIM_PALETTE)] for i, c in enumerate(claims)
        }
        self._actors = {a.id: a for a in self._project.actors()}
        self._claims = {c.id: c for c in claims}
        self.codebook.set_codebook(list(self._actors.values()), claims, self._claim_colours)

    def _refresh_annotations(self, changed_ids: list[str] | None = None) -> None:
        """Reload the current document's annotations (only ``changed_ids`` when given)."""
        if self._project is None or self._document_id is None:
            return
        if changed_ids is not None:
            fresh = self._project.annotations_by_id(changed_ids)
            kept = [
                a for a in self.coding.annotations if a.id not in fresh and a.id not in changed_ids
            ]
            mine = [a for a in fresh.values() if a.document_id == self._document_id]
            annotations = sorted([*kept, *mine], key=lambda a: (a.start, a.end, a.id))
        else:
            annotations = self._project.annotations(self._document_id)
        self.coding.annotations = annotations
        rows, describe = [], {}
        for a in annotations:
            actor = self._actors.get(a.actor_id or "")
            claim = self._claims.get(a.claim_id or "")
            rows.append(
                AnnotationRow(
                    a.id,
                    a.kind,
                    a.start,
                    a.end,
                    a.exact,
                    actor.name if actor else "",
                    claim.label if claim else "",
                    a.stance or "",
                    a.note,
                )
            )
            describe[a.id] = (self._colour_of(a), self._describe(a, rows[-1]))
        self.annotation_model.set_rows(rows)
        if changed_ids is None:
            self.view.set_annotations(annotations, describe)
        else:
            by_id = {a.id: a for a in annotations}
            self.view.update_annotations({i: by_id.get(i) for i in changed_ids}, describe)

    def _colour_of(self, annotation: AnnotationRecord) -> str:
        if annotation.kind == "statement":
            return self._claim_colours.get(annotation.claim_id or "", "#cccccc")
        actor = self._actors.get(annotation.actor_id or "")
        if actor is not None and actor.colour:
            return actor.colour  # an actor's own colour wins over its kind's
        return ACTOR_KIND_COLOURS.get(actor.kind if actor else "other", "#7f7f7f")

    def _describe(self, annotation: AnnotationRecord, row: AnnotationRow) -> str:
        if annotation.kind == "mention":
            return self.tr("Mention of {0}").format(row.actor)
        speaker = row.actor or self.tr("(no speaker)")
        text = self.tr("{s} — {c}: {st}").format(s=speaker, c=row.claim, st=row.stance or "–")
        return text + (f"\n{row.note}" if row.note else "")

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

    def _on_changed(self, changes: ChangeSet, _initiator: object) -> None:
        if self._project is None:
            return
        self._idle.start()
        if changes.actors or changes.claims:
            self._refresh_codebook()
        if changes.documents:
            current = self._document_id
            self.documents.set_documents(self._project.document_summaries())
            self._select_document(current)
        elif changes.annotated_documents:
            # Only counts changed: update those rows (a reset would lose the selection
            # and scroll position, and reload every document).
            self.documents.update_documents(
                self._project.document_summaries_for(sorted(changes.annotated_documents))
            )
        if changes.actors or changes.claims:
            self._refresh_annotations()
        elif self._document_id in changes.annotated_documents:
            self._refresh_annotations(sorted(changes.annotations))
        self._update_counts()

    def _on_reindex_triggered(self) -> None:
        search = self._search
        if search is None or self.search_panel.busy:
            return
        self._index_work(
            self.tr("Rebuilding the search index"),
            lambda progress, cancelled: search.rebuild(progress, cancelled),
        )

    def _on_idle(self) -> None:
        search = self._search
        if search is None or self.search_panel.busy or not search.index.status().usable:
            return
        self._index_work(
            self.tr("Optimising the search index"),
            lambda _p, _c: search.merge_segments(),
            quiet=True,
        )

    def _on_failed(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Not done"), message)

    # --- selection -----------------------------------------------------------------------

    def _select_document(self, document_id: str | None) -> None:
        for row in range(self._proxy.rowCount()):
            if self._proxy.index(row, 0).data(IdRole) == document_id:
                self.document_list.selectRow(row)
                return

    def _on_document_selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        if selected.indexes():
            document_id = selected.indexes()[0].data(IdRole)
            if document_id != self._document_id:
                self.show_document(document_id)

    def _step_document(self, step: int) -> None:
        rows = self._proxy.rowCount()
        if not rows:
            return
        current = self.document_list.currentIndex().row()
        self.document_list.selectRow(max(0, min(rows - 1, current + step)))

    def _on_annotation_selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        if selected.indexes():
            row = self.annotation_model.annotation(selected.indexes()[0].row())
            self.view.select_span(row.start, row.end)

    def _on_cursor_moved(self) -> None:
        position = self.view.to_codepoint(self.view.textCursor().position())
        for a in self.coding.annotations:
            if a.start <= position < a.end:
                row = self.annotation_model.row_of(a.id)
                if row != self.annotation_table.currentIndex().row():
                    blocker = self.annotation_table.selectionModel().blockSignals(True)
                    self.annotation_table.selectRow(row)
                    self.annotation_table.selectionModel().blockSignals(blocker)
                return

    def _on_result_opened(self, document_id: str, hits: list[tuple[int, int]]) -> None:
        self._select_document(document_id)
        if self._document_id != document_id:
            self.show_document(document_id)
        self.view.set_hits(hits)

    # --- actions -------------------------------------------------------------------------

    def _current_annotation_id(self) -> str | None:
        index = self.annotation_table.currentIndex()
        return self.annotation_model.annotation(index.row()).id if index.isValid() else None

    def _adjuster(self, edge: str, step: int) -> Callable[[], None]:
        def adjust() -> None:
            annotation_id = self._current_annotation_id()
            if annotation_id is not None:
                self.coding.adjust(annotation_id, edge, step)
                self._select_annotation(annotation_id)

        return adjust

    def _select_annotation(self, annotation_id: str) -> None:
        row = self.annotation_model.row_of(annotation_id)
        if row >= 0:
            self.annotation_table.selectRow(row)

    def _on_recode_triggered(self) -> None:
        annotation_id = self._current_annotation_id()
        if annotation_id is not None:
            self.coding.recode(annotation_id)

    def _on_note_triggered(self) -> None:
        annotation_id = self._current_annotation_id()
        if annotation_id is not None:
            self.coding.edit_note(annotation_id)

    def record_applied(self, inverse: Operation, text: str, changes: ChangeSet) -> None:
        """Put work already applied (an import) on the undo stack as one step."""
        if self._project is not None:
            self.undo_stack.push(
                OpCommand.already_applied(self._project, self.bus, inverse, text, changes)
            )

    def _close_and_clear(self) -> None:
        self._close_project()
        self.documents.set_documents([])
        self.annotation_model.set_rows([])
        self.view.set_text("")
        self.setWindowTitle(self.tr("Annotator"))
        self._update_counts()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files.import_files(paths)

    def _on_delete_triggered(self) -> None:
        index = self.annotation_table.currentIndex()
        if index.isValid():
            self.coding.delete(self.annotation_model.annotation(index.row()).id)

    def _on_find_triggered(self) -> None:
        self.search_panel.input.setFocus()
        self.search_panel.input.selectAll()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.set_geometry(self.saveGeometry())
        self._settings.set_window_state(self.saveState())
        self._settings.sync()
        self._close_project()
        super().closeEvent(event)
