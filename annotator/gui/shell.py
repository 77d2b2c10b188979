"""What an action handler can reach: the window's parts, handed over as one object (so no
module needs to import the main window, and a new action is one line in the table)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QDockWidget, QMainWindow

from annotator.gui.article_controller import ArticleController
from annotator.gui.codebook_actions import CodebookActions
from annotator.gui.codebook_cache import CodebookCache
from annotator.gui.coding import CodingController
from annotator.gui.dialogs import Dialogs
from annotator.gui.documents_view import DocumentsView
from annotator.gui.file_actions import FileActions
from annotator.gui.index_keeper import IndexKeeper
from annotator.gui.preferences import PreferencesController
from annotator.gui.search_panel import SearchPanel
from annotator.gui.session import ProjectSession


@dataclass(slots=True)
class Shell:
    window: QMainWindow
    session: ProjectSession
    codebook: CodebookCache
    dialogs: Dialogs
    files: FileActions
    documents: DocumentsView
    article: ArticleController
    coding: CodingController
    codebook_actions: CodebookActions
    search: SearchPanel
    index: IndexKeeper
    preferences: PreferencesController
    docks: dict[str, QDockWidget]
    report: Callable[[str], None]
    """Shows a short message in the status bar."""
    shortcut_rows: Callable[[], list[tuple[str, str]]] = list
    """(keys, what they do) of every action with keys (set once the actions are built)."""

    def show_dock(self, name: str) -> QDockWidget:
        dock = self.docks[name]
        dock.show()
        dock.raise_()
        return dock
