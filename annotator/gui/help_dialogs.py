"""Help: the keyboard shortcuts and the About box."""

from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import __version__
from annotator.gui.dialogs import Dialogs

OTHER_KEYS = (
    ("1 2 3 …", "Pick a stance in the stance picker (and finish the statement)"),
    ("Enter / Esc", "Confirm / cancel a picker"),
    ("Ctrl+wheel", "Make the article's text larger or smaller"),
)
"""Keys that are not menu commands (the rest come from the action table)."""


def show_shortcuts(parent: QWidget, dialogs: Dialogs, rows: list[tuple[str, str]]) -> None:
    lines = [(keys, what) for keys, what in rows]
    lines += [(keys, parent.tr(what)) for keys, what in OTHER_KEYS]
    table = "".join(
        f"<tr><td><b>{html.escape(keys)}</b>&nbsp;&nbsp;</td><td>{html.escape(what)}</td></tr>"
        for keys, what in lines
    )
    box = QMessageBox(
        QMessageBox.Icon.Information,
        parent.tr("Keyboard shortcuts"),
        f"<table>{table}</table>",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("shortcutsBox")
    box.setTextFormat(Qt.TextFormat.RichText)  # the table (every text in it is escaped)
    dialogs.run(box)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        parent.tr("About Annotator"),
        parent.tr(
            "<b>Annotator {v}</b><p>Code actors, claims and stance in news articles."
            "<p>Qt {qt}, PySide6 {ps}"
        ).format(v=__version__, qt=qVersion(), ps=pyside_version),
    )
