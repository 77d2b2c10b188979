"""Help: the keyboard shortcuts and the About box."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import __version__

SHORTCUTS = (
    ("Ctrl+R", "Recode the selected annotation (actor; or claim, speaker, stance)"),
    ("Ctrl+E", "Edit the note of the selected annotation"),
    ("Shift+Alt+Left / Right", "Move the end of the selected annotation"),
    ("Shift+Alt+Up / Down", "Move the start of the selected annotation"),
    ("Ctrl+I", "Import files (or drop them on the window)"),
    ("A", "Code the selection as an actor mention"),
    ("S", "Code the selection as a statement (claim, speaker, stance)"),
    ("1 2 3 …", "Pick a stance in the stance picker"),
    ("Enter / Esc", "Confirm / cancel a picker"),
    ("Delete", "Delete the annotation selected in the table"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
    ("Ctrl+F", "Go to the search box"),
    ("F3 / Shift+F3", "Next / previous search hit in the article"),
    ("Ctrl+PgDown / Ctrl+PgUp", "Next / previous document"),
    ("Ctrl+O", "Open a project"),
)


def show_shortcuts(parent: QWidget) -> None:
    rows = "".join(
        f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{parent.tr(what)}</td></tr>"
        for keys, what in SHORTCUTS
    )
    QMessageBox.information(parent, parent.tr("Keyboard shortcuts"), f"<table>{rows}</table>")


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        parent.tr("About Annotator"),
        parent.tr(
            "<b>Annotator {v}</b><p>Code actors, claims and stance in news articles."
            "<p>Qt {qt}, PySide6 {ps}"
        ).format(v=__version__, qt=qVersion(), ps=pyside_version),
    )
