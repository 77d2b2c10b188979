"""What the window's commands do, where it takes more than a line of the action table
(gui/action_table.py): undo and redo from the stack, dock toggles, Ctrl+F, View → Statements,
acting on the selected annotation, document status."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from annotator.gui.actions import ActionSpec
from annotator.gui.dock_layout import show_beside
from annotator.gui.shell import Shell
from annotator.gui.statements_panel import StatementsPanel

STATEMENTS_HEIGHT = 0.45
"""Of the window's height: the Statements tab when View → Statements brings it forward."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


def make_undo(shell: Shell) -> QAction:
    stack = shell.session.undo_stack
    action = stack.createUndoAction(shell.window, _tr("&Undo"))

    # After the stack's own slot (connected first): the status bar says what was undone,
    # not still what the step itself said ("Recoded 5 annotations").
    def say_undone() -> None:
        refused = shell.session.bus.take_refused_undo()
        if refused is None:
            shell.window.statusBar().showMessage(
                _tr("Undone: {0}").format(stack.text(stack.index()))
            )
        else:
            shell.window.statusBar().showMessage(refused)

    action.triggered.connect(say_undone)
    return action


def make_redo(shell: Shell) -> QAction:
    stack = shell.session.undo_stack
    action = stack.createRedoAction(shell.window, _tr("&Redo"))
    action.triggered.connect(
        lambda: shell.window.statusBar().showMessage(
            _tr("Redone: {0}").format(stack.text(stack.index() - 1))
        )
    )
    return action


def dock_toggle(name: str) -> ActionSpec:
    def make(shell: Shell) -> QAction:
        return shell.docks[name].toggleViewAction()

    return ActionSpec(f"view.{name}", "view", "", make=make)


def find(shell: Shell) -> None:
    """Ctrl+F: show the Search dock (even when it was closed) and go to its query box."""
    shell.show_dock("searchDock")
    shell.search.input.setFocus()
    shell.search.input.selectAll()


def show_statements(shell: Shell) -> None:
    """Bring the Statements tab forward (even when it was closed), tall enough to work in,
    and go to its table."""
    dock, beside = shell.docks["statementsDock"], shell.docks["annotationDock"]
    show_beside(shell.window, dock, beside, STATEMENTS_HEIGHT)
    dock.widget().setFocus()


def on_current(shell: Shell, what: str) -> None:
    _take_statements_row(shell)
    annotation_id = shell.article.current_id()
    if annotation_id is None:
        shell.report(_tr("Select an annotation in the Annotations or Statements table first"))
    elif what == "recode":
        shell.coding.recode(annotation_id)
    elif what == "note":
        shell.coding.edit_note(annotation_id)
    else:
        shell.coding.delete(annotation_id)


def _take_statements_row(shell: Shell) -> None:
    """With the focus in the Statements table, the annotation keys (Delete, Ctrl+R, Ctrl+E,
    Shift+Alt+arrows) are for its current row: it is opened in the article first, as Enter
    does (they acted on the Annotations table's selection, another annotation)."""
    dock = shell.docks.get("statementsDock")
    panel = dock.widget() if dock is not None else None
    if isinstance(panel, StatementsPanel) and panel.table.hasFocus():
        current = panel.table.currentIndex()
        if current.isValid():
            panel.open_row(current.row())


def adjust(edge: str, step: int) -> Callable[[Shell], None]:
    def run(shell: Shell) -> None:
        _take_statements_row(shell)
        annotation_id = shell.article.current_id()
        if annotation_id is not None:
            shell.coding.adjust(annotation_id, edge, step)
            shell.article.select(annotation_id)

    return run


def set_status(status: str) -> Callable[[Shell], None]:
    return lambda shell: shell.documents.commands.set_status(status)
