"""Keys of the search box and its results list.

- Down in the box goes into the results (the first one selected); Up from the first result
  comes back to the box.
- Ctrl+Z (and Ctrl+Shift+Z / Ctrl+Y) in the box undo (redo) the typing not yet searched; when
  there is none, they undo (redo) the last coding step, as they do everywhere else in the
  window. Running a search keeps its query: the typing before it is no longer undone.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLineEdit, QListView

from annotator.gui.keys import REDO_KEYS, UNDO_KEYS, key_sequences

_KEY_EVENTS = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)


class SearchKeys(QObject):
    def __init__(self, box: QLineEdit, results: QListView, undo_stack: QUndoStack) -> None:
        super().__init__(box)
        self._box, self._results, self._stack = box, results, undo_stack
        self._undo = key_sequences(UNDO_KEYS)
        self._redo = key_sequences(REDO_KEYS)
        box.installEventFilter(self)
        results.installEventFilter(self)

    def forget_typing(self) -> None:
        """The box's text is a query that ran: its typing is not undone any more."""
        if self._box.isUndoAvailable() or self._box.isRedoAvailable():
            position = self._box.cursorPosition()
            self._box.setText(self._box.text())  # clears the box's undo history
            self._box.setCursorPosition(position)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _KEY_EVENTS or not isinstance(event, QKeyEvent):
            return False
        if watched is self._box:
            return self._box_key(event)
        if watched is self._results:
            return self._results_key(event)
        return False

    def _box_key(self, event: QKeyEvent) -> bool:
        keys = QKeySequence(event.keyCombination())
        undo, redo = keys in self._undo, keys in self._redo
        if undo or redo:
            # The box takes these keys (not the window's Undo and Redo actions): either way
            # the answer is the same whether or not the window is active.
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self._undo_or_redo(undo)
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            model = self._results.model()
            if model.rowCount() == 0:
                return False
            self._results.setFocus(Qt.FocusReason.TabFocusReason)
            self._results.setCurrentIndex(model.index(0, 0))
            return True
        return False

    def _undo_or_redo(self, undo: bool) -> None:
        box = self._box
        if undo and box.isUndoAvailable():
            box.undo()
        elif not undo and box.isRedoAvailable():
            box.redo()
        else:
            self.forget_typing()  # the box's redo would come between the coding steps
            (self._stack.undo if undo else self._stack.redo)()

    def _results_key(self, event: QKeyEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Up
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self._results.currentIndex().row() <= 0
        ):
            self._box.setFocus(Qt.FocusReason.BacktabFocusReason)
            return True
        return False
