"""Type-ahead pickers: a filter box over a list, by keyboard (DESIGN.md §7).

Typing filters the list by a forgiving match (every typed letter in order, words first);
Up/Down move; Enter picks; Esc cancels. When ``allow_create`` is set and nothing matches
exactly (by name, alias or letter), a row offers to create what was typed.

A picker over a tree (the claims) keeps its rows in tree order while filtering, each match
under its parents, and highlights the best match; a flat picker ranks its rows by match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class Choice:
    id: str | None
    label: str
    keys: tuple[str, ...] = ()
    """Other names it is found by (aliases)."""
    shortcut: str = ""
    """A letter that picks it when typed alone (a claim's letter, shown as [a])."""
    parent: str | None = None
    """The id of its parent choice, in a tree (a choice comes after its parent)."""
    tip: str = ""
    """Shown over it: an actor's or claim's description (the coding instructions)."""


class _ChoiceModel(QStringListModel):
    """The visible choices' labels, and their tips as tooltips."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.tips: list[str] = []

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            row = index.row()
            return (self.tips[row] or None) if 0 <= row < len(self.tips) else None
        return super().data(index, role)


def match_score(typed: str, choice: Choice) -> int | None:
    """Higher is better; None when ``typed`` does not match the choice at all."""
    typed = typed.casefold().strip()
    if not typed:
        return 0
    if choice.shortcut and typed == choice.shortcut.casefold():
        return 1100  # its letter, typed alone: before any name that starts with it
    best: int | None = None
    for rank, name in enumerate((choice.label, *choice.keys)):
        key = name.casefold()
        if key == typed:
            score = 1000
        elif key.startswith(typed):
            score = 800
        elif any(word.startswith(typed) for word in key.split()):
            score = 600
        elif typed in key:
            score = 400
        else:
            position, score = 0, 200
            for char in typed:  # subsequence: "kju" finds "Kim Jong Un"
                position = key.find(char, position) + 1
                if position == 0:
                    score = -1
                    break
            if score < 0:
                continue
        score -= rank  # the name itself before its aliases
        best = score if best is None else max(best, score)
    return best


_HOLDS = 300
"""Below substring matches (400 less the alias rank), above subsequences (200 less it)."""


class PickerDialog(QDialog):
    """Pick one of ``choices`` (or create a new one) by typing."""

    def __init__(
        self,
        title: str,
        choices: list[Choice],
        *,
        allow_create: bool = False,
        preselect: str | None = None,
        hint: str = "",
        initial_text: str = "",
        tree: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``initial_text`` (the selected text, when coding a mention) is put in the filter,
        selected, so that choices rank by it and typing replaces it; when no name or alias
        holds it (a loose subsequence is no match here), creating it comes first. ``tree``:
        the choices are a tree in tree order (see :attr:`Choice.parent`), kept so."""
        super().__init__(parent)
        self.setObjectName("picker")
        self.setWindowTitle(title)
        self._choices = choices
        self._allow_create = allow_create
        self._tree = tree
        self._visible: list[Choice] = []
        self.chosen: Choice | None = None
        self.create_text: str | None = None
        self._proposed = " ".join(initial_text.split())

        self.filter = QLineEdit()
        self.filter.setObjectName("pickerFilter")
        self.filter.setPlaceholderText(self.tr("Type to filter"))
        self.list = QListView()
        self.list.setObjectName("pickerList")
        self._model = _ChoiceModel(self)
        self.list.setModel(self._model)
        self.list.doubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if hint:
            layout.addWidget(QLabel(hint))
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._refilter)
        self.filter.installEventFilter(self)
        self._refilter("")
        if self._proposed:
            self.filter.setText(self._proposed)
            self.filter.selectAll()
        if preselect is not None:
            for row, choice in enumerate(self._visible):
                if choice.id == preselect:
                    self.list.setCurrentIndex(self._model.index(row))
        self.resize(420, 360)

    def _refilter(self, typed: str) -> None:
        scored = [(match_score(typed, c), i, c) for i, c in enumerate(self._choices)]
        ranked = sorted(
            ((s, i, c) for s, i, c in scored if s is not None), key=lambda t: (-t[0], t[1])
        )
        current = 0
        if not typed.strip():
            self._visible = list(self._choices)
        elif self._tree:
            self._visible = _with_parents(self._choices, {i for _s, i, _c in ranked})
            current = self._visible.index(ranked[0][2]) if ranked else 0
        else:
            self._visible = [c for _s, _i, c in ranked]
        wanted = typed.casefold().strip()
        exact = any(
            wanted == name.casefold()
            for c in self._choices
            for name in (c.label, *c.keys, *((c.shortcut,) if c.shortcut else ()))
        )
        if self._allow_create and wanted and not exact:
            # Enter takes the best match; "Create" comes first only when nothing matches, or,
            # for the selected text, when nothing holds it (a subsequence is too loose there:
            # Enter would code another actor).
            create = Choice(None, self.tr("Create “{0}”").format(typed.strip()))
            best = ranked[0][0] if ranked else None
            if typed == self._proposed and (best is None or best < _HOLDS):
                self._visible.insert(0, create)
                current = 0
            else:
                self._visible.append(create)
        self._model.tips = [c.tip for c in self._visible]
        self._model.setStringList([c.label for c in self._visible])
        if self._visible:
            self.list.setCurrentIndex(self._model.index(current))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(len(self._visible) - 1, self.list.currentIndex().row() + step))
                self.list.setCurrentIndex(self._model.index(row))
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        row = self.list.currentIndex().row()
        if not 0 <= row < len(self._visible):
            return
        choice = self._visible[row]
        if choice.id is None and self._allow_create:
            self.create_text = self.filter.text().strip()
        self.chosen = choice
        super().accept()


