"""Long operations (an import, a dataset load) off the GUI thread: read in the background
with progress and Cancel, apply the one operation that results, then push it on the undo
stack as one step (DESIGN.md §2: one write path, one background runner)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

from annotator.gui.session import ProjectSession
from annotator.gui.tasks import Task, run_task
from annotator.gui.undo import OpCommand
from annotator.services.changes import ChangeSet
from annotator.services.operations import Operation

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Plan = Callable[[Progress, Cancelled], tuple[Operation | None, Any]]
"""Reads what the operation needs (only reads): the operation, or None when there is
nothing to do, and what to show the user afterwards."""


@dataclass(frozen=True)
class _Outcome:
    op: Operation | None
    applied: tuple[Operation, ChangeSet] | None
    result: Any


def run_operation(
    session: ProjectSession,
    parent: QWidget,
    title: str,
    plan: Plan,
    *,
    undo_text: Callable[[Any], str],
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
) -> Task:
    """Run ``plan`` and apply its operation in the background; on the GUI thread, push the
    applied operation as one undo step named ``undo_text(result)``, then call
    ``on_done(result)``. A refusal or a failure to store goes to ``on_failed``; nothing of
    the operation is then in the project (it is one transaction)."""
    project = session.project
    if project is None:
        raise RuntimeError("no project is open")

    def work(progress: Progress, cancelled: Cancelled) -> _Outcome:
        op, result = plan(progress, cancelled)
        applied = project.apply(op) if op is not None else None
        return _Outcome(op, applied, result)

    def done(outcome: _Outcome) -> None:
        # A project closed meanwhile has its undo stack cleared: nothing to push onto.
        if outcome.op is not None and outcome.applied is not None and session.project is project:
            command = OpCommand.done_in_background(
                project, session.bus, outcome.op, outcome.applied, undo_text(outcome.result)
            )
            session.undo_stack.push(command)
        on_done(outcome.result)

    task = session.adopt(run_task(parent, title, work))
    task.done.connect(done)
    task.failed.connect(on_failed)
    return task
