"""A bar above the article while the project is open read-only (issue #16.7): why (who holds
it for writing), and a button to reopen it for writing once that copy has closed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class ReadOnlyBar(QWidget):
    def __init__(self, reopen: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBar")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.ToolTipBase))
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.ToolTipText)
        )
        self.setPalette(palette)
        self.reason = QLabel()
        self.reason.setObjectName("readOnlyReason")
        self.reason.setTextFormat(Qt.TextFormat.PlainText)  # names of people and files
        self.reason.setWordWrap(True)
        self.reopen = QPushButton(self.tr("Reopen for Writing"))
        self.reopen.setObjectName("reopenForWriting")
        self.reopen.clicked.connect(lambda _checked=False: reopen())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.reopen)
        self.hide()

    def show_reason(self, reason: str | None) -> None:
        """Show the bar with ``reason`` (read-only), or hide it (None: writable)."""
        if reason:
            # The lock's message advises opening read-only: here it already is.
            reason = reason.split(" It can be opened read-only")[0]
            self.reason.setText(self.tr("Read-only: {0}").format(reason))
            self.show()
        else:
            self.hide()
