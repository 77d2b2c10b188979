"""The open project as the window sees it: one object that views subscribe to.

It owns the project service, the search service, the coder, the shown document, the undo stack
and the change bus. Views read from it and listen to its signals (and to ``bus.changed``);
nothing pushes state into a view.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.errors import AnnotatorError
from annotator.gui.tasks import Task
from annotator.gui.undo import ProjectBus, push
from annotator.services.changes import ChangeSet
from annotator.services.operations import Operation
from annotator.services.project import ProjectService
from annotator.services.search import SearchService

log = logging.getLogger(__name__)


class ProjectSession(QObject):
    """``opened`` after a project is in place; ``closing`` before it goes (stop your work);
    ``closed`` after; ``document_shown(id or None)`` when another document is shown."""

    opened = Signal()
    closing = Signal()
    closed = Signal()
    document_shown = Signal(object)

    def __init__(self, coder_name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.coder_name = coder_name
        """Who codes (None: the OS user); the coder of every project opened."""
        self.undo_stack = QUndoStack(self)
        self.bus = ProjectBus(self)
        self.project: ProjectService | None = None
        self.search: SearchService | None = None
        self.coder_id: str | None = None
        self.document_id: str | None = None
        self._tasks: list[Task] = []
        self.choose_coder: Callable[[ProjectService], str | None] = lambda _project: None
        """The coder's name for a project opened without one given (None: the OS user's);
        the window asks it in a coding package (gui/team_actions.py)."""

    @property
    def read_only_reason(self) -> str | None:
        return self.project.read_only_reason if self.project is not None else None

    @property
    def writable(self) -> bool:
        return self.project is not None and not self.project.read_only_reason

    def start(self, project: ProjectService) -> None:
        """Make ``project`` the open project (closing the one open before)."""
        self.close()
        self.project = project
        self.search = SearchService(project)
        self.coder_id = (
            None
            if project.read_only_reason
            else project.ensure_coder(self.coder_name or self.choose_coder(project)).id
        )
        self.opened.emit()

    def set_coder_name(self, name: str | None) -> bool:
        """Code as ``name`` (None: the OS user) from now on, in the open project too (made
        there as at open when new); False, with the message on the bus, when it failed."""
        self.coder_name = name
        project = self.project
        if project is None or project.read_only_reason:
            return True
        try:
            coder = project.ensure_coder(name)
        except AnnotatorError as error:
            self.bus.failed.emit(str(error))
            return False
        self.coder_id = coder.id
        self.bus.changed.emit(ChangeSet(coders=frozenset({coder.id})), self)
        return True

    def adopt(self, task: Task) -> Task:
        """Background work on this project: stopped (and waited for) before it closes."""
        self._tasks = [t for t in self._tasks if t.running]
        self._tasks.append(task)
        return task

    def close(self) -> None:
        if self.project is None:
            return
        self.closing.emit()
        for task in self._tasks:
            if task.running:
                task.cancel_and_wait()  # a backup is not cancellable: this waits for it
        self._tasks.clear()
        self.undo_stack.clear()
        self.show_document(None)
        if self.search is not None:
            self.search.close()
            self.search = None
        self.project.close()
        self.project = None
        self.coder_id = None
        self.closed.emit()

    def show_document(self, document_id: str | None, *, again: bool = False) -> None:
        """Show ``document_id`` (``again``: redraw it even when it is already shown)."""
        if again or document_id != self.document_id:
            self.document_id = document_id
            self.document_shown.emit(document_id)

    def push(self, op: Operation, text: str, initiator: object | None = None) -> bool:
        """Apply ``op`` as one undoable step; False when there is no project or it failed."""
        if self.project is None:
            return False
        return push(self.undo_stack, self.project, self.bus, op, text, initiator)
