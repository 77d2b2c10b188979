"""Long work off the GUI thread, with a progress dialog and Cancel (STYLE.md §6).

Core and service functions take ``progress(done, total)`` and ``cancelled()`` callbacks;
:func:`run_task` runs one in a worker thread, adapts the callbacks to signals and a
QProgressDialog, and hands the result (or the error message) back on the GUI thread.
Writers share one thread at a time: a second task waits for the first to finish.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self.cancel_requested = threading.Event()

    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit, self.cancel_requested.is_set)
        except AnnotatorError as error:
            self.failed.emit(str(error))
        except Exception as error:  # report, never lose the GUI to a worker's crash
            log.exception("background task failed")
            self.failed.emit(f"{type(error).__name__}: {error}")
        else:
            self.finished.emit(result)
        finally:
            # End the thread now, not when the GUI thread gets to it: a window closing
            # mid-task waits for this thread while the GUI thread is blocked.
            thread = QThread.currentThread()
            if thread is not None:
                thread.quit()


class Task(QObject):
    """A running task; ``done(result)`` or ``failed(message)`` is emitted on the GUI thread."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget, title: str, work: Work, *, quiet: bool = False) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        # Quiet work (housekeeping, searches) has no dialog; other quick work shows none
        # either, as the dialog only appears after its minimum duration.
        self.dialog: QProgressDialog | None = None
        if not quiet:
            self.dialog = QProgressDialog(title, parent.tr("Cancel"), 0, 0, parent)
            self.dialog.setObjectName("taskProgress")
            self.dialog.setWindowTitle(title)
            self.dialog.setMinimumDuration(300)
            self.dialog.canceled.connect(self._worker.cancel_requested.set)
        self._worker.progressed.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._thread.started.connect(self._worker.run)

    def start(self) -> Task:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._worker.cancel_requested.set()

    def cancel_and_wait(self) -> None:
        """Ask the work to stop and wait until its thread has ended."""
        self.cancel()
        self._thread.wait()

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _end(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.close()

    def _on_finished(self, result: object) -> None:
        self._end()
        self.done.emit(result)

    def _on_failed(self, message: str) -> None:
        self._end()
        self.failed.emit(message)


def run_task(parent: QWidget, title: str, work: Work, *, quiet: bool = False) -> Task:
    """Start ``work`` in the background with a progress dialog (none when ``quiet``);
    connect to the result."""
    return Task(parent, title, work, quiet=quiet).start()