def _with_parents(choices: list[Choice], matched: set[int]) -> list[Choice]:
    """The ``matched`` choices of a tree and the parents of each, in tree order."""
    index = {c.id: i for i, c in enumerate(choices) if c.id is not None}
    kept = set(matched)
    for i in matched:
        parent = choices[i].parent
        while parent is not None and parent in index and index[parent] not in kept:
            kept.add(index[parent])
            parent = choices[index[parent]].parent
    return [c for i, c in enumerate(choices) if i in kept]


class StanceDialog(QDialog):
    """Pick a stance with its digit (1 = the first value of the scale), or Enter for the
    highlighted one."""

    def __init__(
        self, scale: tuple[str, ...], parent: QWidget | None = None, *, step: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stancePicker")
        self.setWindowTitle(self.tr("Stance"))
        self.scale = scale
        self.chosen: str | None = None
        self.list = QListView()
        self._model = QStringListModel([f"{i}  {v}" for i, v in enumerate(scale, start=1)], self)
        self.list.setModel(self._model)
        self.list.setCurrentIndex(self._model.index(0))
        self.list.doubleClicked.connect(self.accept)
        # The list has the focus and would take a digit as type-ahead (moving the
        # highlight only): the dialog looks at keys before the list does.
        self.list.installEventFilter(self)
        # For the mouse: click a stance, then OK (or double-click it).
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if step:
            layout.addWidget(QLabel(step))
        layout.addWidget(
            QLabel(self.tr("Press a digit, or Enter (or OK) for the highlighted stance"))
        )
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.list.setFocus()  # the digits and Enter go to it, not to a button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._picked_by(event):
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._picked_by(event):
            super().keyPressEvent(event)

    def _picked_by(self, event: QKeyEvent) -> bool:
        """A digit picks its stance and Enter the highlighted one (and closes the dialog)."""
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= len(self.scale):
            self.list.setCurrentIndex(self._model.index(int(text) - 1))
            self.accept()
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return True
        return False

    def accept(self) -> None:
        row = self.list.currentIndex().row()
        self.chosen = self.scale[row] if 0 <= row < len(self.scale) else None
        super().accept()
