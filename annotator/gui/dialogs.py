"""Every modal question the window asks goes through one :class:`Dialogs` object.

One seam for tests (they replace a method rather than wait for a modal window to appear and
poke it from a timer), and one place that knows where file dialogs start: the folder used
last, else the user's documents folder (never the program's folder).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from annotator.gui.plain_text import message_box
from annotator.gui.settings import Settings


class Dialogs:
    def __init__(self, parent: QWidget, settings: Settings) -> None:
        self._parent = parent
        self._settings = settings

    # --- any dialog ------------------------------------------------------------------------

    def run(self, dialog: QDialog) -> bool:
        """Show ``dialog`` modally; True when it was accepted."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    # --- files -----------------------------------------------------------------------------

    def start_folder(self) -> str:
        last = self._settings.last_folder()
        if last is not None and last.is_dir():
            return str(last)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return documents if documents and Path(documents).is_dir() else str(Path.home())

    def _used(self, path: Path) -> Path:
        self._settings.set_last_folder(path if path.is_dir() else path.parent)
        return path

    def open_files(self, title: str, filters: str) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(self._parent, title, self.start_folder(), filters)
        return [self._used(Path(name)) for name in names]

    def open_file(self, title: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self._parent, title, self.start_folder(), filters)
        return self._used(Path(name)) if name else None

    def save_file(self, title: str, filters: str, suggested: str = "") -> Path | None:
        start = str(Path(self.start_folder()) / suggested) if suggested else self.start_folder()
        name, _ = QFileDialog.getSaveFileName(self._parent, title, start, filters)
        return self._used(Path(name)) if name else None

    def folder(self, title: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(self._parent, title, self.start_folder())
        return self._used(Path(name)) if name else None

    # --- values ----------------------------------------------------------------------------

    def item(self, title: str, label: str, items: list[str]) -> str | None:
        value, accepted = QInputDialog.getItem(self._parent, title, label, items, 0, False)
        return value if accepted else None

    def text(self, title: str, label: str, value: str = "") -> str | None:
        """A line of text, trimmed; None when cancelled or empty."""
        text, accepted = QInputDialog.getText(self._parent, title, label, text=value)
        return text.strip() if accepted and text.strip() else None

    def multiline(self, title: str, label: str, value: str = "") -> str | None:
        """Several lines of text; Ctrl+Enter (or OK) takes them, Enter is a new line."""
        dialog = QInputDialog(self._parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setTextValue(value)
        editor = dialog.findChild(QPlainTextEdit)
        if editor is not None:  # the text box takes Ctrl+Enter as a new line unless told
            taker = CtrlEnterAccepts(dialog)
            editor.installEventFilter(taker)
        return dialog.textValue() if self.run(dialog) else None

    def colour(self, current: str) -> str | None:
        colour = QColorDialog.getColor(QColor(current or "#888888"), self._parent)
        return colour.name() if colour.isValid() else None

    # --- messages --------------------------------------------------------------------------

    def warning(self, title: str, text: str) -> None:
        message_box(QMessageBox.Icon.Warning, title, text, self._parent).exec()

    def information(self, title: str, text: str) -> None:
        message_box(QMessageBox.Icon.Information, title, text, self._parent).exec()

    def confirm(self, title: str, text: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        box = message_box(QMessageBox.Icon.Question, title, text, self._parent, buttons)
        return box.exec() == QMessageBox.StandardButton.Yes


class CtrlEnterAccepts(QObject):
    """Ctrl+Enter in a dialog's text box accepts the dialog (Enter stays a new line)."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._dialog.accept()
            return True
        return super().eventFilter(watched, event)
