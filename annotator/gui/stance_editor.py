"""The project's stance scale in Edit → Preferences: add, rename, remove and reorder its
values; each value's digit (1 = the first) is the key that picks it in the stance step.

The editor remembers what every row was called when the dialog opened, so a renamed value is
sent as a rename (its statements are recoded in the same undo step), not as a value dropped
and another added.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

OriginalRole = Qt.ItemDataRole.UserRole + 40
"""The value a row had when the editor was filled ('' for a row added since)."""
DIGIT_KEYS = 9
"""The stance step picks values with the digits 1-9; a tenth value has no key."""


class _KeyDelegate(QStyledItemDelegate):
    """Shows each value after its digit ("1   support"); the editor gets the value alone."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        key = str(index.row() + 1) if index.row() < DIGIT_KEYS else "–"
        option.text = f"{key}    {option.text}"


class StanceScaleEditor(QWidget):
    """``changed`` whenever the scale or a name in it changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._originals: tuple[str, ...] = ()
        self.list = QListWidget()
        self.list.setObjectName("stanceScaleList")
        self.list.setItemDelegate(_KeyDelegate(self.list))
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed  # F2
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr("A&dd"))
        self.rename_button = QPushButton(self.tr("Re&name"))
        self.remove_button = QPushButton(self.tr("Re&move"))
        self.up_button = QPushButton(self.tr("Move &Up"))
        self.down_button = QPushButton(self.tr("Move Do&wn"))
        self.add_button.setToolTip(self.tr("Add a value at the end (Insert)"))
        self.rename_button.setToolTip(
            self.tr(
                "Rename the value (F2); statements that carry it take the new name in the "
                "same undo step"
            )
        )
        self.remove_button.setToolTip(
            self.tr("Remove the value (Delete); refused while statements use it")
        )
        self.up_button.setToolTip(self.tr("Move it up: it takes the digit before (Alt+Up)"))
        self.down_button.setToolTip(self.tr("Move it down (Alt+Down)"))
        self.add_button.clicked.connect(self.add_value)
        self.rename_button.clicked.connect(self.rename_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        # The list's own keys (seen before the list takes them as type-ahead or moves).
        self.list.installEventFilter(self)
        self.keys_label = QLabel(
            self.tr(
                "The digit before a value is its key in the stance step. Insert adds a "
                "value, F2 renames it, Delete removes it, Alt+Up and Alt+Down move it."
            )
        )
        self.keys_label.setWordWrap(True)
        buttons = QVBoxLayout()
        for button in self.buttons():
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.keys_label)
        self._update_buttons()

    def buttons(self) -> list[QPushButton]:
        return [
            self.add_button,
            self.rename_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ]

    # --- the values ----------------------------------------------------------------------

    def set_scale(self, scale: tuple[str, ...]) -> None:
        """Show ``scale`` and take it as the values to compare edits with."""
        blocker = self.list.blockSignals(True)
        self.list.clear()
        self._originals = tuple(scale)
        for value in scale:
            self._append(value, value)
        self.list.blockSignals(blocker)
        self.list.setCurrentRow(0)
        self._relabel()

    def scale(self) -> tuple[str, ...]:
        return tuple(self._name(self.list.item(row)) for row in range(self.list.count()))

    def renames(self) -> tuple[tuple[str, str], ...]:
        """(old, new) for every value of the shown scale that has a new name."""
        pairs = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            original = str(item.data(OriginalRole) or "")
            if original and original != self._name(item):
                pairs.append((original, self._name(item)))
        return tuple(pairs)

    def originals(self) -> tuple[str, ...]:
        """The values the editor was filled with, in their order then."""
        return self._originals

    def is_modified(self) -> bool:
        return self.scale() != self._originals or bool(self.renames())

    # --- editing -------------------------------------------------------------------------

    def add_value(self) -> None:
        taken = set(self.scale())
        number = 1
        while (name := self.tr("new value {0}").format(number)) in taken:
            number += 1
        item = self._append(name, "")
        self.list.setCurrentItem(item)
        self.list.editItem(item)  # type the name at once
        self._relabel()
        self.changed.emit()

    def rename_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.setFocus()
            self.list.editItem(item)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row < 0 or self.list.count() <= 1:
            return  # a scale keeps at least one value
        self.list.takeItem(row)
        self._relabel()
        self.changed.emit()

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._relabel()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if self._own_key(event):
                event.accept()  # the list's key, not a shortcut of the window (Delete)
                return True
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if not self._own_key(event):
                return super().eventFilter(watched, event)
            if key == Qt.Key.Key_Insert:
                self.add_value()
            elif key == Qt.Key.Key_Delete:
                self.remove_current()
            else:
                self.move_current(-1 if key == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _own_key(event: QKeyEvent) -> bool:
        """Insert, Delete, Alt+Up and Alt+Down: add, remove and move values."""
        key, modifiers = event.key(), event.modifiers()
        if modifiers == Qt.KeyboardModifier.NoModifier:
            return key in (Qt.Key.Key_Insert, Qt.Key.Key_Delete)
        return modifiers == Qt.KeyboardModifier.AltModifier and key in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        )

    # --- inside --------------------------------------------------------------------------

    def _append(self, name: str, original: str) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setData(OriginalRole, original)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)
        return item

    @staticmethod
    def _name(item: QListWidgetItem) -> str:
        return " ".join(item.text().split())

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self._relabel()
        self.changed.emit()

    def _relabel(self) -> None:
        """Each row's key in its tooltip (the digits before the rows follow their place)."""
        blocker = self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            key = str(row + 1) if row < DIGIT_KEYS else ""
            item.setToolTip(
                self.tr("Key {0} in the stance step").format(key)
                if key
                else self.tr("No key: the digits 1-9 pick the first nine values")
            )
        self.list.blockSignals(blocker)
        self.list.viewport().update()
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        row = self.list.currentRow()
        count = self.list.count()
        self.rename_button.setEnabled(row >= 0)
        self.remove_button.setEnabled(row >= 0 and count > 1)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
