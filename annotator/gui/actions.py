"""The action registry: every command of the window is one :class:`ActionSpec` (id, text,
keys, handler, when it is enabled), and menus, the toolbar and Help → Keyboard Shortcuts are
all built from the same table (Picard's ``ui/mainwindow/actions.py``, STYLE.md §9), so they
cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from annotator.gui.keys import Key, key_sequences, readable
from annotator.gui.shell import Shell

MENUS = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("code", "&Code"),
    ("document", "&Document"),
    ("go", "&Go"),
    ("view", "&View"),
    ("analysis", "&Analysis"),
    ("help", "&Help"),
)
"""Menu ids and titles, in menu-bar order; ``"code/adjust"`` style ids are submenus."""
SUBMENUS = {"code/adjust": "Adjust &Boundaries", "document/status": "Set &Status"}


class Needs(Enum):
    """When an action is enabled."""

    NOTHING = "nothing"
    PROJECT = "project"
    WRITABLE = "writable"
    """A project open for writing."""
    DOCUMENT = "document"
    """A project open for writing with a document shown."""


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    menu: str
    text: str
    run: Callable[[Shell], object] | None = None
    keys: tuple[Key, ...] = ()
    help: str = ""
    """What Help → Keyboard Shortcuts says (the menu text when empty)."""
    needs: Needs = Needs.NOTHING
    toolbar: bool = False
    separator: bool = False
    """A separator line before it in its menu."""
    make: Callable[[Shell], QAction] | None = None
    """Builds the action itself (undo and redo come from the undo stack)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


class ActionSet:
    """The built actions: ``actions[id]``, with their enabled state kept up to date."""

    def __init__(self, shell: Shell, specs: Sequence[ActionSpec]) -> None:
        self.shell = shell
        self.specs = list(specs)
        self.actions: dict[str, QAction] = {}
        self._named = [  # keys the table spells out, which a platform's standard key yields
            (spec.id, QKeySequence(key))
            for spec in self.specs
            for key in spec.keys
            if isinstance(key, str)
        ]
        window = shell.window
        menus = _build_menus(window)
        self.toolbar = QToolBar(_tr("Coding"), window)
        self.toolbar.setObjectName("codingToolbar")
        window.addToolBar(self.toolbar)
        for spec in self.specs:
            action = self._create(spec)
            self.actions[spec.id] = action
            if spec.menu not in menus:  # a submenu, placed where its first action is
                parent, _, _ = spec.menu.partition("/")
                menus[spec.menu] = menus[parent].addMenu(_tr(SUBMENUS[spec.menu]))
            if spec.separator:
                menus[spec.menu].addSeparator()
            menus[spec.menu].addAction(action)
            if spec.toolbar:
                self.toolbar.addAction(action)
            # Its keys work wherever the focus is in the window: the coding letters A and S
            # too, in the article or any dock, but a text input that has the focus takes a
            # letter as typing (QLineEdit overrides shortcuts for the keys it types).
            window.addAction(action)
        for menu in menus.values():  # an empty menu (Analysis before its first entry) hides
            menu.menuAction().setVisible(not menu.isEmpty())
        session = shell.session
        for signal in (session.opened, session.closed, session.document_shown):
            signal.connect(self.update_enabled)
        self.update_enabled()

    def _create(self, spec: ActionSpec) -> QAction:
        window = self.shell.window
        if spec.make is not None:
            action = spec.make(self.shell)
        else:
            action = QAction(_tr(spec.text), window)
            run = spec.run
            assert run is not None, spec.id
            shell = self.shell
            # triggered(bool) hands its "checked" flag to a slot's first parameter (it once
            # reached a path parameter): handlers get the shell and nothing else.
            action.triggered.connect(lambda _checked=False: run(shell))
        action.setObjectName(spec.id)
        if spec.keys:
            named = [key for owner, key in self._named if owner != spec.id]
            action.setShortcuts(key_sequences(spec.keys, named))
        return action

    def update_enabled(self, *_args: object) -> None:
        session = self.shell.session
        reason = session.read_only_reason
        for spec in self.specs:
            if spec.make is not None:
                continue  # undo/redo/dock toggles manage themselves
            action = self.actions[spec.id]
            if spec.needs is Needs.NOTHING:
                enabled = True
            elif spec.needs is Needs.PROJECT:
                enabled = session.project is not None
            elif spec.needs is Needs.WRITABLE:
                enabled = session.writable
            else:
                enabled = session.writable and session.document_id is not None
            action.setEnabled(enabled)
            # Say why a coding action does nothing on a read-only project.
            why = reason if reason and spec.needs in (Needs.WRITABLE, Needs.DOCUMENT) else ""
            action.setToolTip(why or _tr(spec.text).replace("&", "").rstrip("…"))

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every action with keys, in menu order: every readable
        binding, as this platform writes it."""
        rows = []
        for spec in self.specs:
            action = self.actions[spec.id]
            keys = [
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if readable(k)
            ]
            if keys:
                what = _tr(spec.help) if spec.help else action.text().replace("&", "")
                rows.append((" / ".join(keys), what))
        return rows


def _build_menus(window: QMainWindow) -> dict[str, QMenu]:
    menus: dict[str, QMenu] = {}
    for menu_id, title in MENUS:
        menus[menu_id] = window.menuBar().addMenu(_tr(title))
    return menus
