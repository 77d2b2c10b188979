"""Undo: one QUndoStack per project, one QUndoCommand wrapping service operations (the pattern
of Orange's owpaintdata.py, STYLE.md §3). Views never change data themselves; they push an
:class:`OpCommand` and redraw when the :class:`ProjectBus` says what changed."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.errors import AnnotatorError
from annotator.services.changes import ChangeSet
from annotator.services.operations import Operation
from annotator.services.project import ProjectService

log = logging.getLogger(__name__)


class ProjectBus(QObject):
    """Announces every committed change: ``changed(ChangeSet, initiator)``."""

    changed = Signal(object, object)
    failed = Signal(str)
    replayed = Signal(object, object)
    """``replayed(ChangeSet)`` after ``changed`` when an undo or a redo from the stack (not
    the user's own action) changed the project: the window goes to what it changed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.refused_undo: str | None = None
        """The last undo the project refused, until :meth:`take_refused_undo` reads it."""

    def take_refused_undo(self) -> str | None:
        refused, self.refused_undo = self.refused_undo, None
        return refused


class OpCommand(QUndoCommand):
    """Applies an operation on redo and its inverse on undo, keeping the inverse of the
    inverse so that a redo restores the very same ids and timestamps."""

    def __init__(
        self,
        project: ProjectService,
        bus: ProjectBus,
        op: Operation,
        text: str,
        initiator: object | None = None,
    ) -> None:
        super().__init__(text)
        self._project, self._bus, self._op = project, bus, op
        self._initiator = initiator
        self._inverse: Operation | None = None
        self._applied_changes: ChangeSet | None = None
        self._done_once = False  # the first redo is the user's own action, seen as done
        self.error: str | None = None

    @classmethod
    def done_in_background(
        cls,
        project: ProjectService,
        bus: ProjectBus,
        op: Operation,
        applied: tuple[Operation, ChangeSet],
        text: str,
    ) -> OpCommand:
        """The command for ``op``, which the operation runner (gui/operation_runner.py) has
        already applied off the GUI thread: ``applied`` is its (inverse, changes). The first
        redo, on the push, announces the change; undo and redo then work as for any op."""
        command = cls(project, bus, op, text)
        command._inverse, command._applied_changes = applied
        return command

    def redo(self) -> None:
        replay, self._done_once = self._done_once, True
        if self._applied_changes is not None:
            changes, self._applied_changes = self._applied_changes, None
            self._bus.changed.emit(changes, self._initiator)
            return
        try:
            self._inverse, changes = self._project.apply(self._op)
        except AnnotatorError as error:
            # QUndoStack.push() calls redo(): an obsolete command is dropped from the stack.
            log.info("operation refused: %s", error)
            self.error = str(error)
            self.setObsolete(True)
            self._bus.failed.emit(str(error))
            return
        self._bus.changed.emit(changes, self._initiator)
        if replay:
            self._bus.replayed.emit(changes, _span_of(self._op))

    def undo(self) -> None:
        if self._inverse is None:
            return
        undone = self._op  # its place is shown: what it coded is gone after the undo
        try:
            self._op, changes = self._project.apply(self._inverse)
        except AnnotatorError as error:
            # The step stays done. Left on the stack, it would sit among the undone steps and
            # a redo would apply it a second time: QUndoStack drops a command made obsolete.
            log.warning("undo refused: %s", error)
            self.setObsolete(True)
            message = (
                f"“{self.text()}” cannot be undone: {error}. It stays done and leaves the "
                "undo history."
            )
            self._bus.refused_undo = message
            self._bus.failed.emit(message)
            return
        self._bus.changed.emit(changes, self._initiator)
        self._bus.replayed.emit(changes, _span_of(undone))


def push(
    stack: QUndoStack,
    project: ProjectService,
    bus: ProjectBus,
    op: Operation,
    text: str | None = None,
    initiator: object | None = None,
) -> bool:
    """Apply ``op`` through the undo stack; return whether it was applied."""
    command = OpCommand(project, bus, op, text or op.label.capitalize(), initiator)
    stack.push(command)
    return command.error is None


def _span_of(op: Operation | None) -> tuple[int, int] | None:
    """Where in its document an operation (or the first step of a batch) codes, if it does:
    an undone mention leaves nothing to select, but the window still goes to its place."""
    for step in (*getattr(op, "steps", ()), op):
        start, end = getattr(step, "start", None), getattr(step, "end", None)
        if isinstance(start, int) and isinstance(end, int):
            return start, end
    return None
