"""The window's docks: where each goes, and the default layout (used until the user's own is
saved), in proportion to the window so that it works at 1280x720 as well as larger."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

AREAS = {
    "documentDock": Qt.DockWidgetArea.LeftDockWidgetArea,
    "searchDock": Qt.DockWidgetArea.RightDockWidgetArea,
    "codebookDock": Qt.DockWidgetArea.RightDockWidgetArea,
    "annotationDock": Qt.DockWidgetArea.BottomDockWidgetArea,
    "statementsDock": Qt.DockWidgetArea.BottomDockWidgetArea,
}

DOCUMENTS_WIDTH = 0.32
RIGHT_WIDTH = 0.26
"""Of the window's width: the Documents dock, and the Search and Codebook column."""
ANNOTATIONS_HEIGHT = 0.29
"""Of the window's height: the Annotations dock (6 rows at 1280x720)."""
SEARCH_SHARE = 0.55
"""Of the right column's height: search results, the rest the codebook."""


def add_dock(window: QMainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)  # saveState() finds docks by name
    dock.setWidget(widget)
    window.addDockWidget(AREAS[name], dock)
    return dock


def arrange(window: QMainWindow) -> None:
    """The Search and Codebook column takes the window's whole height (the Annotations
    dock goes under the documents and the article only): the codebook has room for its
    actors and claims and the search for its results."""
    window.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    # The Statements table waits closed until View → Statements (show_beside) asks for it:
    # a tab bar under the Annotations table would cost it a row at 1280x720.
    statements = window.findChild(QDockWidget, "statementsDock")
    if statements is not None:
        statements.hide()


def show_beside(window: QMainWindow, dock: QDockWidget, beside: QDockWidget, share: float) -> None:
    """Show ``dock`` (a tab beside ``beside`` when it was closed and both are docked), in
    front, ``share`` of the window's height tall."""
    if dock.isHidden() and not beside.isHidden() and not beside.isFloating():
        window.tabifyDockWidget(beside, dock)
    dock.show()
    dock.raise_()
    if not dock.isFloating():
        window.resizeDocks([dock], [round(window.height() * share)], Qt.Orientation.Vertical)


def default_layout(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    width, height = window.width(), window.height()
    window.resizeDocks(
        [docks["documentDock"], docks["searchDock"]],
        [round(width * DOCUMENTS_WIDTH), round(width * RIGHT_WIDTH)],
        Qt.Orientation.Horizontal,
    )
    window.resizeDocks(
        [docks["annotationDock"]], [round(height * ANNOTATIONS_HEIGHT)], Qt.Orientation.Vertical
    )
    window.resizeDocks(
        [docks["searchDock"], docks["codebookDock"]],
        [round(height * SEARCH_SHARE), round(height * (1 - SEARCH_SHARE))],
        Qt.Orientation.Vertical,
    )


def first_size(window: QMainWindow) -> QSize:
    """1400 x 860, or less to fit the screen (a new analyst's 1280 x 720 cut off the Search
    dock and the status bar); a saved geometry replaces it once the window has been used."""
    screen = window.screen()
    room = screen.availableGeometry().size() if screen is not None else QSize()
    if room.width() < 1024 or room.height() < 600:
        # Too small to show the window at all (or a test's virtual screen): leave it to
        # the window manager.
        return QSize(1400, 860)
    return QSize(min(1400, room.width()), min(860, room.height()))
