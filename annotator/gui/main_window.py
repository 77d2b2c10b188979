"""The main window: the article in the middle; documents, search, codebook and annotations
in docks; menus and keys from the action table.

The window only assembles. State lives in the :class:`~annotator.gui.session.ProjectSession`;
each part subscribes to the session's signals and to the change sets of its bus and redraws
itself (views push operations on the undo stack and never change data themselves).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.action_table import ACTIONS
from annotator.gui.actions import ActionSet
from annotator.gui.annotation_model import AnnotationTableModel
from annotator.gui.article_controller import ArticleController
from annotator.gui.article_view import ArticleView
from annotator.gui.codebook_actions import CodebookActions
from annotator.gui.codebook_cache import CodebookCache
from annotator.gui.codebook_panel import CodebookPanel
from annotator.gui.coding import CodingController
from annotator.gui.dialogs import Dialogs
from annotator.gui.dock_layout import add_dock, arrange, default_layout, first_size
from annotator.gui.document_list_model import DocumentListModel
from annotator.gui.documents_view import DocumentsView
from annotator.gui.file_actions import FileActions
from annotator.gui.index_keeper import IndexKeeper
from annotator.gui.preferences import PreferencesController
from annotator.gui.read_only_bar import ReadOnlyBar
from annotator.gui.search_panel import SearchPanel
from annotator.gui.session import ProjectSession
from annotator.gui.settings import Settings
from annotator.gui.shell import Shell
from annotator.gui.start_page import StartPage
from annotator.gui.statements_panel import StatementsPanel
from annotator.gui.status_counts import StatusCounts
from annotator.gui.undo import ProjectBus
from annotator.services.changes import ChangeSet
from annotator.services.demo import ensure_demo_project
from annotator.services.project import ProjectService

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, coder: str | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.setWindowTitle(self.tr("Annotator"))
        self.resize(first_size(self))
        self.setDockNestingEnabled(True)
        self.session = ProjectSession(coder, self)
        self.codebook_cache = CodebookCache(self.session, self)  # before the views (it
        self.dialogs = Dialogs(self, settings)  # must be fresh when they redraw)
        self.session.bus.failed.connect(
            lambda text: self.dialogs.warning(self.tr("Not done"), text)
        )
        report = self.statusBar().showMessage

        self.view = ArticleView()
        self.central = QStackedWidget()  # the start page, or the article once one is open
        self.setCentralWidget(self.central)
        self.article = ArticleController(self.session, self.codebook_cache, self.view, self)
        self.document_panel = DocumentsView(self.session, settings, self.dialogs)
        self.search_panel = SearchPanel(self.session)
        self.search_panel.result_opened.connect(self._on_result_opened)
        self.search_panel.started.connect(self._forget_hits)
        self.search_panel.cleared.connect(self._forget_hits)
        self.session.bus.replayed.connect(self._on_replayed)
        self.view.hit_changed.connect(
            lambda number, total: report(self.tr("Hit {0} of {1}").format(number, total))
        )
        self.codebook = CodebookPanel(self.codebook_cache)
        self.statements = StatementsPanel(
            self.session, self.codebook_cache, self.dialogs, report, settings
        )
        self.statements.opened.connect(lambda d, a: self._on_result_opened(d, [], -1, a))
        docks = {
            "documentDock": self._dock(self.tr("Documents"), "documentDock", self.document_panel),
            "searchDock": self._dock(self.tr("Search"), "searchDock", self.search_panel),
            "codebookDock": self._dock(self.tr("Codebook"), "codebookDock", self.codebook),
            "annotationDock": self._dock(
                self.tr("Annotations"), "annotationDock", self.article.table
            ),
            "statementsDock": self._dock(self.tr("Statements"), "statementsDock", self.statements),
        }
        self.files = FileActions(self, self.session, settings, self.dialogs, report)
        self.shell = Shell(
            window=self,
            session=self.session,
            codebook=self.codebook_cache,
            dialogs=self.dialogs,
            files=self.files,
            documents=self.document_panel,
            article=self.article,
            coding=CodingController(
                self, self.session, self.codebook_cache, self.article, self.dialogs, report
            ),
            codebook_actions=CodebookActions(
                self, self.codebook, self.session, self.codebook_cache, self.dialogs
            ),
            search=self.search_panel,
            index=IndexKeeper(self.session, self.search_panel, self),
            preferences=PreferencesController(
                self, self.session, self.view, settings, self.dialogs
            ),
            docks=docks,
            report=report,
        )
        self.action_set = ActionSet(self.shell, ACTIONS)
        self.shell.shortcut_rows = self.action_set.shortcut_rows
        self.counts = StatusCounts(self.session, self)
        self.statusBar().addPermanentWidget(self.counts)
        self.start_page = StartPage(
            new=self.files.new_project,
            open_=self.files.open_project,
            demo=lambda: self.files.open_path(ensure_demo_project()),
            open_path=self.files.open_path,
            recent=settings.recent_projects,
        )
        self.read_only_bar = ReadOnlyBar(self._reopen_for_writing)
        self.article_page = QWidget()
        page = QVBoxLayout(self.article_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addWidget(self.read_only_bar)
        page.addWidget(self.view)
        self.central.addWidget(self.start_page)
        self.central.addWidget(self.article_page)
        self.start_page.refresh()
        self.session.opened.connect(self._on_opened)
        self.session.closed.connect(self._on_closed)
        self.setAcceptDrops(True)
        geometry, state = settings.geometry(), settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        arrange(self)
        # The default layout is made for the size the window first shows at.
        self._layout_pending = state is None or not self.restoreState(state)

    # --- parts the tests and the app reach -----------------------------------------------

    @property
    def project(self) -> ProjectService | None:
        return self.session.project

    @property
    def undo_stack(self) -> QUndoStack:
        return self.session.undo_stack

    @property
    def bus(self) -> ProjectBus:
        return self.session.bus

    @property
    def coding(self) -> CodingController:
        return self.shell.coding

    @property
    def codebook_actions(self) -> CodebookActions:
        return self.shell.codebook_actions

    @property
    def documents(self) -> DocumentListModel:
        return self.document_panel.model

    @property
    def annotation_model(self) -> AnnotationTableModel:
        return self.article.model

    @property
    def document_list(self) -> QTableView:
        return self.document_panel.table

    @property
    def annotation_table(self) -> QTableView:
        return self.article.table

    # --- building ------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        return add_dock(self, title, name, widget)

    # --- project -------------------------------------------------------------------------

    def open_path(self, path: Path) -> bool:
        return self.files.open_path(path)

    def set_project(self, project: ProjectService) -> None:
        self.session.start(project)

    def show_document(self, document_id: str) -> None:
        """Show ``document_id`` (selected in the list; drawn again if it is shown)."""
        if self.session.document_id == document_id or not self.document_panel.select(document_id):
            self.session.show_document(document_id, again=True)

    def _on_opened(self) -> None:
        project = self.session.project
        assert project is not None
        suffix = self.tr(" [read-only]") if project.read_only_reason else ""
        self.setWindowTitle(f"{project.info().name} — Annotator{suffix}")
        if project.read_only_reason:
            self.statusBar().showMessage(project.read_only_reason)
        self.read_only_bar.show_reason(project.read_only_reason)
        self.central.setCurrentWidget(self.article_page)
        self.view.setFocus()  # the keys a coder presses first (arrows, A, S) go to the article

    def _reopen_for_writing(self) -> None:
        """Open the project again, for writing if the copy that held it has closed."""
        project = self.session.project
        if project is None:
            return
        path = project.path
        self.session.close()
        reopened = self.project if self.files.open_path(path) else None
        if reopened is not None and reopened.read_only_reason:
            self.dialogs.warning(self.tr("Still read-only"), reopened.read_only_reason)

    def _forget_hits(self) -> None:
        """A new search, or none: the old query's hits and its "Hit 2 of 7" go."""
        self.view.set_hits([])
        self.statusBar().clearMessage()

    def _on_closed(self) -> None:
        self.setWindowTitle(self.tr("Annotator"))
        self.statusBar().clearMessage()
        self.start_page.refresh()
        self.central.setCurrentWidget(self.start_page)

    def _on_result_opened(
        self, document_id: str, hits: list[tuple[int, int]], focus: int = -1, statement: str = ""
    ) -> None:
        if self.session.document_id != document_id and not self.document_panel.select(document_id):
            self.session.show_document(document_id)
        self.view.set_hits(hits, focus=None if focus < 0 else focus)
        if statement:  # selected in the Annotations table too: Ctrl+R, Ctrl+E act on it
            self.article.select(statement)

    def _on_replayed(self, changes: ChangeSet, span: tuple[int, int] | None = None) -> None:
        """After an undo or redo, show what it changed: its document (when another one is
        shown) and, when it still exists, the annotation it touched."""
        # Only documents that are there (an undone import or load took its own away), and
        # the coded ones when there are any: they are what the step was about.
        wanted = sorted(
            changes.annotated_documents | changes.documents | changes.details | changes.statuses
        )
        there = (
            {d.id for d in self.project.document_summaries_for(wanted)} if self.project else set()
        )
        coded = [d for d in sorted(changes.annotated_documents) if d in there]
        documents = coded or [d for d in wanted if d in there]
        if not documents:
            return
        if self.session.document_id not in documents:
            target = documents[0]
            if not self.document_panel.select(target):
                self.session.show_document(target)
        for annotation_id in sorted(changes.annotations):
            if self.article.annotation(annotation_id) is not None:
                self.article.select(annotation_id)
                return
        if span is not None and span[1] <= len(self.view.text):
            self.view.select_span(*span)  # what was undone is gone: show where it was

    # --- events --------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files.import_files(paths)

    def showEvent(self, event: QShowEvent) -> None:
        if self._layout_pending:
            self._layout_pending = False
            default_layout(self, self.shell.docks)
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()
        self.session.close()
        super().closeEvent(event)
